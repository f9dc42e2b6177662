// One synchronous sweep of value iteration (sheet line 896) on a corridor MDP defined by the params:
// states 1…n in a row, actions left and right; with probability 1 − slip the move happens, with
// probability slip the agent stays put; moving off either end leaves the agent where it is. Arriving in
// (or staying in) state j pays rewards_j. V_{k+1}(s) = max_a Σ_{s'} p(s'|s,a)[R(s') + γ V_k(s')], every
// state computed from the old V_k (synchronous, not in place).
import { fmt, fmtList, fmtP } from '../../format.js';
import type { Family, Level, Misconception, ParamSpec, Params, Solution, Tolerance } from '../../types.js';
import { judge } from '../../../engine/compare.js';
import type { Rng } from '../../rng.js';
import { niceFloor, reader, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'rewards', list: true, description: 'reward R_j for arriving in (or staying in) state j, one per state (2–10 states)' },
  { name: 'v', list: true, description: 'current estimate V_k, one value per state' },
  { name: 'gamma', default: 0.9, description: 'discount factor γ, in [0, 1]' },
  { name: 'slip', default: 0, description: 'probability that a move fails and the agent stays, in [0, 1)' },
];

interface Corridor {
  rewards: number[];
  gamma: number;
  slip: number;
}

/** Q(s, a) for a ∈ {−1 (left), +1 (right)} under values `v`. */
function actionValue(c: Corridor, v: readonly number[], s: number, dir: -1 | 1, slip = c.slip): number {
  const n = c.rewards.length;
  const moved = Math.min(n - 1, Math.max(0, s + dir));
  const backup = (j: number): number => c.rewards[j]! + c.gamma * v[j]!;
  return (1 - slip) * backup(moved) + slip * backup(s);
}

function sweep(c: Corridor, v: readonly number[], combine: (l: number, r: number) => number, slip = c.slip): number[] {
  return v.map((_, s) => combine(actionValue(c, v, s, -1, slip), actionValue(c, v, s, 1, slip)));
}

