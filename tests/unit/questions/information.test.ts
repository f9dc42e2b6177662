// Entropy, cross-entropy, KL, JS and Gaussian KL against hand calculations (written out below with
// their decimal values) and textbook examples.
import { describe, expect, it } from 'vitest';
import { getFamily } from '../../../src/questions/registry.js';
import type { Family, Params } from '../../../src/questions/types.js';

function family(id: string): Family {
  const f = getFamily(id);
  if (!f) throw new Error(`no family ${id}`);
  return f;
}
const answer = (id: string, p: Params): number => family(id).solve(p).answer as number;
const mistakes = (id: string, p: Params): Record<string, number> =>
  Object.fromEntries(family(id).solve(p).misconceptions.map((m) => [m.id, m.value as number]));
const E = Math.E;

describe('entropy', () => {
  it('a fair coin has ln 2 = 0.693147 nats = 1 bit', () => {
    expect(answer('entropy', { p: [0.5, 0.5] })).toBeCloseTo(0.693147, 6);
    expect(answer('entropy', { p: [0.5, 0.5], base: 2 })).toBeCloseTo(1, 12);
  });

  it('uniform over 4 outcomes: 2 bits', () => {
    expect(answer('entropy', { p: [0.25, 0.25, 0.25, 0.25], base: 2 })).toBeCloseTo(2, 12);
  });

  it('H(0.25, 0.75) = 0.25·2 + 0.75·log2(4/3) = 0.5 + 0.75·0.415037 = 0.811278 bits', () => {
    expect(answer('entropy', { p: [0.25, 0.75], base: 2 })).toBeCloseTo(0.811278, 6);
  });

  it('H(0.9, 0.1) = 0.9·0.1053605 + 0.1·2.3025851 = 0.3250830 nats; in bits 0.468996', () => {
    expect(answer('entropy', { p: [0.9, 0.1], base: E })).toBeCloseTo(0.325083, 6);
    expect(mistakes('entropy', { p: [0.9, 0.1], base: E })['other-base']).toBeCloseTo(0.468996, 6);
  });

  it('a certain outcome has zero entropy (0 log 0 = 0)', () => {
    expect(answer('entropy', { p: [1, 0] })).toBe(0);
  });

  it('accepts typed decimals that do not sum to exactly 1 in floating point, rejects real mistakes', () => {
    expect(() => family('entropy').solve({ p: [0.1, 0.2, 0.7] })).not.toThrow();
    expect(() => family('entropy').solve({ p: [0.5, 0.6] })).toThrow(/p must sum to 1 \(its entries sum to 1.1\)/);
    expect(() => family('entropy').solve({ p: [1.5, -0.5] })).toThrow(/between 0 and 1/);
    expect(() => family('entropy').solve({ p: [0.5, 0.5], base: 1 })).toThrow(/base must be positive and not 1/);
  });
});

describe('cross-entropy', () => {
  it('a one-hot label: H([1,0,0], [0.7,0.2,0.1]) = −ln 0.7 = 0.356675', () => {
    expect(answer('cross-entropy', { p: [1, 0, 0], q: [0.7, 0.2, 0.1] })).toBeCloseTo(0.356675, 6);
  });

  it('H([0.5,0.5], [0.9,0.1]) = 0.5·0.1053605 + 0.5·2.3025851 = 1.203973 = H(p) + KL = 0.693147 + 0.510826', () => {
    expect(answer('cross-entropy', { p: [0.5, 0.5], q: [0.9, 0.1] })).toBeCloseTo(1.203973, 6);
    const m = mistakes('cross-entropy', { p: [0.5, 0.5], q: [0.9, 0.1] });
    // swapped: −0.9 ln 0.5 − 0.1 ln 0.5 = ln 2
    expect(m['swapped']).toBeCloseTo(0.693147, 6);
    expect(m['kl-instead']).toBeCloseTo(0.510826, 6);
  });

  it('rejects q = 0 where p > 0', () => {
    expect(() => family('cross-entropy').solve({ p: [0.5, 0.5], q: [1, 0] })).toThrow(/q must be > 0 wherever p > 0/);
    expect(() => family('cross-entropy').solve({ p: [0.5, 0.5], q: [0.2, 0.3, 0.5] })).toThrow(/same length/);
  });
});

