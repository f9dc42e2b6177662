import { describe, expect, it } from 'vitest';
import { rmsprop as rmspropChange } from '../../../src/questions/families/training/rmsprop.js';
import { instantiate } from '../../../src/questions/registry.js';
import { expectClose, expectMisconception, misconception, thetaView } from './group-b-expect.js';

const rmsprop = thetaView(rmspropChange);

describe('rmsprop (Goodfellow et al. Algorithm 8.5: r ← ρr + (1−ρ)g², θ ← θ − ε g/√(δ + r))', () => {
  it('takes one step by hand', () => {
    // r = 0.9·0 + 0.1·2² = 0.4; √(1e−6 + 0.4) = 0.6324563; Δθ = −0.01·2/0.6324563 = −0.0316227; θ = 0.9683773
    const sol = rmsprop.solve({ theta: 1, grad: 2, r: 0, lr: 0.01, rho: 0.9, eps: 1e-6 });
    expectClose(sol.answer, 0.9683773, 1e-7);
    // full g² instead of (1 − ρ)g²: r = 4, √ ≈ 2 → θ = 1 − 0.01 = 0.99
    expectMisconception(sol, 'no-one-minus-rho', 0.99, 1e-6);
    // swapped weights: r = 0.1·0 + 0.9·4 = 3.6, √ = 1.8973666 → θ = 1 − 0.02/1.8973666 = 0.9894591
    expectMisconception(sol, 'swapped-rho', 0.9894591, 1e-6);
    // no square root: θ = 1 − 0.02/0.400001 = 0.9500001
    expectMisconception(sol, 'no-sqrt', 0.9500001, 1e-6);
    // old r = 0: θ = 1 − 0.02/√1e−6 = 1 − 20 = −19
    expectMisconception(sol, 'stale-accumulator', -19, 1e-6);
  });

  it('drops the stale-r mistake when r does not change (r = g²)', () => {
    // r = 0.9·1 + 0.1·1 = 1 — the old and new averages coincide; θ = 1 − 0.01/√1.000001 = 0.990000005
    const sol = rmsprop.solve({ theta: 1, grad: 1, r: 1 });
    expectClose(sol.answer, 0.990000005, 1e-9);
    expect(misconception(sol, 'stale-accumulator')).toBeUndefined();
  });

  it('puts δ inside the root; δ outside (PyTorch) differs only when r is tiny', () => {
    // g = 1e−3: r = 1e−7; inside √(1e−6 + 1e−7) = 1.0488088e−3 → Δθ = −0.01·1e−3/1.0488088e−3 = −0.0095346
    const sol = rmsprop.solve({ theta: 0, grad: 1e-3, r: 0 });
    expectClose(sol.answer, -0.0095346, 1e-7);
    // outside: √1e−7 + 1e−6 = 3.172278e−4 → Δθ = −0.0315230
    expectMisconception(sol, 'eps-outside-sqrt', -0.031523, 1e-6);
  });

  it('invariant: the first step (r = 0) has |Δθ| ≈ ε/√(1 − ρ)', () => {
    for (let seed = 0; seed < 200; seed++) {
      const { params: p, answer } = instantiate('rmsprop', seed, 1);
      const step = Math.abs(answer as number); // the question asks for Δθ
      expect(step / ((p.lr as number) / Math.sqrt(1 - (p.rho as number)))).toBeCloseTo(1, 3);
    }
  });

  it('rejects invalid parameters', () => {
    expect(() => rmsprop.solve({ theta: 1, grad: 1, r: 0, rho: 1 })).toThrow(/rho/);
    expect(() => rmsprop.solve({ theta: 1, grad: 1, r: [0, 1] })).toThrow(/r must have 1/);
  });
});