function solve(p: Params): Solution {
  const rd = reader(PARAMS, p);
  const rewards = rd.list('rewards');
  const v = rd.list('v');
  const gamma = rd.num('gamma');
  const slip = rd.num('slip');
  const n = rewards.length;
  if (n < 2 || n > 10) throw new Error('the corridor must have 2 to 10 states');
  if (v.length !== n) throw new Error(`v must have one value per state (${n}), got ${v.length}`);
  if (!(gamma >= 0 && gamma <= 1)) throw new Error('gamma must be in [0, 1]');
  if (!(slip >= 0 && slip < 1)) throw new Error('slip must be in [0, 1)');
  const c: Corridor = { rewards, gamma, slip };

  const answer = sweep(c, v, Math.max);
  const scale = Math.max(...rewards.map(Math.abs), ...v.map(Math.abs));
  const tolerance: Tolerance = { kind: 'relative', rel: 1e-2, abs: niceFloor(Math.max(1e-3, 1e-3 * scale)) };

  const term = (j: number): string => `${fmtP(rewards[j]!, 6)} + ${fmt(gamma, 6)} \\cdot ${fmtP(v[j]!, 6)}`;
  const qText = (s: number, dir: -1 | 1): string => {
    const moved = Math.min(n - 1, Math.max(0, s + dir));
    if (slip === 0 || moved === s) return `[${term(moved)}]`;
    return `${fmt(1 - slip, 6)}[${term(moved)}] + ${fmt(slip, 6)}[${term(s)}]`;
  };
  const steps: string[] = [
    '$V_{k+1}(s) = \\max_a \\sum_{s\'} p(s\'|s,a)\\,[R(s\') + \\gamma V_k(s\')]$, every state from the old $V_k$ (synchronous).',
  ];
  for (let s = 0; s < n; s++) {
    const ql = actionValue(c, v, s, -1);
    const qr = actionValue(c, v, s, 1);
    steps.push(
      `State ${s + 1}: left $${qText(s, -1)} = ${fmt(ql, 6)}$, right $${qText(s, 1)} = ${fmt(qr, 6)}$; $V_{k+1}(${s + 1}) = ${fmt(answer[s]!, 6)}$`,
    );
  }
  steps.push(`Answer: $V_{k+1} = (${fmtList(answer, 6)})$`);

  const inPlace = v.slice();
  for (let s = 0; s < n; s++) inPlace[s] = Math.max(actionValue(c, inPlace, s, -1), actionValue(c, inPlace, s, 1));
  const candidates: Misconception[] = [
    {
      id: 'mean-over-actions',
      message: 'You averaged over the actions (evaluating a random policy); value iteration takes the max over actions.',
      value: sweep(c, v, (l, r) => (l + r) / 2),
    },
    {
      id: 'no-gamma',
      message: 'You forgot the discount: each backup is R + γV_k(s\').',
      value: sweep({ ...c, gamma: 1 }, v, Math.max),
    },
    {
      id: 'in-place',
      message: 'You updated in place (using V_{k+1} of states already swept); a synchronous sweep uses only the old V_k.',
      value: inPlace,
    },
    {
      id: 'ignore-slip',
      message: `You ignored the slip: each move fails with probability ${fmt(slip, 6)} and the agent stays.`,
      value: sweep(c, v, Math.max, 0),
      negligible: slip === 0,
    },
  ];
  return { answer, tolerance, steps, ...judge(answer, tolerance, candidates) };
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 1 ? 3 : level === 2 ? 4 : rng.int(4, 5);
  const rewards = Array.from({ length: n }, () => rng.pick(level === 1 ? [0, 0, -1] : [0, -1, 1, 0]));
  // one rewarding state, so the max has something to choose
  rewards[rng.int(0, n - 1)] = rng.pick(level === 1 ? [1, 10] : [5, 10, 2]);
  const v = Array.from({ length: n }, () => (level === 1 ? rng.int(0, 5) : rng.int(-20, 50) / 10));
  return {
    rewards,
    v,
    gamma: level === 1 ? rng.pick([0.9, 0.5]) : rng.pick([0.9, 0.8, 0.5]),
    slip: level === 3 ? rng.pick([0.1, 0.2]) : 0,
  };
}

function prompt(p: Params): string {
  const { tolerance } = solve(p);
  const rd = reader(PARAMS, p);
  const rewards = rd.list('rewards');
  const n = rewards.length;
  const slip = rd.num('slip');
  const moves =
    slip === 0
      ? 'moves are deterministic'
      : `a move succeeds with probability $${fmt(1 - slip, 6)}$ and otherwise (probability $${fmt(slip, 6)}$) the agent stays where it is`;
  return [
    `A corridor MDP has states $1, \\dots, ${n}$ in a row and two actions, left and right; ${moves};`,
    `moving left from state 1 or right from state ${n} leaves the agent in place.`,
    `Arriving in (or staying in) state $j$ gives reward $R_j$, with $R = (${fmtList(rewards, 6)})$, and $\\gamma = ${fmt(rd.num('gamma'), 6)}$.`,
    `The current estimate is $V_k = (${fmtList(rd.list('v'), 6)})$.`,
    'Do one synchronous sweep of value iteration, $V_{k+1}(s) = \\max_a \\sum_{s\'} p(s\'|s,a)[R(s\') + \\gamma V_k(s\')]$ (every state from the old $V_k$).',
    `Give $V_{k+1}(1), \\dots, V_{k+1}(${n})$ in order (${toleranceText(tolerance)} each).`,
  ].join(' ');
}

export const valueIteration: Family = {
  id: 'value-iteration',
  title: 'Value iteration: one synchronous sweep',
  topic: 'rl-classical',
  sheet: [878, 884, 892, 896],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
