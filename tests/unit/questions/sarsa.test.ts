import { describe, expect, it } from 'vitest';
import { qLearning } from '../../../src/questions/families/rl-classical/q-learning.js';
import { sarsa } from '../../../src/questions/families/rl-classical/sarsa.js';
import { instantiate } from '../../../src/questions/registry.js';
import { expectClose, expectMisconception, misconception } from './group-b-expect.js';

describe('sarsa: Q ← Q + α[r + γ Q(s′,a′) − Q] with a′ the action taken', () => {
  it('by hand', () => {
    // target = 1 + 0.9·2 = 2.8; TD error = 1.8; Q = 1 + 0.5·1.8 = 1.9
    const sol = sarsa.solve({ q: 1, reward: 1, gamma: 0.9, alpha: 0.5, next_q: 2, other_q: [4] });
    expectClose(sol.answer, 1.9, 1e-12);
    // the max (4) is the Q-learning target: 1 + 3.6 = 4.6 → Q = 2.8
    expectMisconception(sol, 'max-target', 2.8, 1e-12);
    // averaging the two actions: 3 → 1 + 2.7 = 3.7 → Q = 2.35
    expectMisconception(sol, 'mean-target', 2.35, 1e-12);
    // no γ: target 3 → Q = 2
    expectMisconception(sol, 'no-gamma', 2, 1e-12);
  });

  it('the SARSA mistake "max" equals the Q-learning answer on the same transition', () => {
    const sol = sarsa.solve({ q: 1, reward: 1, gamma: 0.9, alpha: 0.5, next_q: 2, other_q: [4] });
    const ql = qLearning.solve({ q: 1, reward: 1, gamma: 0.9, alpha: 0.5, next_q: [2, 4] });
    expectClose(misconception(sol, 'max-target')!.value, ql.answer as number, 1e-12);
  });

  it('other_q is optional; without distractors the max mistake cannot be told apart', () => {
    const sol = sarsa.solve({ q: 1, reward: 1, gamma: 0.9, alpha: 0.5, next_q: 2 });
    expectClose(sol.answer, 1.9, 1e-12);
    expect(misconception(sol, 'max-target')).toBeUndefined();
    expectClose(sarsa.solve({ q: 1, reward: 1, gamma: 0.9, alpha: 0.5, next_q: 2, other_q: [] }).answer, 1.9, 1e-12);
  });

  it('generated transitions explore (a non-greedy a′), so SARSA and Q-learning disagree', () => {
    for (let seed = 0; seed < 200; seed++) {
      const { params: p, answer, misconceptions } = instantiate('sarsa', seed, 2);
      expect(Math.max(...(p.other_q as number[]))).toBeGreaterThan(p.next_q as number);
      expect(misconceptions.some((m) => m.id === 'max-target' || (m.also ?? []).includes('max-target'))).toBe(true);
      const target = (p.reward as number) + (p.gamma as number) * (p.next_q as number);
      const q = p.q as number;
      expect(answer as number).toBeGreaterThanOrEqual(Math.min(q, target) - 1e-12);
      expect(answer as number).toBeLessThanOrEqual(Math.max(q, target) + 1e-12);
    }
  });

  it('rejects a list for next_q', () => {
    expect(() => sarsa.solve({ q: 0, reward: 0, gamma: 0.9, alpha: 0.1, next_q: [1, 2] })).toThrow(/next_q/);
  });
});
