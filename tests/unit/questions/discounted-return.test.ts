import { describe, expect, it } from 'vitest';
import { discountedReturn } from '../../../src/questions/families/rl-classical/discounted-return.js';
import { instantiate } from '../../../src/questions/registry.js';
import { expectClose, expectMisconception } from './group-b-expect.js';

describe('discounted-return G_0 = Σ γ^t r_{t+1}', () => {
  it('by hand', () => {
    // 1 + 0.9·2 + 0.81·3 = 1 + 1.8 + 2.43 = 5.23
    const sol = discountedReturn.solve({ rewards: [1, 2, 3], gamma: 0.9 });
    expectClose(sol.answer, 5.23, 1e-12);
    // undiscounted: 6
    expectMisconception(sol, 'no-discount', 6, 1e-12);
    // discounting the first reward too: 0.9 + 1.62 + 2.187 = 4.707
    expectMisconception(sol, 'discount-first-reward', 4.707, 1e-12);
    // discounting from the end: 3 + 0.9·2 + 0.81·1 = 5.61
    expectMisconception(sol, 'reversed-order', 5.61, 1e-12);
  });

  it('a single delayed reward is discounted by γ^(T−1)', () => {
    // rewards 0, 0, 0, 1 with γ = 0.5: 0.5³ = 0.125
    expectClose(discountedReturn.solve({ rewards: [0, 0, 0, 1], gamma: 0.5 }).answer, 0.125, 1e-15);
  });

  it('invariants: γ = 1 sums, γ = 0 keeps r_1, and |G_0| ≤ Σ|r|', () => {
    for (let seed = 0; seed < 200; seed++) {
      const { params, answer } = instantiate('discounted-return', seed, 3);
      const r = params.rewards as number[];
      expectClose(discountedReturn.solve({ rewards: r, gamma: 1 }).answer, r.reduce((a, b) => a + b, 0), 1e-9);
      expectClose(discountedReturn.solve({ rewards: r, gamma: 0 }).answer, r[0]!, 1e-12);
      expect(Math.abs(answer as number)).toBeLessThanOrEqual(r.reduce((a, b) => a + Math.abs(b), 0) + 1e-9);
    }
  });

  it('rejects γ outside [0, 1] and an empty episode', () => {
    expect(() => discountedReturn.solve({ rewards: [1], gamma: 1.1 })).toThrow(/gamma/);
    expect(() => discountedReturn.solve({ rewards: [], gamma: 0.9 })).toThrow(/rewards/);
  });
});
