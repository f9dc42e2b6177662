// The actor-critic advantage (one-step TD estimate, sheet 950): A = r + γV(s′) − V(s), with V(s′) = 0
// when s′ is terminal.
import { fmt, fmtP } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, reader, REL_TOLERANCE, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'reward', description: 'reward r' },
  { name: 'gamma', description: 'discount γ' },
  { name: 'v', description: 'critic value V(s)' },
  { name: 'next_v', description: 'critic value V(s′)' },
  { name: 'terminal', default: 0, description: '1 if s′ is terminal (then V(s′) counts as 0)' },
];

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const gamma = rd.num('gamma');
  if (!(gamma >= 0 && gamma <= 1)) throw new Error('gamma must be in [0, 1]');
  return { r: rd.num('reward'), gamma, v: rd.num('v'), nv: rd.num('next_v'), terminal: rd.int('terminal', 0, 1) === 1 };
}

function solve(p: Params): Solution {
  const { r, gamma, v, nv, terminal } = read(p);
  const boot = terminal ? 0 : nv;
  const answer = r + gamma * boot - v;
  const tolerance = REL_TOLERANCE;
  const steps = [
    'Advantage (TD error of the critic): $A = r + \\gamma V(s\') - V(s)$, with $V(s\') = 0$ if $s\'$ is terminal',
    `$A = ${fmtP(r, 6)} + ${fmt(gamma, 6)} \\cdot ${fmtP(boot, 6)} - ${fmtP(v, 6)} = ${fmt(answer, 5)}$`,
    `Answer: ${fmt(answer, 4)}`,
  ];
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      { id: 'sign-flip', message: 'You computed V(s) − target; the advantage is target − V(s).', value: -answer },
      { id: 'no-baseline', message: 'You gave the TD target; the advantage subtracts the critic\'s V(s).', value: r + gamma * boot },
      { id: 'no-gamma', message: 'You forgot to discount V(s′).', value: r + boot - v, negligible: terminal },
      terminal ? { id: 'bootstrap-terminal', message: 's′ is terminal: there is no future value, V(s′) counts as 0.', value: r + gamma * nv - v } : null,
      { id: 'reward-only', message: 'You left out the bootstrap γV(s′).', value: r - v, negligible: terminal },
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  return {
    reward: level === 1 ? rng.int(-2, 3) : rng.int(-20, 30) / 10,
    gamma: rng.pick(level === 1 ? [0.9, 0.5] : [0.9, 0.8, 0.5]),
    v: level === 1 ? rng.int(-3, 5) : rng.int(-30, 50) / 10,
    next_v: level === 1 ? rng.int(-3, 5) : rng.int(-30, 50) / 10,
    terminal: level === 3 ? rng.int(0, 1) : 0,
  };
}

function prompt(p: Params): string {
  const { r, gamma, v, nv, terminal } = read(p);
  return [
    `An actor-critic agent in state $s$ (critic $V(s) = ${fmt(v, 6)}$) receives $r = ${fmt(r, 6)}$ and moves to $s'$ (critic $V(s') = ${fmt(nv, 6)}$${terminal ? '; $s\'$ is terminal' : ''}).`,
    `With $\\gamma = ${fmt(gamma, 6)}$, what is the one-step advantage estimate $A(s, a)$? Answer ${toleranceText(REL_TOLERANCE)}.`,
  ].join(' ');
}

export const advantage: Family = {
  id: 'actor-critic-advantage',
  title: 'Actor-critic advantage',
  topic: 'rl-deep',
  sheet: [950],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
