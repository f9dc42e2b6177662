// The families added for issue 11, each checked against values worked out by hand below (PyTorch's
// documented formulas, textbook definitions), never against the module's own output.
import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../../src/engine/check.js';
import { familyIds, getFamily, instantiate } from '../../../src/questions/registry.js';
import type { Params, Value } from '../../../src/questions/types.js';
import { expectClose, expectMisconception } from './group-b-expect.js';

const solve = (id: string, p: Params) => getFamily(id)!.solve(p);
const NEW = [
  'neuron-gradient', 'softmax-ce-gradient', 'perceptron-update', 'rnn-params', 'gradient-clipping', 'gan-value', 'epsilon-greedy',
  'first-visit-mc', 'actor-critic-advantage', 'reinforce-baseline', 'swa-average', 'batchnorm-running', 'vae-reparameterization', 'nerf-rendering',
];

describe('new families', () => {
  it('are registered (≥ 39 families in all)', () => {
    for (const id of NEW) expect(familyIds()).toContain(id);
    expect(familyIds().length).toBeGreaterThanOrEqual(39);
  });

  it('neuron-gradient: sigmoid neuron by hand', () => {
    // z = 0.5·1 − 0.5·2 = −0.5; σ(−0.5) = 0.37754067; σ′ = 0.37754067·0.62245933 = 0.23500371
    // δ = (0.37754067 − 1)·0.23500371 = −0.14628025; ∂L/∂w = δ·x = (−0.14628025, −0.29256050)
    const s = solve('neuron-gradient', { w: [0.5, -0.5], x: [1, 2], b: 0, y: 1, act: 0 });
    expectClose(s.answer, [-0.14628025, -0.2925605], 1e-7);
    // without σ′: (a − y)x = (−0.62245933, −1.24491866)
    expectMisconception(s, 'no-activation-derivative', [-0.62245933, -1.24491866], 1e-7);
  });

  it('neuron-gradient: tanh and ReLU by hand', () => {
    // tanh: z = 1·1 + 0.5·0 = 1, tanh 1 = 0.76159416, tanh′ = 1 − 0.58002566 = 0.41997434; y = 0
    // δ = 0.76159416·0.41997434 = 0.31985000; x = (1, 0) → (0.31985000, 0)
    expectClose(solve('neuron-gradient', { w: [1, 0.5], x: [1, 0], b: 0, y: 0, act: 1 }).answer, [0.31985, 0], 1e-7);
    // ReLU, z = 2 > 0: δ = (2 − 1)·1 = 1 → ∂L/∂w = x
    expectClose(solve('neuron-gradient', { w: [1, 1], x: [1, 1], b: 0, y: 1, act: 2 }).answer, [1, 1], 1e-12);
  });

  it('softmax-ce-gradient: p − y for z = (1, 2, 3), class 1', () => {
    // softmax(1,2,3) = (0.09003057, 0.24472847, 0.66524096)
    const s = solve('softmax-ce-gradient', { z: [1, 2, 3], label: 1 });
    expectClose(s.answer, [-0.90996943, 0.24472847, 0.66524096], 1e-7);
    expectMisconception(s, 'forgot-label', [0.09003057, 0.24472847, 0.66524096], 1e-7);
  });

  it('perceptron-update by hand', () => {
    // w·x + b = 1 − 2 = −1, y = +1: misclassified; w = (1, −1) + 0.5·(1, 2) = (1.5, 0), b = 0.5
    const s = solve('perceptron-update', { w: [1, -1], b: 0, x: [1, 2], y: 1, lr: 0.5 });
    expectClose(s.answer, [1.5, 0, 0.5], 1e-12);
    expectMisconception(s, 'sign-flip', [0.5, -2, -0.5], 1e-12);
  });

  it('rnn-params: PyTorch counts', () => {
    // nn.LSTM(10, 20): weight_ih 80×10 = 800, weight_hh 80×20 = 1600, b_ih + b_hh = 160 → 2560
    expect(solve('rnn-params', { cell: 1, input_size: 10, hidden_size: 20 }).answer).toBe(2560);
    // nn.GRU(10, 20): 60×10 + 60×20 + 120 = 1920; nn.RNN(10, 20): 200 + 400 + 40 = 640
    expect(solve('rnn-params', { cell: 2, input_size: 10, hidden_size: 20 }).answer).toBe(1920);
    expect(solve('rnn-params', { cell: 0, input_size: 10, hidden_size: 20 }).answer).toBe(640);
    // 2-layer LSTM(10, 20): 2560 + 4·(400 + 400 + 40) = 2560 + 3360 = 5920
    expect(solve('rnn-params', { cell: 1, input_size: 10, hidden_size: 20, num_layers: 2 }).answer).toBe(5920);
    // one bias vector: 800 + 1600 + 80 = 2480
    expectMisconception(solve('rnn-params', { cell: 1, input_size: 10, hidden_size: 20 }), 'one-bias', 2480);
  });

  it('gradient-clipping: (3, 4) clipped to norm 1 is (0.6, 0.8); clip-by-value differs', () => {
    const s = solve('gradient-clipping', { g: [3, 4], max_norm: 2 });
    expectClose(s.answer, [1.2, 1.6], 1e-12); // 2/5·(3, 4)
    expectMisconception(s, 'clip-by-value', [2, 2], 1e-12);
    expectClose(solve('gradient-clipping', { g: [0.3, 0.4], max_norm: 1 }).answer, [0.3, 0.4], 1e-12); // norm 0.5 ≤ 1
  });

  it('gan-value: the direct sum equals −ln 4 + 2 JSD', () => {
    // p_d = (0.5, 0.5), p_g = (0.9, 0.1):
    // 0.5 ln(0.5/1.4) + 0.5 ln(0.5/0.6) + 0.9 ln(0.9/1.4) + 0.1 ln(0.1/0.6)
    const direct = 0.5 * Math.log(0.5 / 1.4) + 0.5 * Math.log(0.5 / 0.6) + 0.9 * Math.log(0.9 / 1.4) + 0.1 * Math.log(0.1 / 0.6);
    expect(direct).toBeCloseTo(-1.1827959, 6);
    expectClose(solve('gan-value', { p_data: [0.5, 0.5], p_g: [0.9, 0.1] }).answer, direct, 1e-12);
    expectClose(solve('gan-value', { p_data: [0.3, 0.7], p_g: [0.3, 0.7] }).answer, -Math.log(4), 1e-12);
  });

  it('epsilon-greedy by hand', () => {
    // Q = (1, 3, 2), ε = 0.1: greedy 0.9 + 0.1/3 = 0.93333, others 0.03333
    expectClose(solve('epsilon-greedy', { q: [1, 3, 2], epsilon: 0.1 }).answer, [0.1 / 3, 0.9 + 0.1 / 3, 0.1 / 3], 1e-12);
  });

  it('first-visit-mc by hand (Sutton & Barto §5.1)', () => {
    // states (1, 2, 1, 3), rewards (1, 0, 2, −1), γ = 0.9; first visit of 1 at t = 0:
    // G = 1 + 0.9·0 + 0.81·2 + 0.729·(−1) = 1.891; second visit (t = 2): 2 − 0.9 = 1.1; every-visit mean 1.4955
    const s = solve('first-visit-mc', { states: [1, 2, 1, 3], rewards: [1, 0, 2, -1], gamma: 0.9, state: 1 });
    expectClose(s.answer, 1.891, 1e-12);
    expectMisconception(s, 'every-visit', 1.4955, 1e-12);
  });

  it('actor-critic-advantage by hand', () => {
    // 1 + 0.9·3 − 2 = 1.7; terminal: 1 + 0 − 2 = −1
    expectClose(solve('actor-critic-advantage', { reward: 1, gamma: 0.9, v: 2, next_v: 3 }).answer, 1.7, 1e-12);
    expectClose(solve('actor-critic-advantage', { reward: 1, gamma: 0.9, v: 2, next_v: 3, terminal: 1 }).answer, -1, 1e-12);
  });

  it('reinforce-baseline by hand', () => {
    // θ = 0 → π = (1/3, 1/3, 1/3); a = 1: e_a − π = (2/3, −1/3, −1/3); α(G − b) = 0.1·3 = 0.3
    const s = solve('reinforce-baseline', { theta: [0, 0, 0], action: 1, return: 5, baseline: 2, lr: 0.1 });
    expectClose(s.answer, [0.2, -0.1, -0.1], 1e-12);
    expectMisconception(s, 'no-baseline', [1 / 3, -1 / 6, -1 / 6], 1e-12);
  });

  it('swa-average by hand (sheet 260)', () => {
    // ((1·3 + 5)/4, (2·3 − 2)/4) = (2, 1)
    const s = solve('swa-average', { w_swa: [1, 2], n: 3, w: [5, -2] });
    expectClose(s.answer, [2, 1], 1e-12);
    expectMisconception(s, 'halfway', [3, 0], 1e-12);
  });

  it('batchnorm-running: PyTorch momentum 0.1 and the unbiased variance', () => {
    // x = (1, 2, 3, 6): mean 3, Σ(x − 3)² = 4 + 1 + 0 + 9 = 14, unbiased 14/3, biased 3.5
    // mean: 0.9·0 + 0.1·3 = 0.3; var: 0.9·1 + 0.1·14/3 = 1.3666667
    const s = solve('batchnorm-running', { x: [1, 2, 3, 6], running_mean: 0, running_var: 1 });
    expectClose(s.answer, [0.3, 0.9 + 1.4 / 3], 1e-12);
    expectMisconception(s, 'biased-variance', [0.3, 1.25], 1e-12);
  });

  it('vae-reparameterization by hand', () => {
    // σ = e^{−0.5} = 0.60653066 → z = 0.5 + 2·0.60653066 = 1.71306132; logvar 0 → σ = 1: z = 1 − 1 = 0
    const s = solve('vae-reparameterization', { mu: [0.5, 1], logvar: [-1, 0], eps: [2, -1] });
    expectClose(s.answer, [1.71306132, 0], 1e-8);
    // σ taken as the variance e^{−1} = 0.36787944 → 0.5 + 0.73575888
    expectMisconception(s, 'variance-as-sigma', [1.23575888, 0], 1e-8);
  });

  it('nerf-rendering by hand (Mildenhall et al. eq. 3)', () => {
    // σδ = (1, 2)·0.5 = (0.5, 1): α = (1 − e^{−0.5}, 1 − e^{−1}) = (0.39346934, 0.63212056)
    // T = (1, 0.60653066), w = (0.39346934, 0.38340050); c = (1, 0.5): C = 0.39346934 + 0.19170025 = 0.58516959
    const s = solve('nerf-rendering', { sigma: [1, 2], delta: 0.5, color: [1, 0.5] });
    expectClose(s.answer, 0.58516959, 1e-8);
    // no transmittance: 0.39346934 + 0.31606028 = 0.70952962
    expectMisconception(s, 'no-transmittance', 0.70952962, 1e-8);
  });

  it('generated instances: the worked answer is accepted and prompts are complete', () => {
    for (const id of NEW) {
      for (const level of [1, 2, 3] as const) {
        for (let seed = 0; seed < 40; seed++) {
          const inst = instantiate(id, seed, level);
          const four = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(4));
          const typed = (v: Value): string => (Array.isArray(v) ? v.map(four).join(', ') : four(v));
          expect(checkAnswer(typed(inst.answer), inst.answer, inst.tolerance, inst.misconceptions).kind, `${id} ${seed} L${level}`).toBe('correct');
          expect(inst.prompt).not.toMatch(/undefined|NaN|\[object/);
          expect(inst.steps.at(-1)).toMatch(/^Answer/);
        }
      }
    }
  });
});
