import { describe, expect, it } from 'vitest';
import { valueIteration } from '../../../src/questions/families/rl-classical/value-iteration.js';
import { instantiate } from '../../../src/questions/registry.js';
import { expectClose, expectMisconception } from './group-b-expect.js';

describe('value-iteration: one synchronous sweep on a corridor', () => {
  it('by hand, deterministic moves', () => {
    // R = (1, 0, 0), V_k = 0, γ = 0.9. Each backup is R(s') + 0.9·0 = R(s').
    // state 1: left stays in 1 → 1, right → 2 → 0: max 1
    // state 2: left → 1 → 1, right → 3 → 0: max 1
    // state 3: left → 2 → 0, right stays → 0: max 0
    const sol = valueIteration.solve({ rewards: [1, 0, 0], v: [0, 0, 0], gamma: 0.9 });
    expectClose(sol.answer, [1, 1, 0], 1e-12);
    // averaging the two actions: (0.5, 0.5, 0)
    expectMisconception(sol, 'mean-over-actions', [0.5, 0.5, 0], 1e-12);
    // in place, left to right: V(1) = 1, then state 2 left → 1 + 0.9·1 = 1.9,
    // then state 3 left → 0 + 0.9·1.9 = 1.71
    expectMisconception(sol, 'in-place', [1, 1.9, 1.71], 1e-12);
  });

  it('by hand, with discounting', () => {
    // R = (0, 0, 10), V_k = (2, 4, 1), γ = 0.5
    // state 1: left 0 + 0.5·2 = 1, right 0 + 0.5·4 = 2 → 2
    // state 2: left 0 + 0.5·2 = 1, right 10 + 0.5·1 = 10.5 → 10.5
    // state 3: left 0 + 0.5·4 = 2, right (stays) 10 + 0.5·1 = 10.5 → 10.5
    const sol = valueIteration.solve({ rewards: [0, 0, 10], v: [2, 4, 1], gamma: 0.5 });
    expectClose(sol.answer, [2, 10.5, 10.5], 1e-12);
    // without γ: (4, 11, 11)
    expectMisconception(sol, 'no-gamma', [4, 11, 11], 1e-12);
  });

  it('by hand, with slip', () => {
    // R = (0, 0, 10), V_k = 0, slip 0.2 (the agent stays with probability 0.2)
    // state 2 right: 0.8·10 + 0.2·0 = 8; state 3 right (into the wall) stays: 10; state 3 left: 0.8·0 + 0.2·10 = 2
    const sol = valueIteration.solve({ rewards: [0, 0, 10], v: [0, 0, 0], gamma: 0.9, slip: 0.2 });
    expectClose(sol.answer, [0, 8, 10], 1e-12);
    expectMisconception(sol, 'ignore-slip', [0, 10, 10], 1e-12);
  });

  it('invariants: with γ = 0 and no slip each state gets the best neighbouring reward; max ≥ mean', () => {
    for (let seed = 0; seed < 200; seed++) {
      const { params, answer } = instantiate('value-iteration', seed, 2);
      const R = params.rewards as number[];
      const n = R.length;
      const greedy = valueIteration.solve({ ...params, gamma: 0, slip: 0 }).answer as number[];
      greedy.forEach((x, s) => expectClose(x, Math.max(R[Math.max(0, s - 1)]!, R[Math.min(n - 1, s + 1)]!), 1e-12));
      // monotone in V_k: raising every V_k(s) by 1 raises V_{k+1} by exactly γ
      const raised = valueIteration.solve({ ...params, v: (params.v as number[]).map((x) => x + 1) }).answer as number[];
      raised.forEach((x, s) => expectClose(x, (answer as number[])[s]! + (params.gamma as number), 1e-9));
    }
  });

  it('rejects invalid corridors', () => {
    expect(() => valueIteration.solve({ rewards: [1], v: [0] })).toThrow(/2 to 10/);
    expect(() => valueIteration.solve({ rewards: [1, 2], v: [0] })).toThrow(/one value per state/);
    expect(() => valueIteration.solve({ rewards: [1, 2], v: [0, 0], slip: 1 })).toThrow(/slip/);
  });
});
