import { describe, expect, it } from 'vitest';
import { levelFor } from '../../../src/questions/level.js';
import { instantiate } from '../../../src/questions/registry.js';
import type { Instance } from '../../../src/questions/types.js';

describe('levelFor (adaptive difficulty)', () => {
  it('rises one level per two repetitions from the card level, up to 3', () => {
    const at = (reps: number) => levelFor({ baseLevel: 1, reps, lapses: 0 }).level;
    expect([0, 1, 2, 3, 4, 5, 9].map(at)).toEqual([1, 1, 2, 2, 3, 3, 3]);
    expect(levelFor({ baseLevel: 2, reps: 2, lapses: 0 }).level).toBe(3);
    expect(levelFor({ baseLevel: 3, reps: 0, lapses: 0 }).level).toBe(3);
  });

  it('drops after a lapse (SM-2 resets repetitions): one below the card level, not below 1', () => {
    expect(levelFor({ baseLevel: 2, reps: 0, lapses: 1 }).level).toBe(1);
    expect(levelFor({ baseLevel: 1, reps: 0, lapses: 3 }).level).toBe(1);
    expect(levelFor({ baseLevel: 3, reps: 0, lapses: 1 }).level).toBe(2);
    // climbing again after the lapse
    expect(levelFor({ baseLevel: 2, reps: 2, lapses: 1 }).level).toBe(3);
  });

  it('asks to separate the last named misconception', () => {
    expect(levelFor({ baseLevel: 1, reps: 1, lapses: 0, lastMisconception: 'no-gamma' })).toEqual({ level: 1, separate: 'no-gamma' });
    expect(levelFor({ baseLevel: 1, reps: 1, lapses: 0, lastMisconception: null })).toEqual({ level: 1 });
  });
});

describe('instantiate(…, separate): the named misconception is clearly apart (≥ 5 tolerances)', () => {
  const gap = (inst: Instance, id: string): number => {
    const m = [...(inst.contrasts ?? []), ...inst.misconceptions].find((c) => c.id === id);
    if (!m || typeof m.value !== 'number' || typeof inst.answer !== 'number' || inst.tolerance.kind !== 'relative') return Infinity;
    const tol = Math.max(inst.tolerance.rel * Math.abs(inst.answer), inst.tolerance.abs);
    return Math.abs(m.value - inst.answer) / tol;
  };

  it('td0 no-gamma: γ = 0.99 or a tiny V(s′) is no longer drawn after that mistake', () => {
    let closeBefore = 0;
    for (let seed = 0; seed < 300; seed++) {
      if (gap(instantiate('td0', seed, 2), 'no-gamma') < 5) closeBefore++;
      expect(gap(instantiate('td0', seed, 2, 'no-gamma'), 'no-gamma')).toBeGreaterThanOrEqual(5);
    }
    expect(closeBefore).toBeGreaterThan(0); // without `separate` some instances are close (but not accepted)
  });

  it('a merged id (a+b) separates each named mistake; unknown ids change nothing', () => {
    expect(instantiate('td0', 7, 2, 'no-such-mistake').params).toEqual(instantiate('td0', 7, 2).params);
    expect(gap(instantiate('td0', 7, 2, 'no-alpha+no-gamma'), 'no-alpha')).toBeGreaterThanOrEqual(5);
  });
});
