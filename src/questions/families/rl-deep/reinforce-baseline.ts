// One REINFORCE step with a baseline for a softmax policy over actions (sheet 942–948):
// π = softmax(θ), ∇_θ ln π(a) = onehot(a) − π, Δθ = α (G − b) (onehot(a) − π).
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, reader, REL_TOLERANCE, texVector, toleranceText } from '../common.js';
import { softmax } from '../nn-basics/softmax.js';

const PARAMS: ParamSpec[] = [
  { name: 'theta', list: true, description: 'action preferences θ (π = softmax(θ))' },
  { name: 'action', description: 'the action taken, counted from 1' },
  { name: 'return', description: 'the return G that followed' },
  { name: 'baseline', default: 0, description: 'the baseline b' },
  { name: 'lr', default: 0.1, description: 'step size α' },
];

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const theta = rd.list('theta');
  if (theta.length < 2) throw new Error('theta needs at least 2 actions');
  return { theta, a: rd.int('action', 1, theta.length), G: rd.num('return'), b: rd.num('baseline'), lr: rd.num('lr') };
}

function solve(p: Params): Solution {
  const { theta, a, G, b, lr } = read(p);
  const pi = softmax(theta);
  const grad = pi.map((x, i) => (i === a - 1 ? 1 : 0) - x);
  const answer = grad.map((g) => lr * (G - b) * g);
  const tolerance = REL_TOLERANCE;
  const steps = [
    'REINFORCE with baseline: $\\Delta\\theta = \\alpha (G - b) \\nabla_\\theta \\ln \\pi(a)$; for $\\pi = \\mathrm{softmax}(\\theta)$, $\\nabla_\\theta \\ln \\pi(a) = e_a - \\pi$',
    `$\\pi = ${texVector(pi, 4)}$, $e_{${a}} - \\pi = ${texVector(grad, 4)}$`,
    `$\\alpha (G - b) = ${fmt(lr, 6)} \\cdot (${fmt(G, 6)} - ${fmt(b, 6)}) = ${fmt(lr * (G - b), 5)}$`,
    `$\\Delta\\theta = ${texVector(answer, 4)}$`,
    `Answer: ${answer.map((x) => fmt(x, 4)).join(', ')}`,
  ];
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      { id: 'no-baseline', message: 'You used G instead of G − b: the baseline is subtracted from the return.', value: grad.map((g) => lr * G * g), negligible: b === 0 },
      { id: 'one-hot-only', message: '∇ ln π(a) for a softmax is e_a − π, not e_a: every preference moves.', value: theta.map((_x, i) => (i === a - 1 ? lr * (G - b) : 0)) },
      { id: 'sign-flip', message: 'REINFORCE ascends: θ ← θ + α(G − b)∇ln π(a).', value: answer.map((x) => -x) },
      { id: 'gradient-of-pi', message: 'You used ∇π(a) = π(a)(e_a − π) instead of ∇ln π(a) = e_a − π.', value: grad.map((g) => lr * (G - b) * pi[a - 1]! * g) },
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 3 ? 4 : 3;
  return {
    theta: Array.from({ length: n }, () => (level === 1 ? 0 : rng.int(-10, 10) / 10)),
    action: rng.int(1, n),
    return: level === 1 ? rng.int(1, 10) : rng.int(-50, 100) / 10,
    baseline: level === 1 ? rng.int(0, 5) : rng.int(-20, 50) / 10,
    lr: rng.pick([0.1, 0.5, 0.01]),
  };
}

function prompt(p: Params): string {
  const { theta, a, G, b, lr } = read(p);
  return [
    `A policy over ${theta.length} actions is $\\pi = \\mathrm{softmax}(\\theta)$ with $\\theta = ${texVector(theta)}$. In one episode it took action ${a} and the return was $G = ${fmt(G, 6)}$.`,
    `With baseline $b = ${fmt(b, 6)}$ and step size $\\alpha = ${fmt(lr, 6)}$, what is the REINFORCE update $\\Delta\\theta$?`,
    `Give the ${theta.length} components in order, each ${toleranceText(REL_TOLERANCE)}.`,
  ].join(' ');
}

export const reinforceBaseline: Family = {
  id: 'reinforce-baseline',
  title: 'REINFORCE with a baseline',
  topic: 'rl-deep',
  sheet: [942, 944, 948],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
