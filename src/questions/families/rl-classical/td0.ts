// One TD(0) update of a state value (sheet line 916): V(s) ← V(s) + α[r + γV(s') − V(s)].
import { fmt, fmtP, fmtTo } from '../../format.js';
import type { Family, Level, Misconception, ParamSpec, Params, Solution } from '../../types.js';
import { judge } from '../../../engine/compare.js';
import type { Rng } from '../../rng.js';
import { changeTolerance, reader, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'v', description: 'current estimate V(s)' },
  { name: 'reward', description: 'reward r received on the transition s → s\'' },
  { name: 'gamma', description: 'discount factor γ, in [0, 1]' },
  { name: 'alpha', description: 'step size α, in (0, 1]' },
  { name: 'next_v', description: 'current estimate V(s\') of the next state' },
];

function solve(p: Params): Solution {
  const rd = reader(PARAMS, p);
  const v = rd.num('v');
  const reward = rd.num('reward');
  const gamma = rd.num('gamma');
  const alpha = rd.num('alpha');
  const nextV = rd.num('next_v');
  if (!(gamma >= 0 && gamma <= 1)) throw new Error('gamma must be in [0, 1]');
  if (!(alpha > 0 && alpha <= 1)) throw new Error('alpha must be in (0, 1]');

  const target = reward + gamma * nextV;
  const tdError = target - v;
  const answer = v + alpha * tdError;
  const tolerance = changeTolerance([alpha * tdError]);
  const abs = tolerance.kind === 'relative' ? tolerance.abs : 1e-6;

  const steps = [
    'TD(0): $V(s) \\leftarrow V(s) + \\alpha\\,[r + \\gamma V(s\') - V(s)]$',
    `TD error $\\delta = ${fmtP(reward, 6)} + ${fmt(gamma, 6)} \\cdot ${fmtP(nextV, 6)} - ${fmtP(v, 6)} = ${fmt(tdError, 6)}$`,
    `$V(s) \\leftarrow ${fmt(v, 6)} + ${fmt(alpha, 6)} \\cdot ${fmtP(tdError, 6)} = ${fmtTo(answer, abs)}$`,
    `Answer: $V(s) = ${fmtTo(answer, abs)}$`,
  ];
  const candidates: Misconception[] = [
    {
      id: 'td-sign-flip',
      message: 'You moved away from the target: the update is V(s) + α(target − V(s)), not V(s) + α(V(s) − target).',
      value: v - alpha * tdError,
    },
    {
      id: 'unchanged',
      message: 'You left V(s) unchanged: one update moves it a fraction α toward the TD target.',
      value: v,
    },
    {
      id: 'no-gamma',
      message: 'You forgot the discount: the TD target is r + γV(s\').',
      value: v + alpha * (reward + nextV - v),
    },
    {
      id: 'no-alpha',
      message: 'You replaced V(s) by the TD target; the update moves only a fraction α of the way.',
      value: target,
    },
    {
      id: 'no-minus-v',
      message: 'You added α·target without subtracting V(s): the update uses the TD error, r + γV(s\') − V(s).',
      value: v + alpha * target,
    },
    {
      id: 'swapped-states',
      message: 'You swapped s and s\': the state being updated is s, bootstrapping from V(s\').',
      value: nextV + alpha * (reward + gamma * v - nextV),
    },
  ];
  return { answer, tolerance, steps, ...judge(answer, tolerance, candidates) };
}

function generate(rng: Rng, level: Level): Params {
  for (;;) {
    const params = {
      v: level === 1 ? rng.int(-5, 10) : rng.int(-20, 50) / 10,
      reward: level === 3 ? rng.int(-20, 20) / 10 : rng.int(-2, 5),
      gamma: rng.pick(level === 1 ? [0.9, 0.5] : [0.9, 0.99, 0.8, 0.5]),
      alpha: rng.pick(level === 1 ? [0.1, 0.5] : [0.1, 0.2, 0.5, 0.05]),
      next_v: level === 1 ? rng.int(-5, 10) : rng.int(-20, 50) / 10,
    };
    // a TD error big enough to see
    if (Math.abs(params.reward + params.gamma * params.next_v - params.v) >= 0.2) return params;
  }
}

function prompt(p: Params): string {
  const { tolerance } = solve(p);
  const rd = reader(PARAMS, p);
  return [
    `From state $s$ with $V(s) = ${fmt(rd.num('v'), 6)}$ the agent receives $r = ${fmt(rd.num('reward'), 6)}$ and moves to $s'$ with $V(s') = ${fmt(rd.num('next_v'), 6)}$.`,
    `With $\\alpha = ${fmt(rd.num('alpha'), 6)}$ and $\\gamma = ${fmt(rd.num('gamma'), 6)}$, what is $V(s)$ after one TD(0) update? (${toleranceText(tolerance)})`,
  ].join(' ');
}

export const td0: Family = {
  id: 'td0',
  title: 'TD(0): one value update',
  topic: 'rl-classical',
  sheet: [916],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
