// SGD with momentum, one step, in the sheet's form (line 195): V ← γV + η∇J, θ ← θ − V.
// PyTorch puts η outside the velocity (v ← γv + g, θ ← θ − ηv); that form is a misconception here.
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
  { name: 'grad', list: true, description: 'gradient ∇J(θ), same shape as θ' },
  { name: 'v', default: 0, list: true, description: 'velocity V before the step (a number applies to every component)' },
  { name: 'lr', default: 0.1, description: 'learning rate η' },
  { name: 'gamma', default: 0.9, description: 'momentum coefficient γ, in [0, 1)' },
];

function solve(p: Params): Solution {
  const r = reader(PARAMS, p);
  const { scalar, n, v: { theta, grad, v } } = readComponents(r, ['theta', 'grad', 'v']);
  const lr = r.num('lr');
  const gamma = r.num('gamma');
  if (!(lr > 0)) throw new Error('lr must be > 0');
  if (!(gamma >= 0 && gamma < 1)) throw new Error('gamma must be in [0, 1)');

  const vNew = theta.map((_, i) => gamma * v[i]! + lr * grad[i]!);
  const thetaNew = theta.map((t, i) => t - vNew[i]!);
  const tolerance = changeTolerance(vNew);
  const abs = tolerance.kind === 'relative' ? tolerance.abs : 1e-6;

  const steps: string[] = [
    'Momentum in the sheet\'s form: $V_t = \\gamma V_{t-1} + \\eta \\nabla_\\theta J(\\theta)$, then $\\theta \\leftarrow \\theta - V_t$.',
  ];
  for (let i = 0; i < n; i++) {
    const label = componentLabel('\\theta', i, n);
    steps.push(
      `${label}$V_t = ${fmt(gamma, 6)} \\cdot ${fmtP(v[i]!, 6)} + ${fmt(lr, 6)} \\cdot ${fmtP(grad[i]!, 6)} = ${fmt(vNew[i]!, 6)}$`,
      `${label}$\\theta \\leftarrow ${fmt(theta[i]!, 6)} - ${fmtP(vNew[i]!, 6)} = ${fmtTo(thetaNew[i]!, abs)}$`,
    );
  }
  steps.push(`Answer: $\\theta = ${scalar ? fmtTo(thetaNew[0]!, abs) : `(${thetaNew.map((x) => fmtTo(x, abs)).join(', ')})`}$`);

  const candidates: Misconception[] = [
    {
      id: 'plus-velocity',
      message: 'You added the velocity: the step is θ ← θ − V (V already points uphill, along the gradient).',
      value: shapeLike(theta.map((t, i) => t + vNew[i]!), scalar),
    },
    {
      id: 'no-momentum-term',
      message: 'You left out γV_{t−1}: that is a plain SGD step, not momentum.',
      value: shapeLike(theta.map((t, i) => t - lr * grad[i]!), scalar),
    },
    {
      id: 'pytorch-form',
      message:
        'You used PyTorch\'s form (V ← γV + ∇J, θ ← θ − ηV); this question uses the sheet\'s V ← γV + η∇J, θ ← θ − V, where η scales only the new gradient.',
      value: shapeLike(theta.map((t, i) => t - lr * (gamma * v[i]! + grad[i]!)), scalar),
    },
    {
      id: 'no-learning-rate',
      message: 'You forgot the learning rate η on the gradient: V ← γV + η∇J.',
      value: shapeLike(theta.map((t, i) => t - (gamma * v[i]! + grad[i]!)), scalar),
    },
    {
      id: 'old-velocity',
      message: 'You moved by the old velocity V_{t−1}; update the velocity first, then subtract the new V_t.',
      value: shapeLike(theta.map((t, i) => t - v[i]!), scalar),
    },
  ];
  return asChange(theta, thetaNew, scalar, steps, candidates);
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 3 ? rng.int(2, 3) : 1;
  const one = (): [number, number, number] => [
    rng.int(-20, 20) / 10,
    nonZeroInt(rng, level === 1 ? -10 : -30, level === 1 ? 10 : 30) / 10,
    nonZeroInt(rng, level === 1 ? -30 : -50, level === 1 ? 30 : 50) / 100,
  ];
  const comps = Array.from({ length: n }, one);
  const pick = (k: 0 | 1 | 2): number | number[] => (n === 1 ? comps[0]![k] : comps.map((c) => c[k]));
  return {
    theta: pick(0),
    grad: pick(1),
    v: pick(2),
    lr: level === 1 ? 0.1 : rng.pick([0.1, 0.05, 0.01]),
    gamma: level === 1 ? 0.9 : rng.pick([0.9, 0.8, 0.5]),
  };
}

function prompt(p: Params): string {
  const { tolerance } = solve(p);
  const r = reader(PARAMS, p);
  const theta = r.numOrList('theta');
  const vector = Array.isArray(theta);
  return [
    'One step of gradient descent with momentum, in the sheet\'s form',
    '$V_t = \\gamma V_{t-1} + \\eta \\nabla_\\theta J(\\theta)$, $\\theta \\leftarrow \\theta - V_t$',
    `${vector ? '(element-wise) ' : ''}with $\\theta = ${fmtValue(theta)}$, $\\nabla_\\theta J(\\theta) = ${fmtValue(r.numOrList('grad'))}$,`,
    `$V_{t-1} = ${fmtValue(r.numOrList('v'))}$, $\\eta = ${fmt(r.num('lr'), 6)}$, $\\gamma = ${fmt(r.num('gamma'), 6)}$.`,
    `By how much does the step change $\\theta$: what is $\\Delta\\theta = \\theta_{\\text{new}} - \\theta$?${vector ? ' Give the components in order.' : ''} (${toleranceText(tolerance)}; a decrease is negative)`,
  ].join(' ');
}

export const sgdMomentum: Family = {
  id: 'sgd-momentum',
  title: 'SGD with momentum: one step',
  topic: 'training',
  sheet: [195],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
