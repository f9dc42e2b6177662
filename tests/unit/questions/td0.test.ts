import { describe, expect, it } from 'vitest';
import { td0 } from '../../../src/questions/families/rl-classical/td0.js';
import { instantiate } from '../../../src/questions/registry.js';
import { expectClose, expectMisconception } from './group-b-expect.js';

describe('td0: V ← V + α[r + γV(s′) − V]', () => {
  it('by hand', () => {
    // TD error = 1 + 0.9·10 − 0 = 10; V = 0 + 0.1·10 = 1
    const sol = td0.solve({ v: 0, reward: 1, gamma: 0.9, alpha: 0.1, next_v: 10 });
    expectClose(sol.answer, 1, 1e-12);
    // no γ: error 11 → 1.1
    expectMisconception(sol, 'no-gamma', 1.1, 1e-12);
    // the target itself: 10
    expectMisconception(sol, 'no-alpha', 10, 1e-12);
    // s and s′ swapped: 10 + 0.1·(1 + 0 − 10) = 9.1
    expectMisconception(sol, 'swapped-states', 9.1, 1e-12);
  });

  it('a negative TD error lowers the value', () => {
    // error = −1 + 0.5·2 − 4 = −4; V = 4 + 0.25·(−4) = 3
    expectClose(td0.solve({ v: 4, reward: -1, gamma: 0.5, alpha: 0.25, next_v: 2 }).answer, 3, 1e-12);
  });

  it('invariant: the new V lies between V and the TD target', () => {
    for (let seed = 0; seed < 200; seed++) {
      const { params: p, answer } = instantiate('td0', seed, 3);
      const target = (p.reward as number) + (p.gamma as number) * (p.next_v as number);
      const v = p.v as number;
      expect(answer as number).toBeGreaterThanOrEqual(Math.min(v, target) - 1e-12);
      expect(answer as number).toBeLessThanOrEqual(Math.max(v, target) + 1e-12);
    }
  });

  it('rejects invalid parameters', () => {
    expect(() => td0.solve({ v: 0, reward: 0, gamma: 0.9, alpha: 2, next_v: 0 })).toThrow(/alpha/);
  });
});
