// Negative log-likelihood of logistic regression (sheet lines 103–111; the sheet's line 111 drops
// the leading minus sign):
//   NLL = −Σ_i [ y_i ln σ(wᵀx_i + b) + (1 − y_i) ln(1 − σ(wᵀx_i + b)) ]
// Convention: with a single label y, x is one example (as many features as w). With a list of m
// labels, x holds the m examples one after the other (row-major, m · len(w) numbers).
import { fmt, fmtP } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { INFO_TOLERANCE } from '../essentials/entropy.js';
import { judge, reader, texVector, toleranceText, when } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'w', list: true, description: 'weights w (one per feature)' },
  { name: 'b', default: 0, description: 'bias b' },
  { name: 'x', list: true, description: 'features: one example, or m examples one after the other when y is a list of m labels' },
  { name: 'y', list: true, description: 'label 0 or 1, or a list of m labels' },
];

interface Data {
  w: number[];
  b: number;
  /** examples, each with len(w) features */
  xs: number[][];
  ys: number[];
}

function read(params: Params): Data {
  const r = reader(PARAMS, params);
  const w = r.list('w');
  const b = r.num('b');
  const x = r.list('x');
  const ys = r.list('y');
  if (ys.some((y) => y !== 0 && y !== 1)) throw new Error('labels y must be 0 or 1');
  if (ys.length > 100) throw new Error('at most 100 examples');
  if (x.length !== ys.length * w.length) {
    throw new Error(`x must have len(y) · len(w) = ${ys.length} · ${w.length} = ${ys.length * w.length} numbers (got ${x.length})`);
  }
  const xs = ys.map((_, i) => x.slice(i * w.length, (i + 1) * w.length));
  return { w, b, xs, ys };
}

/** ln(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** −[y ln σ(z) + (1−y) ln(1−σ(z))] = softplus(z) − y·z, computed stably. */
export function logisticLoss(z: number, y: number): number {
  return softplus(z) - y * z;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function solve(params: Params): Solution {
  const { w, b, xs, ys } = read(params);
  const zs = xs.map((x) => x.reduce((acc, v, j) => acc + w[j]! * v, b));
  const losses = zs.map((z, i) => logisticLoss(z, ys[i]!));
  const answer = losses.reduce((a, c) => a + c, 0);
  const tolerance = INFO_TOLERANCE;
  const m = ys.length;
  const steps = ['$\\mathrm{NLL} = -\\sum_i \\left[ y_i \\ln \\sigma(z_i) + (1 - y_i) \\ln (1 - \\sigma(z_i)) \\right]$ with $z_i = w^\\top x_i + b$, $\\sigma(z) = 1/(1 + e^{-z})$'];
  xs.forEach((x, i) => {
    const z = zs[i]!;
    const s = sigmoid(z);
    const label = m > 1 ? `Example ${i + 1}: ` : '';
    steps.push(
      `${label}$z = ${x.map((v, j) => `${fmtP(w[j]!, 6)} \\cdot ${fmtP(v, 6)}`).join(' + ')} + ${fmtP(b, 6)} = ${fmt(z, 5)}$, $\\sigma(z) = ${fmt(s, 5)}$`,
      ys[i] === 1
        ? `${label}$y = 1$: loss $= -\\ln \\sigma(z) = -\\ln ${fmt(s, 5)} = ${fmt(losses[i]!, 5)}$`
        : `${label}$y = 0$: loss $= -\\ln (1 - \\sigma(z)) = -\\ln ${fmt(1 - s, 5)} = ${fmt(losses[i]!, 5)}$`,
    );
  });
  if (m > 1) steps.push(`Sum over the ${m} examples: $${losses.map((l) => fmt(l, 5)).join(' + ')} = ${fmt(answer, 5)}$`);
  steps.push(`Answer: ${fmt(answer, 4)}`);
  const { misconceptions, contrasts } = judge(answer, tolerance, [
    {
      id: 'wrong-sign',
      message: 'You dropped the minus sign (that is the log-likelihood): the negative log-likelihood −Σ[y ln σ + (1−y) ln(1−σ)] is ≥ 0.',
      value: -answer,
    },
    when(ys.includes(0), {
      id: 'log-sigma-for-zero-label',
      message: 'For a label y = 0 the loss is −ln(1 − σ(z)), not −ln σ(z).',
      value: zs.reduce((acc, z) => acc + logisticLoss(z, 1), 0),
    }),
    when(ys.includes(1), {
      id: 'log-one-minus-sigma-for-one-label',
      message: 'For a label y = 1 the loss is −ln σ(z), not −ln(1 − σ(z)).',
      value: zs.reduce((acc, z) => acc + logisticLoss(z, 0), 0),
    }),
    when(b !== 0, {
      id: 'no-bias',
      message: 'You left out the bias b in z = wᵀx + b.',
      value: zs.reduce((acc, z, i) => acc + logisticLoss(z - b, ys[i]!), 0),
    }),
    when(m > 1, {
      id: 'mean-instead-of-sum',
      message: 'You averaged over the examples; the negative log-likelihood is the sum.',
      value: answer / m,
    }),
    {
      id: 'bits',
      message: 'You used log base 2; the question uses the natural log.',
      value: answer / Math.LN2,
    },
  ]);
  return { answer, tolerance, steps, misconceptions, contrasts };
}

function generate(rng: Rng, level: Level): Params {
  const small = (): number => (level === 1 ? rng.int(-2, 2) : rng.int(-20, 20) / 10);
  const features = level === 1 ? rng.int(1, 2) : level === 2 ? rng.int(2, 3) : 2;
  const m = level === 3 ? rng.int(2, 3) : 1;
  const w = Array.from({ length: features }, () => {
    const v = small();
    return v === 0 ? 1 : v;
  });
  const b = level === 1 ? rng.pick([0, 0.5, 1, -1]) : rng.int(-10, 10) / 10;
  const x = Array.from({ length: m * features }, () => (level === 1 ? rng.int(-2, 3) : rng.int(-20, 30) / 10));
  const ys = Array.from({ length: m }, () => rng.int(0, 1));
  return { w, b, x, y: m === 1 ? ys[0]! : ys };
}

function prompt(params: Params): string {
  const { w, b, xs, ys } = read(params);
  const m = ys.length;
  const data =
    m === 1
      ? `the example $x = ${texVector(xs[0]!)}$ with label $y = ${ys[0]}$`
      : `the ${m} examples ${xs.map((x, i) => `$x_${i + 1} = ${texVector(x)}$ ($y_${i + 1} = ${ys[i]}$)`).join(', ')}`;
  return [
    `A logistic-regression model $p(y = 1 \\mid x) = \\sigma(w^\\top x + b)$ has $w = ${texVector(w)}$ and $b = ${fmt(b, 6)}$.`,
    `What is its negative log-likelihood (natural log${m > 1 ? ', summed over the examples' : ''}) on ${data}?`,
    `Answer ${toleranceText(INFO_TOLERANCE)}.`,
  ].join(' ');
}

export const sigmoidNll: Family = {
  id: 'sigmoid-nll',
  title: 'Logistic regression negative log-likelihood',
  topic: 'nn-basics',
  sheet: [103, 105, 107, 109, 111],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
