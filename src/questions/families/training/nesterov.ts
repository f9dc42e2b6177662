// Nesterov accelerated gradient, one step, in the sheet's form (line 197):
// V_t = γV_{t−1} + η∇J(θ − γV_{t−1}), θ ← θ − V_t. The loss is a 1-D quadratic J(θ) = aθ²/2 (per
// component when θ is a list), so the student must evaluate the gradient a·θ̃ at the look-ahead point
// θ̃ = θ − γV_{t−1} themselves; a gradient given as a bare number would make this plain momentum.
import { fmt, fmtP, fmtTo, fmtValue } from '../../format.js';
import type { Family, Level, Misconception, ParamSpec, Params, Solution } from '../../types.js';
import type { Rng } from '../../rng.js';
import {
  asChange,
  readComponents,
  changeTolerance,
  componentLabel,
  nonZeroInt,
  reader,
  shapeLike,
  toleranceText,
} from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'theta', list: true, description: 'parameter θ before the step (a number or a list)' },
  { name: 'v', list: true, description: 'velocity V_{t−1} before the step (a number applies to every component)' },
  { name: 'a', list: true, description: 'curvature of the loss J(θ) = aθ²/2, so ∇J(θ) = aθ (a number or one per component)' },
  { name: 'lr', default: 0.1, description: 'learning rate η' },
  { name: 'gamma', default: 0.9, description: 'momentum coefficient γ, in [0, 1)' },
];

function solve(p: Params): Solution {
  const r = reader(PARAMS, p);
  const { scalar, n, v: { theta, v, a } } = readComponents(r, ['theta', 'v', 'a']);
  const lr = r.num('lr');
  const gamma = r.num('gamma');
  if (!(lr > 0)) throw new Error('lr must be > 0');
  if (!(gamma >= 0 && gamma < 1)) throw new Error('gamma must be in [0, 1)');

  const look = theta.map((t, i) => t - gamma * v[i]!);
  const g = look.map((x, i) => a[i]! * x);
  const vNew = v.map((vi, i) => gamma * vi + lr * g[i]!);
  const thetaNew = theta.map((t, i) => t - vNew[i]!);
  const tolerance = changeTolerance(vNew);
  const abs = tolerance.kind === 'relative' ? tolerance.abs : 1e-6;

  const steps: string[] = [
    'NAG: evaluate the gradient at the look-ahead point $\\tilde\\theta = \\theta - \\gamma V_{t-1}$, then $V_t = \\gamma V_{t-1} + \\eta \\nabla J(\\tilde\\theta)$ and $\\theta \\leftarrow \\theta - V_t$; here $\\nabla J(\\theta) = a\\theta$.',
  ];
  for (let i = 0; i < n; i++) {
    const label = componentLabel('\\theta', i, n);
    steps.push(
      `${label}$\\tilde\\theta = ${fmt(theta[i]!, 6)} - ${fmt(gamma, 6)} \\cdot ${fmtP(v[i]!, 6)} = ${fmt(look[i]!, 6)}$, $\\nabla J(\\tilde\\theta) = ${fmt(a[i]!, 6)} \\cdot ${fmtP(look[i]!, 6)} = ${fmt(g[i]!, 6)}$`,
      `${label}$V_t = ${fmt(gamma, 6)} \\cdot ${fmtP(v[i]!, 6)} + ${fmt(lr, 6)} \\cdot ${fmtP(g[i]!, 6)} = ${fmt(vNew[i]!, 6)}$`,
      `${label}$\\theta \\leftarrow ${fmt(theta[i]!, 6)} - ${fmtP(vNew[i]!, 6)} = ${fmtTo(thetaNew[i]!, abs)}$`,
    );
  }
  steps.push(`Answer: $\\theta = ${scalar ? fmtTo(thetaNew[0]!, abs) : `(${thetaNew.map((x) => fmtTo(x, abs)).join(', ')})`}$`);

  const candidates: Misconception[] = [
    {
      id: 'gradient-at-theta',
      message: 'You took the gradient at θ (classical momentum); Nesterov evaluates it at the look-ahead point θ − γV_{t−1}.',
      value: shapeLike(theta.map((t, i) => t - (gamma * v[i]! + lr * a[i]! * t)), scalar),
    },
    {
      id: 'lookahead-plus',
      message: 'Your look-ahead point went the wrong way: it is θ − γV_{t−1} (where the momentum is about to take θ).',
      value: shapeLike(theta.map((t, i) => t - (gamma * v[i]! + lr * a[i]! * (t + gamma * v[i]!))), scalar),
    },
    {
      id: 'plus-velocity',
      message: 'You added the velocity: the step is θ ← θ − V_t.',
      value: shapeLike(theta.map((t, i) => t + vNew[i]!), scalar),
    },
    {
      id: 'no-momentum-term',
      message: 'You left out γV_{t−1} from the velocity update: V_t = γV_{t−1} + η∇J(θ − γV_{t−1}).',
      value: shapeLike(theta.map((t, i) => t - lr * g[i]!), scalar),
    },
    {
      id: 'from-lookahead',
      message: 'You applied the step from the look-ahead point; the look-ahead is only where the gradient is evaluated, the step starts from θ.',
      value: shapeLike(look.map((x, i) => x - vNew[i]!), scalar),
    },
  ];
  return asChange(theta, thetaNew, scalar, steps, candidates);
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 3 ? 2 : 1;
  const theta = Array.from({ length: n }, () => nonZeroInt(rng, -30, 30) / 10);
  // a non-zero velocity, else the look-ahead point is θ itself and NAG is plain momentum
  const v = Array.from({ length: n }, () => nonZeroInt(rng, level === 1 ? -20 : -50, level === 1 ? 20 : 50) / 100);
  const a = Array.from({ length: n }, () => rng.pick(level === 1 ? [1, 2] : [0.5, 1, 2, 4]));
  const one = (xs: number[]): number | number[] => (n === 1 ? xs[0]! : xs);
  return {
    theta: one(theta),
    v: one(v),
    a: one(a),
    lr: level === 1 ? 0.1 : rng.pick([0.1, 0.05]),
    gamma: level === 1 ? 0.9 : rng.pick([0.9, 0.8]),
  };
}

