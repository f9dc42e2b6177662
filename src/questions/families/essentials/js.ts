// Jensen–Shannon divergence (sheet lines 97, 720):
//   D_JS(p‖q) = ½ D_KL(p‖m) + ½ D_KL(q‖m),  m = (p + q)/2;  0 ≤ D_JS ≤ ln 2 (1 bit), symmetric.
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { INFO_TOLERANCE } from './entropy.js';
import {
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
  { name: 'q', list: true, description: 'second distribution q (sum to 1)' },
  { name: 'base', default: 'e', description: 'log base: e (nats) or 2 (bits)' },
];

function read(params: Params): { p: number[]; q: number[]; base: number } {
  return readDistributionPair(PARAMS, params);
}

export function jsDivergence(p: readonly number[], q: readonly number[], base: number): number {
  const m = p.map((x, i) => (x + q[i]!) / 2);
  return 0.5 * klDivergence(p, m, base) + 0.5 * klDivergence(q, m, base);
}

function solve(params: Params): Solution {
  const { p, q, base } = read(params);
  const m = p.map((x, i) => (x + q[i]!) / 2);
  const klP = klDivergence(p, m, base);
  const klQ = klDivergence(q, m, base);
  const answer = 0.5 * klP + 0.5 * klQ;
  const tolerance = INFO_TOLERANCE;
  const log = logTex(base);
  const steps = [
    `$D_{JS}(p \\| q) = \\tfrac12 D_{KL}(p \\| m) + \\tfrac12 D_{KL}(q \\| m)$ with $m = \\tfrac12 (p + q) = ${texVector(m)}$`,
    `$D_{KL}(p \\| m) = \\sum_i p_i ${log} (p_i / m_i) = ${fmt(klP, 5)}$`,
    `$D_{KL}(q \\| m) = \\sum_i q_i ${log} (q_i / m_i) = ${fmt(klQ, 5)}$`,
    `$D_{JS} = \\tfrac12 (${fmt(klP, 5)} + ${fmt(klQ, 5)}) = ${fmt(answer, 5)}$ ${unitName(base)}`,
    `Answer: ${fmt(answer, 4)}`,
  ];
  const other = otherBase(base);
  const finiteKl = p.every((x, i) => (x > 0) === (q[i]! > 0));
  const { misconceptions, contrasts } = judge(answer, tolerance, [
    {
      id: 'symmetrised-kl',
      message: 'You averaged D_KL(p‖q) and D_KL(q‖p): JS compares each distribution with the mixture m = (p+q)/2, not with each other.',
      value: finiteKl ? 0.5 * klDivergence(p, q, base) + 0.5 * klDivergence(q, p, base) : NaN,
    },
    {
      id: 'other-base',
      message: `You answered in ${unitName(other)}; the question asks for ${unitName(base)}.`,
      value: jsDivergence(p, q, other),
    },
    {
      id: 'no-halves',
      message: 'You forgot the ½ factors: D_JS = ½ D_KL(p‖m) + ½ D_KL(q‖m).',
      value: klP + klQ,
    },
    {
      id: 'one-term',
      message: 'You computed only one of the two terms: add ½ D_KL(q‖m) as well.',
      value: 0.5 * klP,
    },
  ]);
  return { answer, tolerance, steps, misconceptions, contrasts };
}

function generate(rng: Rng, level: Level): Params {
  for (;;) {
    const { p, q } = randomDistributionPair(rng, level);
    const base = randomBase(rng);
    // JS divergences are small; keep the answer well above the absolute tolerance
    if (jsDivergence(p, q, base) >= 0.02) return { p, q, base };
  }
}

function prompt(params: Params): string {
  const { p, q, base } = read(params);
  return [
    `What is the Jensen–Shannon divergence $D_{JS}(p \\| q)$ (with the mixture $m = (p + q)/2$) for $p = ${texVector(p)}$ and $q = ${texVector(q)}$,`,
    `in ${unitPhrase(base)}? Answer ${toleranceText(INFO_TOLERANCE)}.`,
  ].join(' ');
}

export const jsFamily: Family = {
  id: 'js',
  title: 'Jensen–Shannon divergence',
  topic: 'essentials',
  sheet: [97, 720],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
