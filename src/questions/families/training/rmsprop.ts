// RMSProp, one step, as Goodfellow et al., Deep Learning, Algorithm 8.5: r ← ρr + (1−ρ)g⊙g, then
// Δθ = −ε/√(δ + r) ⊙ g with δ INSIDE the square root (PyTorch adds eps outside √r instead; for the
// default δ the two differ only when r is tiny). Here ε is `lr`, δ is `eps`, ρ is `rho`.
// The sheet's line 216 garbles the accumulation ("r ← r + P_t + (1−P_t) g⊗g").
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
  { name: 'grad', list: true, description: 'gradient g, same shape as θ' },
  { name: 'r', list: true, description: 'running average of squared gradients before this step, ≥ 0 (a number applies to every component)' },
  { name: 'lr', default: 0.01, description: 'global learning rate ε' },
  { name: 'rho', default: 0.9, description: 'decay rate ρ, in [0, 1)' },
  { name: 'eps', default: 1e-6, description: 'small constant δ inside the square root' },
];

function solve(p: Params): Solution {
  const rd = reader(PARAMS, p);
  const { scalar, n, v: { theta, grad: g, r } } = readComponents(rd, ['theta', 'grad', 'r']);
  const lr = rd.num('lr');
  const rho = rd.num('rho');
  const eps = rd.num('eps');
  if (!(lr > 0)) throw new Error('lr must be > 0');
  if (!(rho >= 0 && rho < 1)) throw new Error('rho must be in [0, 1)');
  if (!(eps >= 0)) throw new Error('eps must be ≥ 0');
  if (r.some((x) => x < 0)) throw new Error('r averages squares, so it must be ≥ 0');

  const rNew = r.map((x, i) => rho * x + (1 - rho) * g[i]! * g[i]!);
  const denom = rNew.map((x) => Math.sqrt(eps + x));
  if (denom.some((d) => !(d > 0))) throw new Error('the update is 0/0: with g = 0, r = 0 and eps = 0 it is undefined');
  const delta = g.map((gi, i) => (-lr * gi) / denom[i]!);
  const thetaNew = theta.map((t, i) => t + delta[i]!);
  const tolerance = changeTolerance(delta);
  const abs = tolerance.kind === 'relative' ? tolerance.abs : 1e-6;

  const steps: string[] = [
    'RMSProp (Goodfellow et al., Algorithm 8.5): $r \\leftarrow \\rho r + (1-\\rho)\\, g \\odot g$, $\\Delta\\theta = -\\frac{\\epsilon}{\\sqrt{\\delta + r}} \\odot g$, $\\theta \\leftarrow \\theta + \\Delta\\theta$ — update r first, then divide.',
  ];
  for (let i = 0; i < n; i++) {
    const label = componentLabel('\\theta', i, n);
    steps.push(
      `${label}$r = ${fmt(rho, 6)} \\cdot ${fmt(r[i]!, 6)} + ${fmt(1 - rho, 6)} \\cdot ${fmtP(g[i]!, 6)}^2 = ${fmt(rNew[i]!, 6)}$`,
      `${label}$\\sqrt{\\delta + r} = \\sqrt{${fmt(eps, 6)} + ${fmt(rNew[i]!, 6)}} = ${fmt(denom[i]!, 6)}$, $\\Delta\\theta = -\\frac{${fmt(lr, 6)}}{${fmt(denom[i]!, 6)}} \\cdot ${fmtP(g[i]!, 6)} = ${fmt(delta[i]!, 6)}$`,
      `${label}$\\theta \\leftarrow ${fmt(theta[i]!, 6)} + ${fmtP(delta[i]!, 6)} = ${fmtTo(thetaNew[i]!, abs)}$`,
    );
  }
  steps.push(`Answer: $\\theta = ${scalar ? fmtTo(thetaNew[0]!, abs) : `(${thetaNew.map((x) => fmtTo(x, abs)).join(', ')})`}$`);

  const step = (f: (i: number) => number): number[] => theta.map((t, i) => t - (lr * g[i]!) / f(i));
  const candidates: Misconception[] = [
    {
      id: 'stale-accumulator',
      message: 'You divided by the old r: RMSProp first updates r ← ρr + (1−ρ)g², then divides by √(δ + r).',
      value: shapeLike(step((i) => Math.sqrt(eps + r[i]!)), scalar),
    },
    {
      id: 'no-one-minus-rho',
      message: 'You added the full g² to ρr: the new squared gradient is weighted by (1 − ρ).',
      value: shapeLike(step((i) => Math.sqrt(eps + rho * r[i]! + g[i]! * g[i]!)), scalar),
    },
    {
      id: 'swapped-rho',
      message: 'You swapped the weights: r ← ρr + (1−ρ)g² keeps ρ on the old average.',
      value: shapeLike(step((i) => Math.sqrt(eps + (1 - rho) * r[i]! + rho * g[i]! * g[i]!)), scalar),
    },
    {
      id: 'no-sqrt',
      message: 'You divided by δ + r instead of its square root.',
      value: shapeLike(step((i) => eps + rNew[i]!), scalar),
    },
    {
      id: 'eps-outside-sqrt',
      message: 'You added δ outside the square root (PyTorch\'s placement); this question follows Goodfellow, √(δ + r).',
      value: shapeLike(step((i) => eps + Math.sqrt(rNew[i]!)), scalar),
      negligible: eps <= 1e-6, // PyTorch's 1e-8: where eps sits is a convention, not the concept
    },
  ];
  return asChange(theta, thetaNew, scalar, steps, candidates);
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 3 ? rng.int(2, 3) : 1;
  const theta = Array.from({ length: n }, () => rng.int(-20, 20) / 10);
  const grad = Array.from({ length: n }, () => nonZeroInt(rng, -20, 20) / 10);
  // level 1: the first step (r = 0); later, an average that already holds some history
  const r = Array.from({ length: n }, () => (level === 1 ? 0 : rng.int(1, 200) / 100));
  const one = (xs: number[]): number | number[] => (n === 1 ? xs[0]! : xs);
  return {
    theta: one(theta),
    grad: one(grad),
    r: one(r),
    lr: level === 1 ? 0.01 : rng.pick([0.01, 0.001, 0.1]),
    rho: level === 3 ? rng.pick([0.9, 0.99]) : 0.9,
    eps: 1e-6,
  };
}

