// First-visit Monte Carlo (sheet 908–912): the return G_t = Σ_k γ^k r_{t+k+1} from the FIRST time t
// the episode visits state s.
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, reader, REL_TOLERANCE, texVector, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'states', list: true, description: 'states s_0, …, s_{T−1} visited (integers)' },
  { name: 'rewards', list: true, description: 'rewards r_1, …, r_T (r_{t+1} follows s_t)' },
  { name: 'gamma', description: 'discount γ, in [0, 1]' },
  { name: 'state', description: 'the state whose return is asked' },
];

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const states = rd.list('states');
  const rewards = rd.list('rewards');
  if (states.length !== rewards.length) throw new Error('states and rewards must have the same length (one reward after each state)');
  const gamma = rd.num('gamma');
  if (!(gamma >= 0 && gamma <= 1)) throw new Error('gamma must be in [0, 1]');
  const s = rd.num('state');
  if (!states.includes(s)) throw new Error(`state ${s} is not visited in the episode`);
  return { states, rewards, gamma, s };
}

const returnFrom = (rewards: readonly number[], gamma: number, t: number): number =>
  rewards.slice(t).reduce((acc, r, k) => acc + gamma ** k * r, 0);

function solve(p: Params): Solution {
  const { states, rewards, gamma, s } = read(p);
  const visits = states.flatMap((x, t) => (x === s ? [t] : []));
  const first = visits[0]!;
  const answer = returnFrom(rewards, gamma, first);
  const tolerance = REL_TOLERANCE;
  const every = visits.map((t) => returnFrom(rewards, gamma, t));
  const steps = [
    'First-visit MC: $G_t = \\sum_{k \\ge 0} \\gamma^k r_{t+k+1}$ from the first time $t$ the state is visited',
    `State ${s} is first visited at $t = ${first}$${visits.length > 1 ? ` (again at ${visits.slice(1).map((t) => `$t = ${t}$`).join(', ')}, ignored)` : ''}`,
    `$G_{${first}} = ${rewards.slice(first).map((r, k) => `${fmt(gamma, 6)}^{${k}} \\cdot ${fmt(r, 6)}`).join(' + ')} = ${fmt(answer, 5)}$`,
    `Answer: ${fmt(answer, 4)}`,
  ];
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      visits.length > 1 ? { id: 'every-visit', message: 'You averaged the returns of every visit (every-visit MC); first-visit uses only the first.', value: every.reduce((a, b) => a + b, 0) / every.length } : null,
      visits.length > 1 ? { id: 'last-visit', message: 'You took the return from the last visit; first-visit MC uses the first.', value: every[every.length - 1]! } : null,
      { id: 'no-discount', message: 'You forgot to discount: later rewards are weighted by γ^k.', value: rewards.slice(first).reduce((a, b) => a + b, 0) },
      { id: 'whole-episode', message: 'You summed from the start of the episode; the return starts at the visit.', value: returnFrom(rewards, gamma, 0), negligible: first === 0 },
      { id: 'skip-first-reward', message: 'The return starts with r_{t+1}, the reward right after the visit.', value: returnFrom(rewards, gamma, first + 1) },
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  const T = level === 1 ? 4 : level === 2 ? 5 : 6;
  for (;;) {
    const states = Array.from({ length: T }, () => rng.int(1, 3));
    const rewards = Array.from({ length: T }, () => (level === 3 ? rng.int(-20, 30) / 10 : rng.int(-2, 3)));
    const counts = [1, 2, 3].map((x) => states.filter((y) => y === x).length);
    const repeated = [1, 2, 3].filter((_x, i) => counts[i]! >= 2);
    if (repeated.length === 0) continue;
    return { states, rewards, gamma: rng.pick(level === 1 ? [0.5, 0.9] : [0.5, 0.8, 0.9]), state: rng.pick(repeated) };
  }
}

function prompt(p: Params): string {
  const { states, rewards, gamma, s } = read(p);
  return [
    `An episode visits the states $${texVector(states)}$ (at $t = 0, 1, \\dots$) and receives the rewards $${texVector(rewards)}$ ($r_{t+1}$ after $s_t$), then ends.`,
    `With $\\gamma = ${fmt(gamma, 6)}$, what return does first-visit Monte Carlo record for state ${s}? Answer ${toleranceText(REL_TOLERANCE)}.`,
  ].join(' ');
}

export const firstVisitMc: Family = {
  id: 'first-visit-mc',
  title: 'First-visit Monte Carlo return',
  topic: 'rl-classical',
  sheet: [908, 910],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
