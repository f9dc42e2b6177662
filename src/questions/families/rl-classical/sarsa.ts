// One SARSA update (sheet line 918): Q(s,a) ← Q(s,a) + α[r + γ Q(s',a') − Q(s,a)], where a' is the action
// the agent actually takes next (on-policy). `other_q` optionally lists the values of the other actions
// in s', shown as distractors: bootstrapping from their max is the Q-learning mistake.
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
  { name: 'next_q', description: 'Q(s\', a\') of the action a\' the agent takes next' },
  { name: 'other_q', default: [], list: true, description: 'optional: Q(s\', b) of the other actions b ≠ a\' (distractors)' },
];

function solve(p: Params): Solution {
  const rd = reader(PARAMS, p);
  const q = rd.num('q');
  const reward = rd.num('reward');
  const gamma = rd.num('gamma');
  const alpha = rd.num('alpha');
  const nextQ = rd.num('next_q');
  const others = rd.listOrEmpty('other_q');
  if (!(gamma >= 0 && gamma <= 1)) throw new Error('gamma must be in [0, 1]');
  if (!(alpha > 0 && alpha <= 1)) throw new Error('alpha must be in (0, 1]');

  const target = reward + gamma * nextQ;
  const tdError = target - q;
  const answer = q + alpha * tdError;
  const tolerance = changeTolerance([alpha * tdError]);
  const abs = tolerance.kind === 'relative' ? tolerance.abs : 1e-6;

  const steps = [
    'SARSA: $Q(s,a) \\leftarrow Q(s,a) + \\alpha\\,[r + \\gamma Q(s\',a\') - Q(s,a)]$ with $a\'$ the action actually taken next (on-policy).',
    `TD target $= ${fmtP(reward, 6)} + ${fmt(gamma, 6)} \\cdot ${fmtP(nextQ, 6)} = ${fmt(target, 6)}$, TD error $= ${fmt(target, 6)} - ${fmtP(q, 6)} = ${fmt(tdError, 6)}$`,
    `$Q(s,a) \\leftarrow ${fmt(q, 6)} + ${fmt(alpha, 6)} \\cdot ${fmtP(tdError, 6)} = ${fmtTo(answer, abs)}$`,
    `Answer: $Q(s,a) = ${fmtTo(answer, abs)}$`,
  ];
  const update = (tgt: number): number => q + alpha * (tgt - q);
  const all = [nextQ, ...others];
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
      id: 'max-target',
      message: 'You bootstrapped from the best action in s\' (the Q-learning target); SARSA uses Q(s\',a\') of the action actually taken.',
      value: update(reward + gamma * Math.max(...all)),
    },
    {
      id: 'mean-target',
      message: 'You averaged over the actions of s\' (expected SARSA); plain SARSA uses the action actually taken.',
      value: update(reward + (gamma * all.reduce((a, b) => a + b, 0)) / all.length),
    },
    {
      id: 'no-gamma',
      message: 'You forgot the discount: the target is r + γQ(s\',a\').',
      value: update(reward + nextQ),
    },
    {
      id: 'no-alpha',
      message: 'You replaced Q(s,a) by the target; the update moves only a fraction α of the way.',
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
  const others = level === 1 ? 1 : level === 2 ? 2 : 3;
  for (;;) {
    const nextQ = rng.int(-20, 50) / 10;
    const params = {
      q: rng.int(-20, 50) / 10,
      reward: level === 3 ? rng.int(-20, 20) / 10 : rng.int(-2, 5),
      gamma: rng.pick(level === 1 ? [0.9, 0.5] : [0.9, 0.99, 0.8, 0.5]),
      alpha: rng.pick(level === 1 ? [0.1, 0.5] : [0.1, 0.2, 0.5, 0.05]),
      next_q: nextQ,
      other_q: Array.from({ length: others }, () => rng.int(-20, 50) / 10),
    };
    // an exploratory (non-greedy) next action, so SARSA and Q-learning disagree; a visible TD error
    const exploring = Math.max(...params.other_q) > nextQ;
    if (exploring && Math.abs(params.reward + params.gamma * nextQ - params.q) >= 0.2) return params;
  }
}

function prompt(p: Params): string {
  const { tolerance } = solve(p);
  const rd = reader(PARAMS, p);
  const others = rd.listOrEmpty('other_q');
  const distractors =
    others.length > 0 ? ` (the other actions of $s'$ have $Q(s',\\cdot) = ${fmtList(others, 6)}$; the ε-greedy policy explored)` : '';
  return [
    `An agent takes action $a$ in state $s$, receives $r = ${fmt(rd.num('reward'), 6)}$ and lands in $s'$, where its policy picks $a'$ with $Q(s',a') = ${fmt(rd.num('next_q'), 6)}$${distractors}.`,
    `Currently $Q(s,a) = ${fmt(rd.num('q'), 6)}$. With $\\alpha = ${fmt(rd.num('alpha'), 6)}$ and $\\gamma = ${fmt(rd.num('gamma'), 6)}$, what is $Q(s,a)$ after one SARSA update? (${toleranceText(tolerance)})`,
  ].join(' ');
}

export const sarsa: Family = {
  id: 'sarsa',
  title: 'SARSA: one update',
  topic: 'rl-classical',
  sheet: [918],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
