// Softmax of a vector (sheet line 113): softmax(x)_i = e^{x_i} / Σ_j e^{x_j}.
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution, Tolerance } from '../../types.js';
import { judge, reader, texVector, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [{ name: 'x', list: true, description: 'logits x_1, …, x_n' }];

const TOLERANCE: Tolerance = { kind: 'relative', rel: 1e-2, abs: 1e-4 }; // findings D11: a floor only near 0

function read(params: Params): number[] {
  const x = reader(PARAMS, params).list('x');
  if (x.length < 2) throw new Error('x needs at least 2 entries');
  if (x.length > 100) throw new Error('x has at most 100 entries');
  return x;
}

/** Softmax with the maximum subtracted first (same result, no overflow). */
export function softmax(x: readonly number[], base = Math.E): number[] {
  const m = Math.max(...x);
  const e = x.map((v) => base ** (v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

function solve(params: Params): Solution {
  const x = read(params);
  const answer = softmax(x);
  const tolerance = TOLERANCE;
  const ex = x.map((v) => Math.exp(v));
  // any finite logits: subtract the maximum first (the result is the same, e^{x−m} never overflows)
  const mx = Math.max(...x);
  const shifted = mx > 50 || mx < -50;
  const ez = x.map((v) => Math.exp(shifted ? v - mx : v));
  const z = ez.reduce((a, b) => a + b, 0);
  const e = shifted ? `e^{x_i - ${fmt(mx, 6)}}` : 'e^{x_i}';
  const steps = [
    '$\\mathrm{softmax}(x)_i = e^{x_i} / \\sum_j e^{x_j}$',
    ...(shifted ? [`Subtract the maximum $m = ${fmt(mx, 6)}$ first: $e^{x_i - m} / \\sum_j e^{x_j - m}$ is the same value without overflow`] : []),
    `$${e} = (${ez.map((v) => fmt(v, 5)).join(', ')})$`,
    `$\\sum_j ${e.replace('x_i', 'x_j')} = ${fmt(z, 5)}$`,
    `$\\mathrm{softmax}(x) = (${ez.map((v) => `${fmt(v, 5)} / ${fmt(z, 5)}`).join(', ')}) = ${texVector(answer, 4)}$`,
    `Answer: ${answer.map((v) => fmt(v, 4)).join(', ')}`,
  ];
  const total = x.reduce((a, b) => a + b, 0);
  const { misconceptions, contrasts } = judge(answer, tolerance, [
    {
      id: 'no-exponent',
      message: 'You normalised x itself (x_i / Σx_j): softmax exponentiates first, e^{x_i} / Σ e^{x_j}.',
      value: Math.abs(total) > 1e-12 ? x.map((v) => v / total) : [NaN],
    },
    {
      id: 'no-normalisation',
      message: 'You forgot to divide by Σ_j e^{x_j}: the softmax outputs sum to 1.',
      value: ex,
    },
    {
      id: 'base-two',
      message: 'You used powers of 2; softmax uses e^{x_i}.',
      value: softmax(x, 2),
    },
    {
      id: 'negated',
      message: 'You used e^{−x_i}: the largest logit gets the largest probability.',
      value: softmax(x.map((v) => -v)),
    },
  ]);
  return { answer, tolerance, steps, misconceptions, contrasts };
}

function generate(rng: Rng, level: Level): Params {
  for (;;) {
    const n = level === 1 ? 3 : level === 2 ? rng.int(3, 4) : rng.int(4, 5);
    const x = Array.from({ length: n }, () => (level === 1 ? rng.int(-1, 3) : level === 2 ? rng.int(-10, 30) / 10 : rng.int(-30, 30) / 10));
    if (new Set(x).size >= 2) return { x };
  }
}

function prompt(params: Params): string {
  const x = read(params);
  return [
    `What is $\\mathrm{softmax}(x)$ for $x = ${texVector(x)}$?`,
    `Give the ${x.length} values in order $s_1, \\dots, s_${x.length}$, separated by commas, each ${toleranceText(TOLERANCE)}.`,
  ].join(' ');
}

export const softmaxFamily: Family = {
  id: 'softmax',
  title: 'Softmax of a vector',
  topic: 'nn-basics',
  sheet: [113],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
