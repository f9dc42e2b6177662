import { describe, expect, it } from 'vitest';
import { ganOptimalDiscriminator as gan } from '../../../src/questions/families/gans/gan-optimal-discriminator.js';
import { instantiate } from '../../../src/questions/registry.js';
import { expectClose, expectMisconception, misconception } from './group-b-expect.js';

describe('gan-optimal-discriminator D* = p_data/(p_data + p_g)', () => {
  it('densities at a point, by hand', () => {
    // 0.3/(0.3 + 0.1) = 0.75
    const sol = gan.solve({ p_data: 0.3, p_g: 0.1 });
    expectClose(sol.answer, 0.75, 1e-12);
    expectMisconception(sol, 'inverted', 0.25, 1e-12);
    expectMisconception(sol, 'density-ratio', 3, 1e-12);
    expectMisconception(sol, 'one-half', 0.5, 1e-12);
  });

  it('p_g = p_data gives ½ (Goodfellow et al. 2014: the global optimum), and nothing is a mistake', () => {
    const sol = gan.solve({ p_data: 0.2, p_g: 0.2 });
    expectClose(sol.answer, 0.5, 1e-12);
    expect(misconception(sol, 'inverted')).toBeUndefined();
    expect(misconception(sol, 'one-half')).toBeUndefined();
  });

  it('discrete distributions, per outcome', () => {
    // (0.5/0.75, 0.5/0.75, 0/0.5) = (2/3, 2/3, 0)
    const sol = gan.solve({ p_data: [0.5, 0.5, 0], p_g: [0.25, 0.25, 0.5] });
    expectClose(sol.answer, [2 / 3, 2 / 3, 0], 1e-12);
    // p_data/p_g is finite here: (2, 2, 0)
    expectMisconception(sol, 'density-ratio', [2, 2, 0], 1e-12);
  });

  it('invariants: D* ∈ [0, 1] and D*(a, b) + D*(b, a) = 1', () => {
    for (const level of [1, 2, 3] as const) {
      for (let seed = 0; seed < 200; seed++) {
        const { params, answer } = instantiate('gan-optimal-discriminator', seed, level);
        const swapped = gan.solve({ p_data: params.p_g!, p_g: params.p_data! }).answer;
        const d = Array.isArray(answer) ? answer : [answer];
        const e = Array.isArray(swapped) ? swapped : [swapped];
        d.forEach((x, i) => {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(1);
          expect(Math.abs(x + e[i]! - 1)).toBeLessThan(1e-12);
        });
      }
    }
  });

  it('generated distributions sum to exactly 1 in hundredths', () => {
    for (let seed = 0; seed < 200; seed++) {
      const { params } = instantiate('gan-optimal-discriminator', seed, 3);
      for (const xs of [params.p_data, params.p_g] as number[][]) {
        expect(xs.reduce((a, b) => a + Math.round(b * 100), 0)).toBe(100);
      }
    }
  });

  it('rejects invalid inputs', () => {
    expect(() => gan.solve({ p_data: 0, p_g: 0 })).toThrow(/undefined/);
    expect(() => gan.solve({ p_data: [0.5, 0.4], p_g: [0.5, 0.5] })).toThrow(/sum to 1/);
    expect(() => gan.solve({ p_data: [0.5, 0.5], p_g: 0.5 })).toThrow(/both/);
    expect(() => gan.solve({ p_data: -0.1, p_g: 0.5 })).toThrow(/≥ 0/);
    expect(() => gan.solve({ p_data: [1, 0], p_g: [1, 0] })).toThrow(/outcome 2/);
  });
});
