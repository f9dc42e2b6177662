// The discounted return of an episode's rewards: G_0 = Σ_{t=0}^{T−1} γ^t r_{t+1} — the first reward is
// not discounted. (The sheet's line 876 writes γ^k in G_t = Σ_{k=t} γ^k R_{k+1}; that is γ^{k−t}, and the
// same for G_0.)
import { fmt, fmtList, fmtP } from '../../format.js';
import type { Family, Level, Misconception, ParamSpec, Params, Solution, Tolerance } from '../../types.js';
import { judge } from '../../../engine/compare.js';
import type { Rng } from '../../rng.js';
import { niceFloor, reader, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'rewards', list: true, description: 'the rewards r_1, …, r_T in the order received' },
  { name: 'gamma', description: 'discount factor γ, in [0, 1]' },
];

const discounted = (rs: readonly number[], gamma: number, shift: number): number =>
  rs.reduce((s, r, t) => s + gamma ** (t + shift) * r, 0);

function solve(p: Params): Solution {
  const rd = reader(PARAMS, p);
  const rewards = rd.list('rewards');
  const gamma = rd.num('gamma');
  if (!(gamma >= 0 && gamma <= 1)) throw new Error('gamma must be in [0, 1]');
  const answer = discounted(rewards, gamma, 0);
  const scale = rewards.reduce((s, r) => Math.max(s, Math.abs(r)), 0);
  const tolerance: Tolerance = { kind: 'relative', rel: 1e-2, abs: niceFloor(Math.max(1e-3, 1e-3 * scale)) };

  const terms = rewards.map((r, t) => (t === 0 ? fmtP(r, 6) : `${fmt(gamma, 6)}^{${t}} \\cdot ${fmtP(r, 6)}`));
  const values = rewards.map((r, t) => gamma ** t * r);
  const steps = [
    '$G_0 = \\sum_{t=0}^{T-1} \\gamma^t r_{t+1} = r_1 + \\gamma r_2 + \\gamma^2 r_3 + \\dots$ (the first reward is not discounted)',
    `$G_0 = ${terms.join(' + ')}$`,
    `$= ${values.map((v) => fmtP(v, 6)).join(' + ')} = ${fmt(answer, 6)}$`,
    `Answer: $G_0 = ${fmt(answer, 6)}$`,
  ];
  const candidates: Misconception[] = [
    {
      id: 'no-discount',
      message: 'You summed the rewards without discounting: later rewards are weighted by γ^t.',
      value: rewards.reduce((s, r) => s + r, 0),
    },
    {
      id: 'discount-first-reward',
      message: 'You discounted the first reward too: G_0 = r_1 + γr_2 + …, so r_1 gets γ^0 = 1.',
      value: discounted(rewards, gamma, 1),
    },
    {
      id: 'reversed-order',
      message: 'You discounted from the end of the episode; the discount grows with the time from now, so r_1 is undiscounted.',
      value: discounted(rewards.slice().reverse(), gamma, 0),
    },
  ];
  return { answer, tolerance, steps, ...judge(answer, tolerance, candidates) };
}

function generate(rng: Rng, level: Level): Params {
  const T = level === 1 ? 3 : level === 2 ? rng.int(4, 5) : rng.int(5, 7);
  const rewards = Array.from({ length: T }, () =>
    level === 1 ? rng.int(0, 5) : level === 2 ? rng.int(-3, 5) : rng.int(-10, 10),
  );
  // a non-zero last reward, so discounting visibly matters
  if (rewards[T - 1] === 0) rewards[T - 1] = rng.pick([1, 2, 5]);
  const gamma = rng.pick(level === 1 ? [0.5, 0.9] : level === 2 ? [0.9, 0.8, 0.5] : [0.9, 0.95, 0.99, 0.8]);
  return { rewards, gamma };
}

function prompt(p: Params): string {
  const { tolerance } = solve(p);
  const rd = reader(PARAMS, p);
  const rewards = rd.list('rewards');
  return [
    `An episode yields the rewards $r_1, \\dots, r_{${rewards.length}} = ${fmtList(rewards, 6)}$ (in order) and then ends.`,
    `With discount $\\gamma = ${fmt(rd.num('gamma'), 6)}$, what is the return $G_0 = \\sum_{t=0}^{T-1} \\gamma^t r_{t+1}$ from the start? (${toleranceText(tolerance)})`,
  ].join(' ');
}

export const discountedReturn: Family = {
  id: 'discounted-return',
  title: 'Discounted return of an episode',
  topic: 'rl-classical',
  sheet: [868, 876],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
