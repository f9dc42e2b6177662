import { describe, expect, it } from 'vitest';
import { adam as adamChange } from '../../../src/questions/families/training/adam.js';
import { instantiate } from '../../../src/questions/registry.js';
import { expectClose, expectMisconception, misconception, thetaView } from './group-b-expect.js';

const adam = thetaView(adamChange);

describe('adam (PyTorch form, Kingma & Ba Algorithm 1)', () => {
  it('first step by hand: the update is lr·sign(g)', () => {
    // m = 0.1·0.5 = 0.05, v = 0.001·0.25 = 0.00025; m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25
    // θ = 1 − 0.001·0.5/(0.5 + 1e−8) = 0.999 (to 1e−11)
    const sol = adam.solve({ theta: 1, grad: 0.5, m: 0, v: 0, t: 1 });
    expectClose(sol.answer, 0.999, 1e-10);
    // without bias correction: 0.05/√0.00025 = 0.05/0.0158114 = 3.16228 → θ = 0.9968377
    expectMisconception(sol, 'no-bias-correction', 0.9968377, 1e-7);
    // t − 1 = 0 would divide by 1 − β⁰ = 0: not a finite mistake, not offered
    expect(misconception(sol, 'bias-correction-t-minus-1')).toBeUndefined();
  });

  it('second step with the same gradient by hand', () => {
    // after step 1: m = 0.05, v = 0.00025, θ = 0.999. Step 2: m = 0.045 + 0.05 = 0.095,
    // v = 0.999·0.00025 + 0.001·0.25 = 0.00049975; m̂ = 0.095/0.19 = 0.5; v̂ = 0.00049975/0.001999 = 0.25
    // θ = 0.999 − 0.001·0.5/0.5 = 0.998
    const sol = adam.solve({ theta: 0.999, grad: 0.5, m: 0.05, v: 0.00025, t: 2 });
    expectClose(sol.answer, 0.998, 1e-10);
    // bias-corrected with t − 1 = 1: m̂ = 0.095/0.1 = 0.95, v̂ = 0.00049975/0.001 = 0.49975,
    // √ = 0.7069300 → θ = 0.999 − 0.001·0.95/0.70693 = 0.9976562
    expectMisconception(sol, 'bias-correction-t-minus-1', 0.9976562, 1e-7);
    // stale moments (m, v of step 1 corrected with t = 2): m̂ = 0.05/0.19 = 0.2631579,
    // v̂ = 0.00025/0.001999 = 0.1250625, √ = 0.3536418 → θ = 0.999 − 0.001·0.7441 = 0.9982559
    expectMisconception(sol, 'stale-moments', 0.9982559, 1e-7);
  });

  it('eps inside the square root matters when gradients are tiny', () => {
    // g = 1e−4, t = 1: m̂ = 1e−4, v̂ = 1e−8
    // PyTorch: θ = −0.001·1e−4/(1e−4 + 1e−8) = −0.00099990001
    // inside:  √(1e−8 + 1e−8) = 1.4142136e−4 → θ = −0.001/1.4142136 = −0.00070710678
    const sol = adam.solve({ theta: 0, grad: 1e-4, m: 0, v: 0, t: 1 });
    expectClose(sol.answer, -0.00099990001, 1e-12);
    expectMisconception(sol, 'eps-inside-sqrt', -0.00070710678, 1e-10);
  });

  it('invariant (Kingma & Ba §3): with a constant gradient m̂ = g and v̂ = g², so every step is ≈ lr', () => {
    // after t − 1 steps of constant g from zero: m = (1 − β1^{t−1}) g, v = (1 − β2^{t−1}) g²
    for (const t of [1, 2, 5, 10, 100, 1000]) {
      for (const g of [0.5, -2, 0.01]) {
        const m = (1 - 0.9 ** (t - 1)) * g;
        const v = (1 - 0.999 ** (t - 1)) * g * g;
        const theta = adam.solve({ theta: 3, grad: g, m, v, t, lr: 0.01 }).answer as number;
        expect(Math.abs(theta - (3 - 0.01 * Math.sign(g)))).toBeLessThan(1e-7);
      }
    }
  });

  it('works element-wise', () => {
    const sol = adam.solve({ theta: [1, 2], grad: [0.5, -0.1], m: 0, v: 0, t: 1, lr: 0.1 });
    // first step: each component moves by lr against its gradient's sign
    expectClose(sol.answer, [0.9, 2.1], 1e-6);
  });

  it('generated first steps (level 1) move by lr', () => {
    for (let seed = 0; seed < 200; seed++) {
      const { params: p, answer } = instantiate('adam', seed, 1);
      expect(p.t).toBe(1);
      // the question asks for Δθ
      expect(Math.abs(Math.abs(answer as number) - (p.lr as number))).toBeLessThan(1e-6);
    }
  });

  it('rejects invalid parameters', () => {
    expect(() => adam.solve({ theta: 1, grad: 1, m: 0, v: 0, t: 0 })).toThrow(/t must be an integer/);
    expect(() => adam.solve({ theta: 1, grad: 1, m: 0, v: -1, t: 1 })).toThrow(/v/);
    expect(() => adam.solve({ theta: 1, grad: 1, m: 0, v: 0, t: 1.5 })).toThrow(/t must be an integer/);
    expect(() => adam.solve({ theta: 1, grad: 1, m: 0, v: 0, t: 1, beta2: 1 })).toThrow(/beta2/);
  });
});
