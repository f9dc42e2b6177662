// Change of variables through one affine coupling layer (sheet 642–660): x = (x_a, x_b) ↦ z with
// z_a = x_a, z_b = x_b ⊙ e^{s} + t (s, t computed from x_a; given here). The Jacobian is triangular,
// log|det ∂z/∂x| = Σ s, and log p_x(x) = log p_z(z) + Σ s with p_z the standard normal.
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, reader, REL_TOLERANCE, texVector, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'x', list: true, description: 'the data point x = (x_a, x_b), an even number of entries' },
  { name: 's', list: true, description: 'log-scales s(x_a), one per entry of x_b' },
  { name: 't', list: true, description: 'shifts t(x_a), one per entry of x_b' },
];

const LOG_2PI = Math.log(2 * Math.PI);
const logNormal = (v: number): number => -0.5 * LOG_2PI - 0.5 * v * v;

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const x = rd.list('x');
  if (x.length % 2 !== 0) throw new Error('x needs an even number of entries (x_a and x_b of equal size)');
  const h = x.length / 2;
  const s = rd.list('s');
  const t = rd.list('t');
  if (s.length !== h || t.length !== h) throw new Error(`s and t need ${h} entries each (one per entry of x_b)`);
  return { x, s, t, h };
}

function solve(p: Params): Solution {
  const { x, s, t, h } = read(p);
  const za = x.slice(0, h);
  const zb = x.slice(h).map((v, i) => v * Math.exp(s[i]!) + t[i]!);
  const z = [...za, ...zb];
  const logpz = z.reduce((a, v) => a + logNormal(v), 0);
  const logdet = s.reduce((a, b) => a + b, 0);
  const answer = logpz + logdet;
  const tolerance = REL_TOLERANCE;
  const steps = [
    'Coupling: $z_a = x_a$, $z_b = x_b \\odot e^{s} + t$; the Jacobian is triangular with diagonal $(1, \\dots, 1, e^{s_1}, \\dots)$, so $\\log|\\det| = \\sum_i s_i$',
    `$z = ${texVector(z, 5)}$`,
    `$\\log p_z(z) = \\sum_i (-\\tfrac12 \\ln 2\\pi - \\tfrac12 z_i^2) = ${fmt(logpz, 5)}$, $\\log|\\det| = ${fmt(logdet, 5)}$`,
    `$\\log p_x(x) = \\log p_z(z) + \\log|\\det \\partial z/\\partial x| = ${fmt(logpz, 5)} + ${fmt(logdet, 5)} = ${fmt(answer, 5)}$`,
    `Answer: ${fmt(answer, 4)}`,
  ];
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      { id: 'minus-logdet', message: 'Going from z back to x the density gains log|det ∂z/∂x| = +Σs; you subtracted it.', value: logpz - logdet },
      { id: 'no-logdet', message: 'You left out the Jacobian term log|det ∂z/∂x| = Σs.', value: logpz },
      { id: 'exp-scales', message: 'The log-determinant is Σ s (the log of Π e^{s}), not Σ e^{s}.', value: logpz + s.reduce((a, b) => a + Math.exp(b), 0) },
      { id: 'no-normaliser', message: 'The standard-normal log-density has −½ ln 2π per dimension.', value: answer + (x.length * LOG_2PI) / 2 },
      { id: 'density-at-x', message: 'Evaluate p_z at z = f(x), not at x itself.', value: x.reduce((a, v) => a + logNormal(v), 0) + logdet },
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  const h = level === 1 ? 1 : 2;
  return {
    x: Array.from({ length: 2 * h }, () => rng.int(-20, 20) / 10),
    s: Array.from({ length: h }, () => (level === 3 ? rng.int(-10, 10) / 10 : rng.pick([-1, -0.5, 0.5, 1]))),
    t: Array.from({ length: h }, () => (level === 1 ? 0 : rng.int(-10, 10) / 10)),
  };
}

function prompt(p: Params): string {
  const { x, s, t, h } = read(p);
  return [
    `An affine coupling layer maps $x = ${texVector(x)}$ to $z$: the first ${h} entr${h === 1 ? 'y passes' : 'ies pass'} unchanged, the other ${h} become $x_b \\odot e^{s} + t$ with $s = ${texVector(s)}$, $t = ${texVector(t)}$ (computed from $x_a$).`,
    `With a standard-normal base $p_z$, what is $\\log p_x(x)$ (natural log)? Answer ${toleranceText(REL_TOLERANCE)}.`,
  ].join(' ');
}

export const couplingLogLikelihood: Family = {
  id: 'coupling-log-likelihood',
  title: 'Flow: change of variables through a coupling layer',
  topic: 'flows',
  sheet: [642, 652, 660],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
