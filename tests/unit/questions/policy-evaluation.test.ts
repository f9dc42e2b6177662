import { describe, expect, it } from 'vitest';
import { policyEvaluation } from '../../../src/questions/families/rl-classical/policy-evaluation.js';
import { instantiate } from '../../../src/questions/registry.js';
import { expectClose, expectMisconception, misconception, withinTol } from './group-b-expect.js';

// Sutton & Barto, Reinforcement Learning (2nd ed.), Example 4.1 / Figure 4.1: 4×4 grid, states numbered
// row by row with terminal corners 0 and 15, reward −1 per move, equiprobable random policy, γ = 1.
//   T  1  2  3
//   4  5  6  7
//   8  9 10 11
//  12 13 14  T
const V = (sweeps: number, state: number, gamma = 1): number =>
  policyEvaluation.solve({ sweeps, state, gamma }).answer as number;

describe('policy-evaluation on the 4×4 gridworld (synchronous sweeps)', () => {
  it('k = 1: −1 at every non-terminal state, 0 at the terminals', () => {
    for (let s = 1; s <= 14; s++) expectClose(V(1, s), -1, 1e-12);
    expectClose(V(1, 0), 0);
    expectClose(V(1, 15), 0);
  });

  it('k = 2: Figure 4.1 shows −1.7 next to a terminal (exactly −1.75) and −2.0 elsewhere', () => {
    // state 1: up stays (−1 −1), down → 5 (−1 −1), left → T (−1 + 0), right → 2 (−1 −1): ¼(−7) = −1.75
    for (const s of [1, 4, 11, 14]) expectClose(V(2, s), -1.75, 1e-12);
    for (const s of [2, 3, 5, 6, 7, 8, 9, 10, 12, 13]) expectClose(V(2, s), -2, 1e-12);
  });

  it('k = 3: Figure 4.1 shows −2.4, −2.9, −3.0 (exactly −2.4375, −2.9375 / −2.875, −3)', () => {
    // state 1: ¼[(−1 −1.75) + (−1 −2) + (−1 + 0) + (−1 −2)] = ¼(−9.75) = −2.4375
    expectClose(V(3, 1), -2.4375, 1e-12);
    // state 2: ¼[(−1 −2) + (−1 −2) + (−1 −1.75) + (−1 −2)] = ¼(−11.75) = −2.9375
    expectClose(V(3, 2), -2.9375, 1e-12);
    // state 3: all four successors have V_2 = −2: −3
    expectClose(V(3, 3), -3, 1e-12);
    // state 5: ¼[(−1 −1.75)·2 + (−1 −2)·2] = ¼(−11.5) = −2.875
    expectClose(V(3, 5), -2.875, 1e-12);
    expectClose(V(3, 6), -3, 1e-12);
    // the figure's one-decimal rounding (−2.4) is outside the tolerance of the exact value
    const sol = policyEvaluation.solve({ sweeps: 3, state: 1 });
    expect(withinTol(-2.4, sol.answer, sol.tolerance)).toBe(false);
    expect(withinTol(-2.44, sol.answer, sol.tolerance)).toBe(true);
  });

  it('converges to Figure 4.1 k = ∞: −14, −18, −20, −22', () => {
    const expected: Record<number, number> = { 1: -14, 2: -20, 3: -22, 4: -14, 5: -18, 6: -20, 7: -20, 8: -20, 9: -20, 10: -18, 11: -14, 12: -22, 13: -20, 14: -14 };
    for (const [s, v] of Object.entries(expected)) expectClose(V(1000, Number(s)), v, 1e-6);
  });

  it('with γ = 0.5 by hand', () => {
    // V_1 = −1; V_2(1) = ¼[3·(−1 + 0.5·(−1)) + (−1 + 0)] = ¼(−5.5) = −1.375
    expectClose(V(2, 1, 0.5), -1.375, 1e-12);
  });

  it('names the classic mistakes', () => {
    // k = 2, state 1: a max backup takes left → terminal: −1 + 0 = −1
    const sol = policyEvaluation.solve({ sweeps: 2, state: 1 });
    expectMisconception(sol, 'max-backup', -1, 1e-12);
    // averaging only over the 3 on-grid moves: (−2 −1 −2)/3 = −5/3
    expectMisconception(sol, 'walls-excluded', -5 / 3, 1e-12);
    // stopping one sweep early gives V_1 = −1 here too — the same value as the max backup, so only the
    // first (more likely) explanation is kept
    expect(misconception(sol, 'one-sweep-short')).toBeUndefined();
    // k = 3, state 3: V_2(3) = −2 instead of −3
    expectMisconception(policyEvaluation.solve({ sweeps: 3, state: 3 }), 'one-sweep-short', -2, 1e-12);
    // k = 2 state 2: max over neighbours all at −1 gives −2, the same as the answer: not offered
    expect(misconception(policyEvaluation.solve({ sweeps: 2, state: 2 }), 'max-backup')).toBeUndefined();
    // in place, k = 1, row by row: state 5 sees the new V(1) = V(4) = −1: ¼(−2 −1 −2 −1) = −1.5
    expectMisconception(policyEvaluation.solve({ sweeps: 1, state: 5 }), 'in-place', -1.5, 1e-12);
  });

  it('invariants: the grid is symmetric, values are in [−k, 0] and never rise with more sweeps', () => {
    for (let seed = 0; seed < 100; seed++) {
      const { params, answer } = instantiate('policy-evaluation', seed, 3);
      const k = params.sweeps as number;
      const s = params.state as number;
      const v = answer as number;
      expect(v).toBeLessThanOrEqual(0);
      expect(v).toBeGreaterThanOrEqual(-k);
      // point symmetry s ↔ 15 − s and the transpose (r, c) ↔ (c, r)
      expectClose(policyEvaluation.solve({ ...params, state: 15 - s }).answer, v, 1e-12);
      expectClose(policyEvaluation.solve({ ...params, state: (s % 4) * 4 + Math.floor(s / 4) }).answer, v, 1e-12);
      expect(policyEvaluation.solve({ ...params, sweeps: k + 1 }).answer as number).toBeLessThanOrEqual(v + 1e-12);
    }
  });

  it('uses γ = 1 and state 1 by default', () => {
    expectClose(policyEvaluation.solve({ sweeps: 2 }).answer, -1.75, 1e-12);
  });

  it('rejects invalid parameters', () => {
    expect(() => policyEvaluation.solve({ sweeps: 0 })).toThrow(/sweeps/);
    expect(() => policyEvaluation.solve({ sweeps: 1, state: 16 })).toThrow(/state/);
    expect(() => policyEvaluation.solve({ sweeps: 1, gamma: 2 })).toThrow(/gamma/);
  });
});
