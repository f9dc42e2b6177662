import { describe, expect, it } from 'vitest';
import { batchnorm } from '../../../src/questions/families/training/batchnorm.js';
import { instantiate } from '../../../src/questions/registry.js';
import { expectClose, expectMisconception, misconception } from './group-b-expect.js';

describe('batchnorm (training mode, biased batch variance)', () => {
  it('normalizes [1, 2, 3, 4] by hand (PyTorch BatchNorm1d gives ±1.3416, ±0.4472)', () => {
    // μ = 2.5; σ² = (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25; σ = 1.1180340 (ε = 0)
    // y = (−1.5, −0.5, 0.5, 1.5)/1.1180340 = (−1.3416408, −0.4472136, 0.4472136, 1.3416408)
    const sol = batchnorm.solve({ x: [1, 2, 3, 4], eps: 0 });
    expectClose(sol.answer, [-1.3416408, -0.4472136, 0.4472136, 1.3416408], 1e-7);
    // unbiased: σ² = 5/3, σ = 1.2909944 → (−1.1618950, −0.3872983, 0.3872983, 1.1618950)
    expectMisconception(sol, 'unbiased-variance', [-1.161895, -0.3872983, 0.3872983, 1.161895], 1e-6);
    // dividing by σ² = 1.25: (−1.2, −0.4, 0.4, 1.2)
    expectMisconception(sol, 'divide-by-variance', [-1.2, -0.4, 0.4, 1.2], 1e-12);
    // γ = 1, β = 0: forgetting them changes nothing, so it is not offered
    expect(misconception(sol, 'no-scale-shift')).toBeUndefined();
  });

  it('applies γ and β after normalizing', () => {
    // y = 2·x̂ + 1 = (−1.6832816, 0.1055728, 1.8944272, 3.6832816)
    const sol = batchnorm.solve({ x: [1, 2, 3, 4], gamma: 2, beta: 1, eps: 0 });
    expectClose(sol.answer, [-1.6832816, 0.1055728, 1.8944272, 3.6832816], 1e-7);
    expectMisconception(sol, 'no-scale-shift', [-1.3416408, -0.4472136, 0.4472136, 1.3416408], 1e-7);
    // β added before scaling: 2·(x̂ + 1) = (−0.6832816, 1.1055728, 2.8944272, 4.6832816)
    expectMisconception(sol, 'shift-before-scale', [-0.6832816, 1.1055728, 2.8944272, 4.6832816], 1e-7);
  });

  it('includes ε under the root (default 1e-5)', () => {
    // x = (0, 0.002): μ = 0.001, σ² = 1e−6; √(1e−6 + 1e−5) = 3.3166248e−3 → y = ±0.3015113
    const sol = batchnorm.solve({ x: [0, 0.002] });
    expectClose(sol.answer, [-0.3015113, 0.3015113], 1e-7);
  });

  it('invariants: mean(y) = β and biased var(y) = γ²σ²/(σ² + ε) on generated instances', () => {
    for (const level of [1, 2, 3] as const) {
      for (let seed = 0; seed < 200; seed++) {
        const { params, answer } = instantiate('batchnorm', seed, level);
        const x = params.x as number[];
        const y = answer as number[];
        const m = x.length;
        const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
        const varB = (xs: number[]): number => mean(xs.map((xi) => (xi - mean(xs)) ** 2));
        const [gamma, beta, eps] = [params.gamma, params.beta, params.eps] as number[];
        expect(y).toHaveLength(m);
        expect(Math.abs(mean(y) - beta!)).toBeLessThan(1e-9);
        expect(Math.abs(varB(y) - (gamma! ** 2 * varB(x)) / (varB(x) + eps!))).toBeLessThan(1e-9);
      }
    }
  });

  it('rejects batches that cannot be normalized', () => {
    expect(() => batchnorm.solve({ x: [3] })).toThrow(/at least 2/);
    expect(() => batchnorm.solve({ x: [2, 2, 2], eps: 0 })).toThrow(/0\/0/);
    expect(() => batchnorm.solve({ x: [1, 2], eps: -1 })).toThrow(/eps/);
  });
});
