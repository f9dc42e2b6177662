// KL divergence between two Gaussians with diagonal covariance, in nats (sheet lines 560–563: the
// analytic KL that makes the VAE loss computable; the sheet's formula is garbled, this is the standard one):
//   D_KL(N(μ1, σ1²) ‖ N(μ2, σ2²)) = Σ_j [ ln(σ2/σ1) + (σ1² + (μ1 − μ2)²) / (2σ2²) − ½ ]
// With a standard normal prior this is the VAE term ½ Σ (σ² + μ² − 1 − ln σ²).
import { fmt, fmtP } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { INFO_TOLERANCE } from './entropy.js';
import { judge, reader, texVector, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'mu1', list: true, description: 'mean μ1 of the first Gaussian (a list for a diagonal Gaussian)' },
  { name: 'sigma1', list: true, description: 'standard deviation σ1 > 0 of the first Gaussian' },
  { name: 'mu2', list: true, description: 'mean μ2 of the second Gaussian' },
  { name: 'sigma2', list: true, description: 'standard deviation σ2 > 0 of the second Gaussian' },
];

interface Gaussians {
  mu1: number[];
  s1: number[];
  mu2: number[];
  s2: number[];
  /** whether any parameter was given as a list (a diagonal Gaussian in several dimensions) */
  vector: boolean;
}

function read(params: Params): Gaussians {
  const r = reader(PARAMS, params);
  const raw = { mu1: r.list('mu1'), s1: r.list('sigma1'), mu2: r.list('mu2'), s2: r.list('sigma2') };
  const dims = Math.max(raw.mu1.length, raw.s1.length, raw.mu2.length, raw.s2.length);
  if (dims > 100) throw new Error('at most 100 dimensions');
  const spread = (name: string, xs: number[]): number[] => {
    if (xs.length === dims) return xs;
    if (xs.length === 1) return Array.from({ length: dims }, () => xs[0]!);
    throw new Error(`${name} has ${xs.length} entries but other parameters have ${dims}`);
  };
  const g = {
    mu1: spread('mu1', raw.mu1),
    s1: spread('sigma1', raw.s1),
    mu2: spread('mu2', raw.mu2),
    s2: spread('sigma2', raw.s2),
    vector: Object.values(params).some((v) => Array.isArray(v) && v.length > 1),
  };
  if ([...g.s1, ...g.s2].some((s) => !(s > 0))) throw new Error('sigma1 and sigma2 are standard deviations and must be > 0');
  return g;
}

/** One dimension's KL term; `sq` squares σ (false reproduces the σ-for-σ² mistake). */
function term(mu1: number, s1: number, mu2: number, s2: number, sq = true): number {
  const v1 = sq ? s1 * s1 : s1;
  const v2 = sq ? s2 * s2 : s2;
  return Math.log(s2 / s1) + (v1 + (mu1 - mu2) ** 2) / (2 * v2) - 0.5;
}

export function klGaussian(mu1: readonly number[], s1: readonly number[], mu2: readonly number[], s2: readonly number[]): number {
  return mu1.reduce((acc, m, j) => acc + term(m, s1[j]!, mu2[j]!, s2[j]!), 0);
}

