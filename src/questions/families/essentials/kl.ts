// Kullback–Leibler divergence (sheet lines 85, 89): D_KL(p‖q) = Σ p_i log(p_i / q_i), ≥ 0, not symmetric.
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { INFO_TOLERANCE } from './entropy.js';
import {
  crossEntropy,
  judge,
  klDivergence,
  logTex,
  otherBase,
  randomBase,
  randomDistributionPair,
  readDistributionPair,
  texVector,
  toleranceText,
  unitName,
  unitPhrase,
} from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'p', list: true, description: 'first distribution p (sum to 1)' },
  { name: 'q', list: true, description: 'second distribution q (sum to 1, q_i > 0 where p_i > 0)' },
  { name: 'base', default: 'e', description: 'log base: e (nats) or 2 (bits)' },
];

function read(params: Params): { p: number[]; q: number[]; base: number } {
  return readDistributionPair(PARAMS, params, 'D_KL(p‖q)');
}

function solve(params: Params): Solution {
  const { p, q, base } = read(params);
  const answer = klDivergence(p, q, base);
  const tolerance = INFO_TOLERANCE;
  const log = logTex(base);
  const idx = p.flatMap((x, i) => (x > 0 ? [i] : []));
  const steps = [
    `$D_{KL}(p \\| q) = \\sum_i p_i ${log} (p_i / q_i)$ (terms with $p_i = 0$ contribute 0)`,
    `$= ${idx.map((i) => `${fmt(p[i]!, 6)} ${log} (${fmt(p[i]!, 6)} / ${fmt(q[i]!, 6)})`).join(' + ')}$`,
    `$= ${idx.map((i) => fmt((p[i]! * Math.log(p[i]! / q[i]!)) / Math.log(base), 4)).join(' + ').replace(/\+ -/g, '- ')} = ${fmt(answer, 5)}$ ${unitName(base)}`,
    `Answer: ${fmt(answer, 4)}`,
  ];
  const other = otherBase(base);
  const { misconceptions, contrasts } = judge(answer, tolerance, [
    {
      id: 'swapped',
      message: 'You computed D_KL(q‖p): KL is not symmetric; D_KL(p‖q) weights by p and takes log(p/q).',
      value: q.every((x, i) => x === 0 || p[i]! > 0) ? klDivergence(q, p, base) : NaN,
    },
    {
      id: 'other-base',
      message: `You answered in ${unitName(other)}; the question asks for ${unitName(base)}.`,
      value: klDivergence(p, q, other),
    },
    {
      id: 'sign',
      message: 'You flipped the ratio: D_KL(p‖q) = Σ p log(p/q) = −Σ p log(q/p), and it is never negative.',
      value: -answer,
    },
    {
      id: 'cross-entropy',
      message: 'You computed the cross-entropy H(p, q); D_KL(p‖q) = H(p, q) − H(p).',
      value: crossEntropy(p, q, base),
    },
  ]);
  return { answer, tolerance, steps, misconceptions, contrasts };
}

function generate(rng: Rng, level: Level): Params {
  for (;;) {
    const { p, q } = randomDistributionPair(rng, level);
    const base = randomBase(rng);
    // keep the answer well above the absolute tolerance
    if (klDivergence(p, q, base) >= 0.05) return { p, q, base };
  }
}

function prompt(params: Params): string {
  const { p, q, base } = read(params);
  return [
    `What is the Kullback–Leibler divergence $D_{KL}(p \\| q)$ for $p = ${texVector(p)}$ and $q = ${texVector(q)}$,`,
    `in ${unitPhrase(base)}? Answer ${toleranceText(INFO_TOLERANCE)}.`,
  ].join(' ');
}

export const klFamily: Family = {
  id: 'kl',
  title: 'KL divergence of two distributions',
  topic: 'essentials',
  sheet: [85, 89],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
