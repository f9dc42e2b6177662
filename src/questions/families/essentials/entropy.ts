// Entropy of a discrete distribution (sheet line 91): H(p) = −Σ p_i log p_i, with 0·log 0 = 0.
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution, Tolerance } from '../../types.js';
import {
  checkBase,
  checkDistribution,
  judge,
  entropy,
  logTex,
  otherBase,
  randomBase,
  randomDistribution,
  reader,
  texVector,
  toleranceText,
  unitName,
  unitPhrase,
  when,
} from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'p', list: true, description: 'probabilities p_1, …, p_n (sum to 1)' },
  { name: 'base', default: 'e', description: 'log base: e (nats) or 2 (bits)' },
];

export const INFO_TOLERANCE: Tolerance = { kind: 'relative', rel: 1e-2, abs: 1e-4 }; // findings D11: a floor only near 0

function read(params: Params): { p: number[]; base: number } {
  const r = reader(PARAMS, params);
  const p = r.list('p');
  checkDistribution('p', p);
  const base = r.num('base');
  checkBase(base);
  return { p, base };
}

function solve(params: Params): Solution {
  const { p, base } = read(params);
  const answer = entropy(p, base);
  const tolerance = INFO_TOLERANCE;
  const log = logTex(base);
  const terms = p.filter((x) => x > 0);
  const steps = [
    `$H(p) = -\\sum_i p_i ${log} p_i$ (terms with $p_i = 0$ contribute 0)`,
    `$H(p) = -(${terms.map((x) => `${fmt(x, 6)} ${log} ${fmt(x, 6)}`).join(' + ')})$`,
    `$= ${terms.map((x) => fmt((-x * Math.log(x)) / Math.log(base), 4)).join(' + ')} = ${fmt(answer, 5)}$ ${unitName(base)}`,
    `Answer: ${fmt(answer, 4)}`,
  ];
  const other = otherBase(base);
  const { misconceptions, contrasts } = judge(answer, tolerance, [
    {
      id: 'other-base',
      message: `You answered in ${unitName(other)}; the question asks for ${unitName(base)} (${base === Math.E ? 'natural log' : `log base ${fmt(base, 6)}`}).`,
      value: entropy(p, other),
    },
    {
      id: 'sign',
      message: 'You dropped the minus sign: entropy is −Σ p log p, which is never negative.',
      value: -answer,
    },
    when(base !== 10, {
      id: 'log10',
      message: `You used log base 10; use ${base === Math.E ? 'the natural log (nats)' : `log base ${fmt(base, 6)}`}.`,
      value: entropy(p, 10),
    }),
    {
      id: 'unweighted',
      message: 'You did not weight the terms by p_i: H(p) = −Σ p_i log p_i.',
      value: -terms.reduce((a, x) => a + Math.log(x), 0) / Math.log(base),
    },
  ]);
  return { answer, tolerance, steps, misconceptions, contrasts };
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 1 ? 2 : level === 2 ? 3 : rng.int(4, 5);
  const denominator = level === 1 ? 10 : level === 2 ? 20 : 100;
  const p = randomDistribution(rng, n, denominator, level === 3 ? 2 : 1);
  return { p, base: randomBase(rng) };
}

function prompt(params: Params): string {
  const { p, base } = read(params);
  return [
    `What is the entropy $H(p)$ of the distribution $p = ${texVector(p)}$, in ${unitPhrase(base)}?`,
    `Answer ${toleranceText(INFO_TOLERANCE)}.`,
  ].join(' ');
}

export const entropyFamily: Family = {
  id: 'entropy',
  title: 'Entropy of a distribution',
  topic: 'essentials',
  sheet: [91],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