function solve(params: Params): Solution {
  const { mu1, s1, mu2, s2 } = read(params);
  const terms = mu1.map((m, j) => term(m, s1[j]!, mu2[j]!, s2[j]!));
  const answer = terms.reduce((a, b) => a + b, 0);
  const tolerance = INFO_TOLERANCE;
  const steps = [
    '$D_{KL}(\\mathcal N(\\mu_1, \\sigma_1^2) \\| \\mathcal N(\\mu_2, \\sigma_2^2)) = \\sum_j \\left[ \\ln (\\sigma_{2,j} / \\sigma_{1,j}) + \\frac{\\sigma_{1,j}^2 + (\\mu_{1,j} - \\mu_{2,j})^2}{2 \\sigma_{2,j}^2} - \\frac12 \\right]$ (nats)',
    ...terms.map(
      (t, j) =>
        `${mu1.length > 1 ? `Dimension ${j + 1}: ` : ''}$\\ln (${fmt(s2[j]!, 6)} / ${fmt(s1[j]!, 6)}) + \\frac{${fmt(s1[j]! ** 2, 6)} + (${fmt(mu1[j]!, 6)} - ${fmtP(mu2[j]!, 6)})^2}{2 \\cdot ${fmt(s2[j]! ** 2, 6)}} - \\frac12 = ${fmt(Math.log(s2[j]! / s1[j]!), 4)} + ${fmt((s1[j]! ** 2 + (mu1[j]! - mu2[j]!) ** 2) / (2 * s2[j]! ** 2), 4)} - 0.5 = ${fmt(t, 5)}$`,
    ),
    ...(mu1.length > 1 ? [`Sum over dimensions: $${terms.map((t) => fmt(t, 5)).join(' + ')} = ${fmt(answer, 5)}$`] : []),
    `Answer: ${fmt(answer, 4)} nats`,
  ];
  const { misconceptions, contrasts } = judge(answer, tolerance, [
    {
      id: 'sigma-not-squared',
      message: 'You used σ where the variance σ² belongs: the fraction is (σ1² + (μ1−μ2)²)/(2σ2²).',
      value: mu1.reduce((acc, m, j) => acc + term(m, s1[j]!, mu2[j]!, s2[j]!, false), 0),
    },
    {
      id: 'swapped',
      message: 'You computed D_KL(N2‖N1): KL is not symmetric, the first Gaussian is the one the expectation is taken under.',
      value: klGaussian(mu2, s2, mu1, s1),
    },
    {
      id: 'no-minus-half',
      message: 'You forgot the −½ per dimension.',
      value: answer + 0.5 * mu1.length,
    },
    {
      id: 'log-variance-ratio',
      message: 'You took the log of the variance ratio, ln(σ2²/σ1²), without the ½: it is ln(σ2/σ1) = ½ ln(σ2²/σ1²).',
      value: answer + mu1.reduce((acc, _, j) => acc + Math.log(s2[j]! / s1[j]!), 0),
    },
    {
      id: 'bits',
      message: 'You answered in bits (log base 2); the question asks for nats.',
      value: answer / Math.LN2,
    },
  ]);
  return { answer, tolerance, steps, misconceptions, contrasts };
}

const SIGMAS = [0.5, 0.8, 1, 1.2, 1.5, 2];

function generate(rng: Rng, level: Level): Params {
  const mean = (): number => rng.int(-15, 15) / 10;
  for (;;) {
    let p: Params;
    if (level === 1) {
      // the VAE case: posterior against the standard normal prior
      p = { mu1: mean(), sigma1: rng.pick(SIGMAS), mu2: 0, sigma2: 1 };
    } else if (level === 2) {
      p = { mu1: mean(), sigma1: rng.pick(SIGMAS), mu2: mean(), sigma2: rng.pick(SIGMAS) };
    } else {
      const d = 2;
      const prior = rng.next() < 0.5;
      p = {
        mu1: Array.from({ length: d }, mean),
        sigma1: Array.from({ length: d }, () => rng.pick(SIGMAS)),
        mu2: prior ? [0, 0] : Array.from({ length: d }, mean),
        sigma2: prior ? [1, 1] : Array.from({ length: d }, () => rng.pick(SIGMAS)),
      };
    }
    const g = read(p);
    if (klGaussian(g.mu1, g.s1, g.mu2, g.s2) >= 0.05) return p;
  }
}

function prompt(params: Params): string {
  const g = read(params);
  const show = (xs: number[]): string => (g.vector ? texVector(xs) : fmt(xs[0]!, 6));
  return [
    g.vector
      ? `Two Gaussians with diagonal covariance in ${g.mu1.length} dimensions: $\\mu_1 = ${show(g.mu1)}$, $\\sigma_1 = ${show(g.s1)}$ and $\\mu_2 = ${show(g.mu2)}$, $\\sigma_2 = ${show(g.s2)}$`
      : `Two Gaussians: $\\mathcal N(\\mu_1, \\sigma_1^2)$ with $\\mu_1 = ${show(g.mu1)}$, $\\sigma_1 = ${show(g.s1)}$ and $\\mathcal N(\\mu_2, \\sigma_2^2)$ with $\\mu_2 = ${show(g.mu2)}$, $\\sigma_2 = ${show(g.s2)}$`,
    '($\\sigma$ are standard deviations).',
    `What is $D_{KL}(\\mathcal N_1 \\| \\mathcal N_2)$ in nats? Answer ${toleranceText(INFO_TOLERANCE)}.`,
  ].join(' ');
}

export const klGaussianFamily: Family = {
  id: 'kl-gaussian',
  title: 'KL divergence between Gaussians',
  topic: 'essentials',
  sheet: [560, 561, 562, 563],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