function prompt(p: Params): string {
  const { tolerance } = solve(p);
  const r = reader(PARAMS, p);
  const theta = r.numOrList('theta');
  const vector = Array.isArray(theta);
  const a = r.numOrList('a');
  const loss = vector
    ? `$J(\\theta) = \\sum_i a_i \\theta_i^2 / 2$ with $a = ${fmtValue(a)}$`
    : `$J(\\theta) = a\\theta^2/2$ with $a = ${fmt(a as number, 6)}$`;
  return [
    `Nesterov accelerated gradient on the loss ${loss}, in the sheet's form`,
    '$V_t = \\gamma V_{t-1} + \\eta \\nabla_\\theta J(\\theta - \\gamma V_{t-1})$, $\\theta \\leftarrow \\theta - V_t$.',
    `Current $\\theta = ${fmtValue(theta)}$, $V_{t-1} = ${fmtValue(r.numOrList('v'))}$, $\\eta = ${fmt(r.num('lr'), 6)}$, $\\gamma = ${fmt(r.num('gamma'), 6)}$.`,
    `By how much does the step change $\\theta$: what is $\\Delta\\theta = \\theta_{\\text{new}} - \\theta$?${vector ? ' Give the components in order.' : ''} (${toleranceText(tolerance)}; a decrease is negative)`,
  ].join(' ');
}

export const nesterov: Family = {
  id: 'nesterov',
  title: 'Nesterov accelerated gradient: one step',
  topic: 'training',
  sheet: [197],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