function prompt(p: Params): string {
  const { tolerance } = solve(p);
  const rd = reader(PARAMS, p);
  const theta = rd.numOrList('theta');
  const vector = Array.isArray(theta);
  return [
    'One RMSProp step as in Goodfellow et al., Algorithm 8.5:',
    '$r \\leftarrow \\rho r + (1-\\rho)\\, g \\odot g$, $\\theta \\leftarrow \\theta - \\frac{\\epsilon}{\\sqrt{\\delta + r}} \\odot g$ ($\\delta$ inside the square root),',
    `with $\\theta = ${fmtValue(theta)}$, $g = ${fmtValue(rd.numOrList('grad'))}$, $r = ${fmtValue(rd.numOrList('r'))}$ before this step,`,
    `$\\epsilon = ${fmt(rd.num('lr'), 6)}$, $\\rho = ${fmt(rd.num('rho'), 6)}$, $\\delta = ${fmt(rd.num('eps'), 6)}$.`,
    `By how much does the step change $\\theta$: what is $\\Delta\\theta = \\theta_{\\text{new}} - \\theta$?${vector ? ' Give the components in order.' : ''} (${toleranceText(tolerance)}; a decrease is negative)`,
  ].join(' ');
}

export const rmsprop: Family = {
  id: 'rmsprop',
  title: 'RMSProp: one step',
  topic: 'training',
  sheet: [212, 214, 216, 218, 220],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