describe('kl', () => {
  it('KL([0.5,0.5] ‖ [0.9,0.1]) = 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1) = −0.293893 + 0.804719 = 0.510826', () => {
    expect(answer('kl', { p: [0.5, 0.5], q: [0.9, 0.1] })).toBeCloseTo(0.510826, 6);
  });

  it('is not symmetric: KL([0.9,0.1] ‖ [0.5,0.5]) = 0.9 ln 1.8 + 0.1 ln 0.2 = 0.529008 − 0.160944 = 0.368064', () => {
    expect(answer('kl', { p: [0.9, 0.1], q: [0.5, 0.5] })).toBeCloseTo(0.368064, 6);
    expect(mistakes('kl', { p: [0.5, 0.5], q: [0.9, 0.1] })['swapped']).toBeCloseTo(0.368064, 6);
  });

  it('Wikipedia\'s example: P = Binomial(2, 0.4) = (0.36, 0.48, 0.16), Q uniform: KL(P‖Q) = 0.0852996, KL(Q‖P) = 0.097455', () => {
    expect(answer('kl', { p: [0.36, 0.48, 0.16], q: [1 / 3, 1 / 3, 1 / 3] })).toBeCloseTo(0.0852996, 7);
    expect(answer('kl', { p: [1 / 3, 1 / 3, 1 / 3], q: [0.36, 0.48, 0.16] })).toBeCloseTo(0.097455, 6);
  });

  it('in bits: 0.510826 / ln 2 = 0.736966', () => {
    expect(answer('kl', { p: [0.5, 0.5], q: [0.9, 0.1], base: 2 })).toBeCloseTo(0.736966, 6);
    expect(mistakes('kl', { p: [0.5, 0.5], q: [0.9, 0.1], base: 2 })['other-base']).toBeCloseTo(0.510826, 6);
  });

  it('KL(p‖p) = 0', () => {
    expect(answer('kl', { p: [0.2, 0.3, 0.5], q: [0.2, 0.3, 0.5] })).toBe(0);
  });
});

describe('js', () => {
  it('disjoint distributions: ln 2 nats = 1 bit (the maximum)', () => {
    expect(answer('js', { p: [1, 0], q: [0, 1] })).toBeCloseTo(Math.LN2, 12);
    expect(answer('js', { p: [1, 0], q: [0, 1], base: 2 })).toBeCloseTo(1, 12);
  });

  it('JS([0.5,0.5], [0.9,0.1]): m = (0.7, 0.3), ½(0.087177 + 0.116322) = 0.101750', () => {
    // KL(p‖m) = 0.5 ln(0.5/0.7) + 0.5 ln(0.5/0.3) = −0.168236 + 0.255413 = 0.087177
    // KL(q‖m) = 0.9 ln(0.9/0.7) + 0.1 ln(0.1/0.3) = 0.226183 − 0.109861 = 0.116322
    expect(answer('js', { p: [0.5, 0.5], q: [0.9, 0.1] })).toBeCloseTo(0.10175, 5);
    // the symmetrised-KL mistake: ½(0.510826 + 0.368064) = 0.439445
    expect(mistakes('js', { p: [0.5, 0.5], q: [0.9, 0.1] })['symmetrised-kl']).toBeCloseTo(0.439445, 6);
  });

  it('is symmetric', () => {
    expect(answer('js', { p: [0.2, 0.8], q: [0.6, 0.4] })).toBeCloseTo(answer('js', { p: [0.6, 0.4], q: [0.2, 0.8] }), 14);
  });
});

describe('kl-gaussian (nats)', () => {
  it('the VAE term ½(σ² + μ² − 1 − ln σ²): N(1, 1) vs N(0, 1) = 0.5; N(0, 2²) vs N(0, 1) = ½(4 − 1 − ln 4) = 0.806853', () => {
    expect(answer('kl-gaussian', { mu1: 1, sigma1: 1, mu2: 0, sigma2: 1 })).toBeCloseTo(0.5, 12);
    expect(answer('kl-gaussian', { mu1: 0, sigma1: 2, mu2: 0, sigma2: 1 })).toBeCloseTo(0.806853, 6);
  });

  it('N(0, 1) vs N(1, 2²) = ln 2 + (1 + 1)/8 − ½ = 0.443147; the swapped direction is 1.306853 (not symmetric)', () => {
    expect(answer('kl-gaussian', { mu1: 0, sigma1: 1, mu2: 1, sigma2: 2 })).toBeCloseTo(0.443147, 6);
    // swapped: ln(1/2) + (4 + 1)/2 − ½ = −0.693147 + 2 = 1.306853
    expect(mistakes('kl-gaussian', { mu1: 0, sigma1: 1, mu2: 1, sigma2: 2 })['swapped']).toBeCloseTo(1.306853, 6);
  });

  it('σ instead of σ²: N(0, 2²) vs N(0, 1) becomes ln(1/2) + 2/2 − ½ = −0.193147', () => {
    expect(mistakes('kl-gaussian', { mu1: 0, sigma1: 2, mu2: 0, sigma2: 1 })['sigma-not-squared']).toBeCloseTo(-0.193147, 6);
  });

  it('diagonal Gaussians sum over dimensions: 0.5 + 0.806853 = 1.306853', () => {
    expect(answer('kl-gaussian', { mu1: [1, 0], sigma1: [1, 2], mu2: [0, 0], sigma2: [1, 1] })).toBeCloseTo(1.306853, 6);
    expect(answer('kl-gaussian', { mu1: [1, 0], sigma1: [1, 2], mu2: 0, sigma2: 1 })).toBeCloseTo(1.306853, 6);
  });

  it('rejects non-positive σ and mismatched dimensions', () => {
    expect(() => family('kl-gaussian').solve({ mu1: 0, sigma1: 0, mu2: 0, sigma2: 1 })).toThrow(/must be > 0/);
    expect(() => family('kl-gaussian').solve({ mu1: [0, 1], sigma1: [1, 1, 1], mu2: 0, sigma2: 1 })).toThrow(/mu1 has 2 entries/);
  });
});
