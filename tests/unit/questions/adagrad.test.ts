import { describe, expect, it } from 'vitest';
import { adagrad as adagradChange } from '../../../src/questions/families/training/adagrad.js';
import { instantiate } from '../../../src/questions/registry.js';
import { expectClose, expectMisconception, thetaView } from './group-b-expect.js';

const adagrad = thetaView(adagradChange);

describe('adagrad (Goodfellow et al. Algorithm 8.4: r ← r + g², θ ← θ − ε g/(δ + √r))', () => {
  it('takes one step by hand', () => {
    // r = 0.16 + 0.3² = 0.25, √r = 0.5; Δθ = −0.1·0.3/(0.5 + 1e−7) = −0.06 (to 1e−8); θ = 0.94
    const sol = adagrad.solve({ theta: 1, grad: 0.3, r: 0.16, lr: 0.1, eps: 1e-7 });
    expectClose(sol.answer, 0.94, 1e-7);
    // dividing before accumulating: √0.16 = 0.4 → 1 − 0.03/0.4 = 0.925
    expectMisconception(sol, 'stale-accumulator', 0.925, 1e-6);
    // no square root: 1 − 0.03/0.25 = 0.88
    expectMisconception(sol, 'no-sqrt', 0.88, 1e-6);
    // stepping uphill: 1.06
    expectMisconception(sol, 'wrong-sign', 1.06, 1e-6);
  });

  it('first step (r = 0) moves by the learning rate against the gradient sign', () => {
    // r = 4, √r = 2, Δθ = −0.01·(−2)/2 = +0.01
    const sol = adagrad.solve({ theta: 1, grad: -2, r: 0 });
    expectClose(sol.answer, 1.01, 1e-8);
  });

  it('matches PyTorch Adagrad (eps outside the root) for eps = 1e-10', () => {
    // torch.optim.Adagrad: state_sum += g², θ −= lr·g/(√state_sum + eps): r = 1 + 9 = 10
    const expected = 0.5 - (0.01 * 3) / (Math.sqrt(10) + 1e-10);
    expectClose(adagrad.solve({ theta: 0.5, grad: 3, r: 1, lr: 0.01, eps: 1e-10 }).answer, expected, 1e-12);
  });

  it('invariant: |Δθ| ≤ lr on generated instances (|g| ≤ √(r + g²))', () => {
    for (const level of [1, 2, 3] as const) {
      for (let seed = 0; seed < 200; seed++) {
        const { params: p, answer } = instantiate('adagrad', seed, level);
        const th = Array.isArray(p.theta) ? p.theta : [p.theta as number];
        const ans = Array.isArray(answer) ? answer : [answer];
        th.forEach((_t, i) => expect(Math.abs(ans[i]!)).toBeLessThanOrEqual((p.lr as number) * (1 + 1e-12)));
      }
    }
  });

  it('rejects a negative accumulator and the undefined 0/0 step', () => {
    expect(() => adagrad.solve({ theta: 1, grad: 1, r: -1 })).toThrow(/r/);
    expect(() => adagrad.solve({ theta: 1, grad: 0, r: 0, eps: 0 })).toThrow(/0\/0/);
  });
});
