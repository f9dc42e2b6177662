import { describe, expect, it } from 'vitest';
import { nesterov as nesterovChange } from '../../../src/questions/families/training/nesterov.js';
import { sgdMomentum as sgdMomentumChange } from '../../../src/questions/families/training/sgd-momentum.js';
import { instantiate } from '../../../src/questions/registry.js';
import { expectClose, expectMisconception, misconception, thetaView } from './group-b-expect.js';

const nesterov = thetaView(nesterovChange);

const sgdMomentum = thetaView(sgdMomentumChange);

describe('nesterov (J(θ) = aθ²/2, gradient at the look-ahead θ − γV)', () => {
  it('takes one step by hand', () => {
    // look-ahead θ̃ = 2 − 0.9·0.5 = 1.55; ∇J(θ̃) = 1·1.55 = 1.55
    // V = 0.9·0.5 + 0.1·1.55 = 0.45 + 0.155 = 0.605; θ = 2 − 0.605 = 1.395
    const sol = nesterov.solve({ theta: 2, v: 0.5, a: 1, lr: 0.1, gamma: 0.9 });
    expectClose(sol.answer, 1.395);
    // classical momentum (gradient at θ = 2): V = 0.45 + 0.2 = 0.65, θ = 1.35
    expectMisconception(sol, 'gradient-at-theta', 1.35);
    // look-ahead θ + γV = 2.45: V = 0.45 + 0.245 = 0.695, θ = 1.305
    expectMisconception(sol, 'lookahead-plus', 1.305);
    // step taken from the look-ahead point: 1.55 − 0.605 = 0.945
    expectMisconception(sol, 'from-lookahead', 0.945);
  });

  it('with V = 0 is a momentum step with gradient aθ (cross-check with sgd-momentum)', () => {
    // θ̃ = θ = 2, ∇J = 2·2 = 4, V = 0.4, θ = 1.6
    const sol = nesterov.solve({ theta: 2, v: 0, a: 2, lr: 0.1, gamma: 0.9 });
    expectClose(sol.answer, 1.6);
    expectClose(sol.answer, sgdMomentum.solve({ theta: 2, grad: 4, v: 0, lr: 0.1, gamma: 0.9 }).answer as number, 1e-12);
    // gradient-at-theta coincides with the answer here, so it is not offered
    expect(misconception(sol, 'gradient-at-theta')).toBeUndefined();
  });

  it('works per component with a list of curvatures', () => {
    // component 1: θ̃ = 1 − 0.9·0.1 = 0.91, g = 0.91, V = 0.09 + 0.091 = 0.181, θ = 0.819
    // component 2: θ̃ = −1 − 0.9·(−0.1) = −0.91, g = 2·(−0.91) = −1.82, V = −0.09 − 0.182 = −0.272, θ = −0.728
    const sol = nesterov.solve({ theta: [1, -1], v: [0.1, -0.1], a: [1, 2], lr: 0.1, gamma: 0.9 });
    expectClose(sol.answer, [0.819, -0.728]);
  });

  it('invariant: on generated instances NAG equals momentum fed the look-ahead gradient', () => {
    for (let seed = 0; seed < 200; seed++) {
      const { params: p, answer } = instantiate('nesterov', seed, 2);
      const [t, v, a, lr, gamma] = [p.theta, p.v, p.a, p.lr, p.gamma] as number[];
      const grad = a! * (t! - gamma! * v!);
      const viaMomentum = sgdMomentum.solve({ theta: t!, grad, v: v!, lr: lr!, gamma: gamma! }).answer as number;
      expect(Math.abs((answer as number) + t! - viaMomentum)).toBeLessThan(1e-12); // answer = Δθ
    }
  });

  it('rejects invalid parameters', () => {
    expect(() => nesterov.solve({ theta: 1, v: 0, a: 1, gamma: -0.1 })).toThrow(/gamma/);
    expect(() => nesterov.solve({ theta: 1, v: 0 })).toThrow(/missing parameter a/);
  });
});
