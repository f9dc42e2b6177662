// One Q-learning update (sheet line 922): Q(s,a) ← Q(s,a) + α[r + γ max_a' Q(s',a') − Q(s,a)].
// Off-policy: the target bootstraps from the greedy action in s', whatever the agent does next.
import { fmt, fmtList, fmtP, fmtTo } from '../../format.js';
import type { Family, Level, Misconception, ParamSpec, Params, Solution } from '../../types.js';
import { judge } from '../../../engine/compare.js';
import type { Rng } from '../../rng.js';
import { changeTolerance, reader, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'q', description: 'current estimate Q(s, a)' },
  { name: 'reward', description: 'reward r received for taking a in s' },
  { name: 'gamma', description: 'discount factor γ, in [0, 1]' },
  { name: 'alpha', description: 'step size α, in (0, 1]' },
  { name: 'next_q', list: true, description: 'Q(s\', ·): the values of every action in the next state s\'' },
];

function solve(p: Params): Solution {
  const rd = reader(PARAMS, p);
  const q = rd.num('q');
  const reward = rd.num('reward');
  const gamma = rd.num('gamma');
  const alpha = rd.num('alpha');
  const nextQ = rd.list('next_q');
  if (!(gamma >= 0 && gamma <= 1)) throw new Error('gamma must be in [0, 1]');
  if (!(alpha > 0 && alpha <= 1)) throw new Error('alpha must be in (0, 1]');

  const best = Math.max(...nextQ);
  const target = reward + gamma * best;
  const tdError = target - q;
  const answer = q + alpha * tdError;
  const tolerance = changeTolerance([alpha * tdError]);
  const abs = tolerance.kind === 'relative' ? tolerance.abs : 1e-6;

  const steps = [
    'Q-learning: $Q(s,a) \\leftarrow Q(s,a) + \\alpha\\,[r + \\gamma \\max_{a\'} Q(s\',a\') - Q(s,a)]$ (the target uses the greedy action in $s\'$).',
    `$\\max_{a'} Q(s',a') = \\max(${fmtList(nextQ, 6)}) = ${fmt(best, 6)}$`,
    `TD target $= ${fmtP(reward, 6)} + ${fmt(gamma, 6)} \\cdot ${fmtP(best, 6)} = ${fmt(target, 6)}$, TD error $= ${fmt(target, 6)} - ${fmtP(q, 6)} = ${fmt(tdError, 6)}$`,
    `$Q(s,a) \\leftarrow ${fmt(q, 6)} + ${fmt(alpha, 6)} \\cdot ${fmtP(tdError, 6)} = ${fmtTo(answer, abs)}$`,
    `Answer: $Q(s,a) = ${fmtTo(answer, abs)}$`,
  ];
  const update = (tgt: number): number => q + alpha * (tgt - q);
  const candidates: Misconception[] = [
    {
      id: 'td-sign-flip',
      message: 'You moved away from the target: the update is Q(s,a) + α(target − Q(s,a)), not Q(s,a) + α(Q(s,a) − target).',
      value: q - alpha * tdError,
    },
    {
      id: 'unchanged',
      message: 'You left Q(s,a) unchanged: one update moves it a fraction α toward the TD target.',
      value: q,
    },
    {
      id: 'mean-target',
      message: 'You averaged Q(s\',·) over the actions (an expected-SARSA target); Q-learning bootstraps from the max.',
      value: update(reward + (gamma * nextQ.reduce((a, b) => a + b, 0)) / nextQ.length),
    },
    ...nextQ
      .filter((x) => x !== best)
      .map((x) => ({
        id: 'non-greedy-action',
        message: `You used Q(s',a') = ${fmt(x, 6)} of a non-greedy action (a SARSA target); Q-learning uses max_a' Q(s',a') = ${fmt(best, 6)}.`,
        value: update(reward + gamma * x),
      })),
    {
      id: 'no-gamma',
      message: 'You forgot the discount: the target is r + γ max_a\' Q(s\',a\').',
      value: update(reward + best),
    },
    {
      id: 'no-alpha',
      message: 'You replaced Q(s,a) by the target; the update moves only a fraction α of the way: Q + α(target − Q).',
      value: target,
    },
    {
      id: 'no-minus-q',
      message: 'You added α·target without subtracting Q(s,a): the update uses the TD error, target − Q(s,a).',
      value: q + alpha * target,
    },
  ];
  return { answer, tolerance, steps, ...judge(answer, tolerance, candidates) };
}

function generate(rng: Rng, level: Level): Params {
  const actions = level === 1 ? 2 : level === 2 ? 3 : 4;
  for (;;) {
    const params = {
      q: rng.int(-20, 50) / 10,
      reward: level === 3 ? rng.int(-20, 20) / 10 : rng.int(-2, 5),
      gamma: rng.pick(level === 1 ? [0.9, 0.5] : [0.9, 0.99, 0.8, 0.5]),
      alpha: rng.pick(level === 1 ? [0.1, 0.5] : [0.1, 0.2, 0.5, 0.05]),
      next_q: Array.from({ length: actions }, () => rng.int(-20, 50) / 10),
    };
    // distinct action values (a unique greedy action) and a TD error big enough to see
    const best = Math.max(...params.next_q);
    const unique = new Set(params.next_q).size === actions;
    if (unique && Math.abs(params.reward + params.gamma * best - params.q) >= 0.2) return params;
  }
}

function prompt(p: Params): string {
  const { tolerance } = solve(p);
  const rd = reader(PARAMS, p);
  const nextQ = rd.list('next_q');
  return [
    `An agent takes action $a$ in state $s$, receives $r = ${fmt(rd.num('reward'), 6)}$ and lands in $s'$.`,
    `Currently $Q(s,a) = ${fmt(rd.num('q'), 6)}$ and the ${nextQ.length} actions of $s'$ have $Q(s',\\cdot) = (${fmtList(nextQ, 6)})$.`,
    `With $\\alpha = ${fmt(rd.num('alpha'), 6)}$ and $\\gamma = ${fmt(rd.num('gamma'), 6)}$, what is $Q(s,a)$ after one Q-learning update? (${toleranceText(tolerance)})`,
  ].join(' ');
}

export const qLearning: Family = {
  id: 'q-learning',
  title: 'Q-learning: one update',
  topic: 'rl-classical',
  sheet: [920, 922],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
