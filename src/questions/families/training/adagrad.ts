// AdaGrad, one step, as Goodfellow et al., Deep Learning, Algorithm 8.4: accumulate r ← r + g⊙g first,
// then Δθ = −ε/(δ + √r) ⊙ g (δ added outside the square root; PyTorch's Adagrad does the same).
// Here ε is `lr` and δ is `eps`. The sheet's lines 203–207 garble the update (⊙θ instead of ⊙g).
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
  { name: 'r', list: true, description: 'accumulated squared gradients before this step, ≥ 0 (a number applies to every component)' },
  { name: 'lr', default: 0.01, description: 'global learning rate ε' },
  { name: 'eps', default: 1e-7, description: 'small constant δ added to √r' },
];

function solve(p: Params): Solution {
  const rd = reader(PARAMS, p);
  const { scalar, n, v: { theta, grad: g, r } } = readComponents(rd, ['theta', 'grad', 'r']);
  const lr = rd.num('lr');
  const eps = rd.num('eps');
  if (!(lr > 0)) throw new Error('lr must be > 0');
  if (!(eps >= 0)) throw new Error('eps must be ≥ 0');
  if (r.some((x) => x < 0)) throw new Error('r accumulates squares, so it must be ≥ 0');

  const rNew = r.map((x, i) => x + g[i]! * g[i]!);
  const denom = rNew.map((x) => eps + Math.sqrt(x));
  if (denom.some((d) => !(d > 0))) throw new Error('the update is 0/0: with g = 0, r = 0 and eps = 0 it is undefined');
  const delta = g.map((gi, i) => (-lr * gi) / denom[i]!);
  const thetaNew = theta.map((t, i) => t + delta[i]!);
  const tolerance = changeTolerance(delta);
  const abs = tolerance.kind === 'relative' ? tolerance.abs : 1e-6;

  const steps: string[] = [
    'AdaGrad (Goodfellow et al., Algorithm 8.4): $r \\leftarrow r + g \\odot g$, $\\Delta\\theta = -\\frac{\\epsilon}{\\delta + \\sqrt{r}} \\odot g$, $\\theta \\leftarrow \\theta + \\Delta\\theta$ — accumulate first, then divide.',
  ];
  for (let i = 0; i < n; i++) {
    const label = componentLabel('\\theta', i, n);
    steps.push(
      `${label}$r = ${fmt(r[i]!, 6)} + ${fmtP(g[i]!, 6)}^2 = ${fmt(rNew[i]!, 6)}$, $\\sqrt{r} = ${fmt(Math.sqrt(rNew[i]!), 6)}$`,
      `${label}$\\Delta\\theta = -\\frac{${fmt(lr, 6)}}{${fmt(eps, 6)} + ${fmt(Math.sqrt(rNew[i]!), 6)}} \\cdot ${fmtP(g[i]!, 6)} = ${fmt(delta[i]!, 6)}$`,
      `${label}$\\theta \\leftarrow ${fmt(theta[i]!, 6)} + ${fmtP(delta[i]!, 6)} = ${fmtTo(thetaNew[i]!, abs)}$`,
    );
  }
  steps.push(`Answer: $\\theta = ${scalar ? fmtTo(thetaNew[0]!, abs) : `(${thetaNew.map((x) => fmtTo(x, abs)).join(', ')})`}$`);

  const step = (f: (i: number) => number): number[] => theta.map((t, i) => t - (lr * g[i]!) / f(i));
  const candidates: Misconception[] = [
    {
      id: 'stale-accumulator',
      message: 'You divided by √r before adding this step\'s g²: AdaGrad accumulates r ← r + g⊙g first, then divides.',
      value: shapeLike(step((i) => eps + Math.sqrt(r[i]!)), scalar),
    },
    {
      id: 'no-sqrt',
      message: 'You divided by r instead of √r: the step is ε·g/(δ + √r).',
      value: shapeLike(step((i) => eps + rNew[i]!), scalar),
    },
    {
      id: 'wrong-sign',
      message: 'You stepped up the gradient: Δθ = −ε g/(δ + √r) is added to θ.',
      value: shapeLike(theta.map((t, i) => t - delta[i]!), scalar),
    },
    {
      id: 'eps-inside-sqrt',
      message: 'You put δ inside the square root (RMSProp\'s placement in Goodfellow); AdaGrad adds δ to √r.',
      value: shapeLike(step((i) => Math.sqrt(rNew[i]! + eps)), scalar),
      negligible: eps < 1e-6, // PyTorch's 1e-8: where eps sits is a convention, not the concept
    },
  ];
  return asChange(theta, thetaNew, scalar, steps, candidates);
}

// (g, √r_old, √r_new) × 10 from Pythagorean triples, so √(r + g²) comes out exact at levels 1–2.
const TRIPLES: readonly [number, number, number][] = [
  [3, 4, 5],
  [4, 3, 5],
  [6, 8, 10],
  [8, 6, 10],
  [5, 12, 13],
  [12, 5, 13],
  [8, 15, 17],
  [15, 8, 17],
];

function generate(rng: Rng, level: Level): Params {
  if (level === 3) {
    const n = rng.int(2, 3);
    return {
      theta: Array.from({ length: n }, () => rng.int(-20, 20) / 10),
      grad: Array.from({ length: n }, () => nonZeroInt(rng, -20, 20) / 10),
      r: Array.from({ length: n }, () => rng.int(0, 300) / 100),
      lr: rng.pick([0.1, 0.01]),
      eps: 1e-7,
    };
  }
  const firstStep = level === 1 && rng.int(0, 1) === 0;
  const [a, b] = rng.pick(TRIPLES);
  const sign = rng.pick([-1, 1]);
  return {
    theta: rng.int(-20, 20) / 10,
    grad: firstStep ? (sign * rng.int(1, 20)) / 10 : (sign * a) / 10,
    r: firstStep ? 0 : (b * b) / 100,
    lr: level === 1 ? 0.1 : rng.pick([0.1, 0.01, 0.5]),
    eps: 1e-7,
  };
}

function prompt(p: Params): string {
  const { tolerance } = solve(p);
  const rd = reader(PARAMS, p);
  const theta = rd.numOrList('theta');
  const vector = Array.isArray(theta);
  return [
    'One AdaGrad step as in Goodfellow et al., Algorithm 8.4:',
    '$r \\leftarrow r + g \\odot g$, $\\theta \\leftarrow \\theta - \\frac{\\epsilon}{\\delta + \\sqrt{r}} \\odot g$ ($\\delta$ added outside the square root),',
    `with $\\theta = ${fmtValue(theta)}$, $g = ${fmtValue(rd.numOrList('grad'))}$, accumulated $r = ${fmtValue(rd.numOrList('r'))}$ before this step,`,
    `$\\epsilon = ${fmt(rd.num('lr'), 6)}$, $\\delta = ${fmt(rd.num('eps'), 6)}$.`,
    `By how much does the step change $\\theta$: what is $\\Delta\\theta = \\theta_{\\text{new}} - \\theta$?${vector ? ' Give the components in order.' : ''} (${toleranceText(tolerance)}; a decrease is negative)`,
  ].join(' ');
}

export const adagrad: Family = {
  id: 'adagrad',
  title: 'AdaGrad: one step',
  topic: 'training',
  sheet: [199, 201, 203, 205, 207],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
