// Cross-entropy of q relative to p (sheet line 93): H(p, q) = −Σ p_i log q_i = H(p) + KL(p‖q).
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { INFO_TOLERANCE } from './entropy.js';
import {
  crossEntropy,
  judge,
  entropy,
  klDivergence,
  logTex,
  otherBase,
  randomBase,
  randomDistribution,
  randomDistributionPair,
  readDistributionPair,
  texVector,
  toleranceText,
  unitName,
  unitPhrase,
} from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'p', list: true, description: 'true distribution p (sum to 1), e.g. a one-hot label' },
  { name: 'q', list: true, description: 'model distribution q (sum to 1, q_i > 0 where p_i > 0)' },
  { name: 'base', default: 'e', description: 'log base: e (nats) or 2 (bits)' },
];

function read(params: Params): { p: number[]; q: number[]; base: number } {
  return readDistributionPair(PARAMS, params, 'H(p, q)');
}

function solve(params: Params): Solution {
  const { p, q, base } = read(params);
  const answer = crossEntropy(p, q, base);
  const tolerance = INFO_TOLERANCE;
  const log = logTex(base);
  const idx = p.flatMap((x, i) => (x > 0 ? [i] : []));
  const steps = [
    `$H(p, q) = -\\sum_i p_i ${log} q_i$ (terms with $p_i = 0$ contribute 0)`,
    `$H(p, q) = -(${idx.map((i) => `${fmt(p[i]!, 6)} ${log} ${fmt(q[i]!, 6)}`).join(' + ')})$`,
    `$= ${idx.map((i) => fmt((-p[i]! * Math.log(q[i]!)) / Math.log(base), 4)).join(' + ')} = ${fmt(answer, 5)}$ ${unitName(base)}`,
    `Check: $H(p, q) = H(p) + D_{KL}(p \\| q) = ${fmt(entropy(p, base), 4)} + ${fmt(klDivergence(p, q, base), 4)}$`,
    `Answer: ${fmt(answer, 4)}`,
  ];
  const other = otherBase(base);
  const { misconceptions, contrasts } = judge(answer, tolerance, [
    {
      id: 'swapped',
      message: 'You swapped the arguments: H(p, q) = −Σ p log q weights by the true distribution p and takes the log of q.',
      value: crossEntropy(q, p, base),
    },
    {
      id: 'other-base',
      message: `You answered in ${unitName(other)}; the question asks for ${unitName(base)}.`,
      value: crossEntropy(p, q, other),
    },
    {
      id: 'entropy-only',
      message: 'You computed the entropy H(p); cross-entropy also contains D_KL(p‖q): H(p, q) = H(p) + D_KL(p‖q).',
      value: entropy(p, base),
    },
    {
      id: 'kl-instead',
      message: 'You computed D_KL(p‖q); the cross-entropy adds H(p) to it.',
      value: klDivergence(p, q, base),
    },
    {
      id: 'sign',
      message: 'You dropped the minus sign: H(p, q) = −Σ p log q ≥ 0.',
      value: -answer,
    },
  ]);
  return { answer, tolerance, steps, misconceptions, contrasts };
}

function generate(rng: Rng, level: Level): Params {
  if (level === 2 && rng.next() < 0.5) {
    // classification loss: a one-hot label against a predicted distribution
    const n = rng.int(3, 4);
    const p = Array.from({ length: n }, () => 0);
    p[rng.int(0, n - 1)] = 1;
    return { p, q: randomDistribution(rng, n, 20), base: Math.E };
  }
  const { p, q } = randomDistributionPair(rng, level);
  return { p, q, base: randomBase(rng) };
}

function prompt(params: Params): string {
  const { p, q, base } = read(params);
  return [
    `What is the cross-entropy $H(p, q) = -\\sum_i p_i \\log q_i$ of $q = ${texVector(q)}$ relative to $p = ${texVector(p)}$,`,
    `in ${unitPhrase(base)}? Answer ${toleranceText(INFO_TOLERANCE)}.`,
  ].join(' ');
}

export const crossEntropyFamily: Family = {
  id: 'cross-entropy',
  title: 'Cross-entropy of two distributions',
  topic: 'essentials',
  sheet: [93, 119, 121],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
