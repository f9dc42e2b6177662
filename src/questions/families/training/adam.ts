// Adam, one step, in PyTorch's form (= Kingma & Ba, Algorithm 1): moments updated first, bias-corrected
// with the step number t of THIS step, eps added outside the square root:
// m ← β1 m + (1−β1)g, v ← β2 v + (1−β2)g², m̂ = m/(1−β1^t), v̂ = v/(1−β2^t), θ ← θ − lr·m̂/(√v̂ + eps).
// The sheet's line 232 garbles the last update.
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
  requireInteger,
  shapeLike,
  toleranceText,
} from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'theta', list: true, description: 'parameter θ before the step (a number or a list)' },
  { name: 'grad', list: true, description: 'gradient g, same shape as θ' },
  { name: 'm', list: true, description: 'first moment m before this step (a number applies to every component)' },
  { name: 'v', list: true, description: 'second moment v before this step, ≥ 0 (a number applies to every component)' },
  { name: 't', description: 'the step number of this step, ≥ 1 (t = 1 is the first step, with m = v = 0)' },
  { name: 'lr', default: 0.001, description: 'learning rate' },
  { name: 'beta1', default: 0.9, description: 'decay of the first moment β1, in [0, 1)' },
  { name: 'beta2', default: 0.999, description: 'decay of the second moment β2, in [0, 1)' },
  { name: 'eps', default: 1e-8, description: 'constant added to √v̂' },
];

function solve(p: Params): Solution {
  const rd = reader(PARAMS, p);
  const { scalar, n, v: { theta, grad: g, m, v } } = readComponents(rd, ['theta', 'grad', 'm', 'v']);
  const t = requireInteger('t', rd.num('t'), 1, 1_000_000);
  const lr = rd.num('lr');
  const b1 = rd.num('beta1');
  const b2 = rd.num('beta2');
  const eps = rd.num('eps');
  if (!(lr > 0)) throw new Error('lr must be > 0');
  if (!(b1 >= 0 && b1 < 1)) throw new Error('beta1 must be in [0, 1)');
  if (!(b2 >= 0 && b2 < 1)) throw new Error('beta2 must be in [0, 1)');
  if (!(eps >= 0)) throw new Error('eps must be ≥ 0');
  if (v.some((x) => x < 0)) throw new Error('v averages squares, so it must be ≥ 0');

  const mNew = m.map((x, i) => b1 * x + (1 - b1) * g[i]!);
  const vNew = v.map((x, i) => b2 * x + (1 - b2) * g[i]! * g[i]!);
  const c1 = 1 - b1 ** t;
  const c2 = 1 - b2 ** t;
  const mHat = mNew.map((x) => x / c1);
  const vHat = vNew.map((x) => x / c2);
  const denom = vHat.map((x) => Math.sqrt(x) + eps);
  if (denom.some((d) => !(d > 0))) throw new Error('the update is 0/0: with g = 0, v = 0 and eps = 0 it is undefined');
  const delta = mHat.map((x, i) => (-lr * x) / denom[i]!);
  const thetaNew = theta.map((x, i) => x + delta[i]!);
  const tolerance = changeTolerance(delta);
  const abs = tolerance.kind === 'relative' ? tolerance.abs : 1e-6;

  const steps: string[] = [
    'Adam (PyTorch / Kingma & Ba): $m \\leftarrow \\beta_1 m + (1-\\beta_1) g$, $v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2$, $\\hat m = m/(1-\\beta_1^t)$, $\\hat v = v/(1-\\beta_2^t)$, $\\theta \\leftarrow \\theta - \\mathrm{lr}\\, \\hat m/(\\sqrt{\\hat v} + \\epsilon)$.',
    `Bias corrections for $t = ${t}$: $1 - \\beta_1^{${t}} = ${fmt(c1, 6)}$, $1 - \\beta_2^{${t}} = ${fmt(c2, 6)}$`,
  ];
  for (let i = 0; i < n; i++) {
    const label = componentLabel('\\theta', i, n);
    steps.push(
      `${label}$m = ${fmt(b1, 6)} \\cdot ${fmtP(m[i]!, 6)} + ${fmt(1 - b1, 6)} \\cdot ${fmtP(g[i]!, 6)} = ${fmt(mNew[i]!, 6)}$, $v = ${fmt(b2, 6)} \\cdot ${fmt(v[i]!, 6)} + ${fmt(1 - b2, 6)} \\cdot ${fmtP(g[i]!, 6)}^2 = ${fmt(vNew[i]!, 6)}$`,
      `${label}$\\hat m = ${fmt(mHat[i]!, 6)}$, $\\hat v = ${fmt(vHat[i]!, 6)}$, $\\sqrt{\\hat v} = ${fmt(Math.sqrt(vHat[i]!), 6)}$`,
      `${label}$\\theta \\leftarrow ${fmt(theta[i]!, 6)} - ${fmt(lr, 6)} \\cdot \\frac{${fmt(mHat[i]!, 6)}}{${fmt(Math.sqrt(vHat[i]!), 6)} + ${fmt(eps, 6)}} = ${fmtTo(thetaNew[i]!, abs)}$`,
    );
  }
  steps.push(`Answer: $\\theta = ${scalar ? fmtTo(thetaNew[0]!, abs) : `(${thetaNew.map((x) => fmtTo(x, abs)).join(', ')})`}$`);

  const step = (num: (i: number) => number, den: (i: number) => number): Misconception['value'] =>
    shapeLike(theta.map((x, i) => x - (lr * num(i)) / den(i)), scalar);
  const candidates: Misconception[] = [
    {
      id: 'no-bias-correction',
      message: 'You skipped the bias correction: divide m by 1 − β1^t and v by 1 − β2^t before the step.',
      value: step((i) => mNew[i]!, (i) => Math.sqrt(vNew[i]!) + eps),
    },
    {
      id: 'eps-inside-sqrt',
      message: 'You put eps inside the square root; PyTorch (and the Adam paper) use √v̂ + eps.',
      value: step((i) => mHat[i]!, (i) => Math.sqrt(vHat[i]! + eps)),
      negligible: eps < 1e-6, // PyTorch's 1e-8: where eps sits is a convention, not the concept
    },
    {
      id: 'stale-moments',
      message: 'You used the moments from before this step; update m and v with the new gradient first.',
      value: step((i) => m[i]! / c1, (i) => Math.sqrt(v[i]! / c2) + eps),
    },
    {
      id: 'bias-correction-t-minus-1',
      message: `You bias-corrected with t − 1; t = ${t} is the number of this step, so use β^${t}.`,
      value: step((i) => mNew[i]! / (1 - b1 ** (t - 1)), (i) => Math.sqrt(vNew[i]! / (1 - b2 ** (t - 1))) + eps),
    },
    {
      id: 'no-sqrt',
      message: 'You divided by v̂ instead of √v̂.',
      value: step((i) => mHat[i]!, (i) => vHat[i]! + eps),
    },
  ];
  return asChange(theta, thetaNew, scalar, steps, candidates);
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 3 ? 2 : 1;
  const theta = Array.from({ length: n }, () => rng.int(-20, 20) / 10);
  const grad = Array.from({ length: n }, () => nonZeroInt(rng, -20, 20) / 10);
  const first = level === 1;
  const t = first ? 1 : level === 2 ? rng.int(2, 5) : rng.pick([2, 3, 5, 10, 20, 100]);
  // findings D5: (m, v) come from t − 1 simulated past gradients, so some history produces them
  // (at t = 2, m² = 10v exactly); shown to 4 significant digits
  const m = Array.from({ length: n }, () => 0);
  const v = Array.from({ length: n }, () => 0);
  for (let j = 1; j < t; j++) {
    for (let i = 0; i < n; i++) {
      const g = nonZeroInt(rng, -20, 20) / 10;
      m[i] = 0.9 * m[i]! + 0.1 * g;
      v[i] = 0.999 * v[i]! + 0.001 * g * g;
    }
  }
  const round4 = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(4)));
  const one = (xs: number[]): number | number[] => (n === 1 ? xs[0]! : xs);
  return {
    theta: one(theta),
    grad: one(grad),
    m: one(m.map(round4)),
    v: one(v.map(round4)),
    t,
    lr: rng.pick([0.001, 0.01, 0.1]),
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
  };
}

