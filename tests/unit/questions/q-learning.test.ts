import { describe, expect, it } from 'vitest';
import { qLearning } from '../../../src/questions/families/rl-classical/q-learning.js';
import { instantiate } from '../../../src/questions/registry.js';
import { expectClose, expectMisconception, misconception } from './group-b-expect.js';

describe('q-learning: Q ← Q + α[r + γ max Q(s′,·) − Q]', () => {
  it('by hand', () => {
    // max Q(s′,·) = 4; target = 1 + 0.9·4 = 4.6; TD error = 3.6; Q = 1 + 0.5·3.6 = 2.8
    const sol = qLearning.solve({ q: 1, reward: 1, gamma: 0.9, alpha: 0.5, next_q: [2, 4, 3] });
    expectClose(sol.answer, 2.8, 1e-12);
    // mean target: mean = 3 → 1 + 2.7 = 3.7 → Q = 1 + 0.5·2.7 = 2.35
    expectMisconception(sol, 'mean-target', 2.35, 1e-12);
    // the taken (non-greedy) action with value 2: target 2.8 → Q = 1 + 0.5·1.8 = 1.9
    expect(sol.misconceptions.filter((m) => m.id === 'non-greedy-action').map((m) => m.value)).toContainEqual(1.9);
    // no γ: target 5 → Q = 3
    expectMisconception(sol, 'no-gamma', 3, 1e-12);
    // the target itself, 4.6, and α·target without −Q: 1 + 2.3 = 3.3
    expectMisconception(sol, 'no-alpha', 4.6, 1e-12);
    expectMisconception(sol, 'no-minus-q', 3.3, 1e-12);
  });

  it('with α = 1 the update is the target', () => {
    const sol = qLearning.solve({ q: 5, reward: -1, gamma: 0.5, alpha: 1, next_q: [2, -4] });
    // −1 + 0.5·2 = 0
    expectClose(sol.answer, 0, 1e-12);
    expect(misconception(sol, 'no-alpha')).toBeUndefined();
  });

  it('invariants: the new Q lies between Q and the target; the tolerance is finer than the change', () => {
    for (const level of [1, 2, 3] as const) {
      for (let seed = 0; seed < 200; seed++) {
        const { params: p, answer, tolerance } = instantiate('q-learning', seed, level);
        const target = (p.reward as number) + (p.gamma as number) * Math.max(...(p.next_q as number[]));
        const q = p.q as number;
        const a = answer as number;
        expect(a).toBeGreaterThanOrEqual(Math.min(q, target) - 1e-12);
        expect(a).toBeLessThanOrEqual(Math.max(q, target) + 1e-12);
        expect(tolerance.kind === 'relative' && tolerance.abs < Math.abs(a - q)).toBe(true);
      }
    }
  });

  it('rejects invalid parameters', () => {
    expect(() => qLearning.solve({ q: 0, reward: 0, gamma: 0.9, alpha: 0, next_q: [1] })).toThrow(/alpha/);
    expect(() => qLearning.solve({ q: 0, reward: 0, gamma: 1.5, alpha: 0.1, next_q: [1] })).toThrow(/gamma/);
    expect(() => qLearning.solve({ q: 0, reward: 0, gamma: 0.9, alpha: 0.1 })).toThrow(/next_q/);
  });
});
