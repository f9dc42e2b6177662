import { describe, expect, it } from 'vitest';
import { sgdMomentum as sgdMomentumChange } from '../../../src/questions/families/training/sgd-momentum.js';
import { instantiate } from '../../../src/questions/registry.js';
import { expectClose, expectMisconception, misconception, thetaView, withinTol } from './group-b-expect.js';

const sgdMomentum = thetaView(sgdMomentumChange);

describe('sgd-momentum (sheet form V ← γV + η∇J, θ ← θ − V)', () => {
  it('takes one step by hand', () => {
    // V = 0.9·0.2 + 0.1·0.4 = 0.18 + 0.04 = 0.22;  θ = 1.5 − 0.22 = 1.28
    const sol = sgdMomentum.solve({ theta: 1.5, grad: 0.4, v: 0.2, lr: 0.1, gamma: 0.9 });
    expectClose(sol.answer, 1.28);
    // θ + V = 1.72
    expectMisconception(sol, 'plus-velocity', 1.72);
    // no γV: θ − ηg = 1.5 − 0.04 = 1.46
    expectMisconception(sol, 'no-momentum-term', 1.46);
    // PyTorch's form: θ − η(γV + g) = 1.5 − 0.1·(0.18 + 0.4) = 1.442
    expectMisconception(sol, 'pytorch-form', 1.442);
    // forgot η: θ − (γV + g) = 1.5 − 0.58 = 0.92
    expectMisconception(sol, 'no-learning-rate', 0.92);
    // old velocity: 1.5 − 0.2 = 1.3
    expectMisconception(sol, 'old-velocity', 1.3);
  });

  it('uses the defaults v = 0, lr = 0.1, gamma = 0.9: the first step is plain SGD', () => {
    // V = 0 + 0.1·2 = 0.2; θ = 1 − 0.2 = 0.8; forgetting γV changes nothing, so it is not offered
    const sol = sgdMomentum.solve({ theta: 1, grad: 2 });
    expectClose(sol.answer, 0.8);
    expect(misconception(sol, 'no-momentum-term')).toBeUndefined();
  });

  it('works element-wise on lists, broadcasting a scalar velocity', () => {
    // V = (0.9·0.1 + 0.1·0.5, 0.9·0.1 + 0.1·(−0.5)) = (0.14, 0.04); θ = (1 − 0.14, −1 − 0.04)
    const sol = sgdMomentum.solve({ theta: [1, -1], grad: [0.5, -0.5], v: 0.1 });
    expectClose(sol.answer, [0.86, -1.04]);
  });

  it('asks for Δθ within 1 % (findings D7), so "θ unchanged" (Δθ = 0) is wrong and 3 digits suffice', () => {
    const sol = sgdMomentumChange.solve({ theta: 10, grad: 0.1, v: 0, lr: 0.01, gamma: 0.9 });
    // V = 0.01·0.1 = 0.001, Δθ = −0.001 (θ 10 → 9.999)
    expect(sol.tolerance).toEqual({ kind: 'relative', rel: 0.01, abs: 1e-6 });
    expectClose(sol.answer, -0.001, 1e-15);
    expect(withinTol(0, sol.answer, sol.tolerance)).toBe(false);
    expect(withinTol(-0.000999, sol.answer, sol.tolerance)).toBe(true);
    // moving along the gradient (+0.001) is both "added the velocity" and the sign error: one entry names both
    const along = sol.misconceptions.find((m) => m.id === 'plus-velocity');
    expect(along?.value).toBeCloseTo(0.001, 12);
    expect(along?.also).toContain('sign-error');
  });

  it('rejects invalid parameters', () => {
    expect(() => sgdMomentum.solve({ theta: 1, grad: 1, gamma: 1 })).toThrow(/gamma/);
    expect(() => sgdMomentum.solve({ theta: 1, grad: 1, lr: 0 })).toThrow(/lr/);
    expect(() => sgdMomentum.solve({ theta: [1, 2], grad: [1] })).toThrow(/grad/);
    expect(() => sgdMomentum.solve({ grad: 1 })).toThrow(/theta/);
  });

  it('invariant: θ_new − θ = −(γV + ηg) for generated instances', () => {
    for (let seed = 0; seed < 200; seed++) {
      const { params: p, answer } = instantiate('sgd-momentum', seed, 1);
      const [g, v, lr, gamma] = [p.grad, p.v, p.lr, p.gamma] as number[];
      expect(Math.abs((answer as number) - -(gamma! * v! + lr! * g!))).toBeLessThan(1e-12);
    }
  });

  it('states the sheet convention in the prompt', () => {
    const { prompt } = instantiate('sgd-momentum', 1, 1);
    expect(prompt).toContain('V_t = \\gamma V_{t-1} + \\eta \\nabla_\\theta J(\\theta)');
    expect(prompt).toContain('\\theta \\leftarrow \\theta - V_t');
  });
});
