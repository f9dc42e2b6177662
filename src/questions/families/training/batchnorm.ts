// Batch normalization of one feature over a mini-batch in training mode (Ioffe & Szegedy, Algorithm 1):
// μ_B = mean, σ_B² = (1/m)Σ(x_i − μ_B)² (the biased variance, as PyTorch uses for normalizing),
// y_i = γ(x_i − μ_B)/√(σ_B² + ε) + β. The sheet's line 143 writes 1/(n−1) and γ as θ; both are
// transcription slips, and the (m−1) variance is a misconception here.
import { fmt, fmtList, fmtP } from '../../format.js';
import type { Family, Level, Misconception, ParamSpec, Params, Solution, Tolerance } from '../../types.js';
import { judge } from '../../../engine/compare.js';
import type { Rng } from '../../rng.js';
import { niceFloor, reader, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'x', list: true, description: 'the mini-batch values x_1, …, x_m of one feature (m ≥ 2)' },
  { name: 'gamma', default: 1, description: 'scale γ' },
  { name: 'beta', default: 0, description: 'shift β' },
  { name: 'eps', default: 1e-5, description: 'ε added to the variance' },
];

function solve(p: Params): Solution {
  const rd = reader(PARAMS, p);
  const x = rd.list('x');
  const gamma = rd.num('gamma');
  const beta = rd.num('beta');
  const eps = rd.num('eps');
  const m = x.length;
  if (m < 2) throw new Error('x must hold at least 2 values: one value normalizes to 0/0');
  if (!(eps >= 0)) throw new Error('eps must be ≥ 0');

  const mu = x.reduce((s, xi) => s + xi, 0) / m;
  const ss = x.reduce((s, xi) => s + (xi - mu) ** 2, 0);
  const variance = ss / m;
  if (!(variance + eps > 0)) throw new Error('all values are equal and eps = 0: the normalization is 0/0');
  const sd = Math.sqrt(variance + eps);
  const zHat = x.map((xi) => (xi - mu) / sd);
  const answer = zHat.map((z) => gamma * z + beta);
  const tolerance: Tolerance = { kind: 'relative', rel: 1e-2, abs: niceFloor(Math.max(1e-3, 0.01 * Math.abs(gamma))) };

  const affine = gamma !== 1 || beta !== 0;
  const steps: string[] = [
    'Batch norm (training): $\\mu_B = \\frac1m \\sum_i x_i$, $\\sigma_B^2 = \\frac1m \\sum_i (x_i - \\mu_B)^2$ (biased), $y_i = \\gamma \\frac{x_i - \\mu_B}{\\sqrt{\\sigma_B^2 + \\epsilon}} + \\beta$',
    `$\\mu_B = (${x.map((xi) => fmt(xi, 6)).join(' + ')}) / ${m} = ${fmt(mu, 6)}$`,
    `$\\sigma_B^2 = (${x.map((xi) => `(${fmt(xi, 6)} - ${fmtP(mu, 6)})^2`).join(' + ')}) / ${m} = ${fmt(ss, 6)} / ${m} = ${fmt(variance, 6)}$`,
    `$\\sqrt{\\sigma_B^2 + \\epsilon} = \\sqrt{${fmt(variance, 6)} + ${fmt(eps, 6)}} = ${fmt(sd, 6)}$`,
    `$\\hat x = (${fmtList(zHat, 5)})$`,
  ];
  if (affine) steps.push(`$y = ${fmt(gamma, 6)} \\cdot \\hat x + ${fmtP(beta, 6)} = (${fmtList(answer, 5)})$`);
  steps.push(`Answer: $y = (${fmtList(answer, 5)})$`);

  const unbiasedSd = Math.sqrt(ss / (m - 1) + eps);
  const candidates: Misconception[] = [
    {
      id: 'unbiased-variance',
      message: 'You used the unbiased variance (divide by m − 1); batch norm normalizes with the biased batch variance, 1/m.',
      value: x.map((xi) => (gamma * (xi - mu)) / unbiasedSd + beta),
    },
    {
      id: 'no-scale-shift',
      message: 'You stopped at the normalized x̂: the layer outputs γx̂ + β.',
      value: zHat,
      negligible: gamma === 1 && beta === 0,
    },
    {
      id: 'divide-by-variance',
      message: 'You divided by the variance; divide by the standard deviation √(σ² + ε).',
      value: x.map((xi) => (gamma * (xi - mu)) / (variance + eps) + beta),
    },
    {
      id: 'shift-before-scale',
      message: 'You added β before scaling by γ: y = γx̂ + β.',
      value: zHat.map((z) => gamma * (z + beta)),
      negligible: gamma === 1 || beta === 0,
    },
  ];
  return { answer, tolerance, steps, ...judge(answer, tolerance, candidates) };
}

function generate(rng: Rng, level: Level): Params {
  const m = level === 3 ? rng.int(5, 6) : 4;
  const draw = (): number => (level === 3 ? rng.int(-50, 50) / 10 : rng.int(-5, 10));
  let x = Array.from({ length: m }, draw);
  while (x.every((xi) => xi === x[0])) x = Array.from({ length: m }, draw);
  if (level === 1) return { x, gamma: 1, beta: 0, eps: 1e-5 };
  return {
    x,
    gamma: level === 2 ? rng.pick([2, 0.5, 1.5, 3]) : rng.int(5, 30) / 10,
    beta: level === 2 ? rng.pick([-1, 0.5, 1, 2]) : rng.int(-20, 20) / 10,
    eps: 1e-5,
  };
}

function prompt(p: Params): string {
  const { tolerance } = solve(p);
  const rd = reader(PARAMS, p);
  const x = rd.list('x');
  return [
    `A batch-norm layer in training mode receives a mini-batch of one feature, $x = (${fmtList(x, 6)})$,`,
    `with $\\gamma = ${fmt(rd.num('gamma'), 6)}$, $\\beta = ${fmt(rd.num('beta'), 6)}$, $\\epsilon = ${fmt(rd.num('eps'), 6)}$.`,
    'Normalize with the batch mean and the biased batch variance $\\sigma_B^2 = \\frac1m\\sum_i (x_i - \\mu_B)^2$:',
    '$y_i = \\gamma (x_i - \\mu_B)/\\sqrt{\\sigma_B^2 + \\epsilon} + \\beta$.',
    `Give $y_1, \\dots, y_{${x.length}}$ in order (${toleranceText(tolerance)} each).`,
  ].join(' ');
}

export const batchnorm: Family = {
  id: 'batchnorm',
  title: 'Batch normalization of a mini-batch',
  topic: 'training',
  sheet: [139, 141, 143, 145],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