function prompt(p: Params): string {
  const { tolerance } = solve(p);
  const rd = reader(PARAMS, p);
  const theta = rd.numOrList('theta');
  const vector = Array.isArray(theta);
  return [
    'One Adam step in PyTorch\'s form:',
    '$m \\leftarrow \\beta_1 m + (1-\\beta_1) g$, $v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2$, $\\hat m = m/(1-\\beta_1^t)$, $\\hat v = v/(1-\\beta_2^t)$,',
    '$\\theta \\leftarrow \\theta - \\mathrm{lr} \\cdot \\hat m / (\\sqrt{\\hat v} + \\epsilon)$ (element-wise).',
    `Before this step: $\\theta = ${fmtValue(theta)}$, $m = ${fmtValue(rd.numOrList('m'))}$, $v = ${fmtValue(rd.numOrList('v'))}$;`,
    `this is step $t = ${rd.num('t')}$ with gradient $g = ${fmtValue(rd.numOrList('grad'))}$;`,
    `$\\mathrm{lr} = ${fmt(rd.num('lr'), 6)}$, $\\beta_1 = ${fmt(rd.num('beta1'), 6)}$, $\\beta_2 = ${fmt(rd.num('beta2'), 6)}$, $\\epsilon = ${fmt(rd.num('eps'), 6)}$.`,
    `By how much does the step change $\\theta$: what is $\\Delta\\theta = \\theta_{\\text{new}} - \\theta$?${vector ? ' Give the components in order.' : ''} (${toleranceText(tolerance)}; a decrease is negative)`,
  ].join(' ');
}

export const adam: Family = {
  id: 'adam',
  title: 'Adam: one step',
  topic: 'training',
  sheet: [226, 228, 230, 232],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
