// One perceptron update (sheet 101): if y(wᵀx + b) ≤ 0 then w ← w + ηyx, b ← b + ηy (labels ±1).
import { fmt, fmtP } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, nonZeroInt, reader, REL_TOLERANCE, texVector, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'w', list: true, description: 'weights w before the update' },
  { name: 'b', default: 0, description: 'bias b before the update' },
  { name: 'x', list: true, description: 'the example x' },
  { name: 'y', description: 'its label, −1 or +1' },
  { name: 'lr', default: 1, description: 'learning rate η' },
];

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const w = rd.list('w');
  const x = rd.list('x');
  if (w.length !== x.length) throw new Error(`w and x must have the same length (${w.length} vs ${x.length})`);
  const y = rd.num('y');
  if (y !== 1 && y !== -1) throw new Error('y must be −1 or +1');
  const lr = rd.num('lr');
  if (!(lr > 0)) throw new Error('lr must be > 0');
  return { w, b: rd.num('b'), x, y, lr };
}

function solve(p: Params): Solution {
  const { w, b, x, y, lr } = read(p);
  const score = w.reduce((s, wi, i) => s + wi * x[i]!, b);
  const wrong = y * score <= 0;
  const answer = wrong ? [...w.map((wi, i) => wi + lr * y * x[i]!), b + lr * y] : [...w, b];
  const tolerance = REL_TOLERANCE;
  const steps = [
    'Perceptron: if $y(w^\\top x + b) \\le 0$ (misclassified) then $w \\leftarrow w + \\eta y x$, $b \\leftarrow b + \\eta y$; otherwise nothing changes.',
    `$y(w^\\top x + b) = ${fmtP(y, 2)} \\cdot ${fmtP(score, 6)} = ${fmt(y * score, 6)}$ ${wrong ? '$\\le 0$: misclassified, update' : '$> 0$: correct, no update'}`,
    ...(wrong ? [`$w = ${texVector(w)} + ${fmt(lr, 6)} \\cdot ${fmtP(y, 2)} \\cdot ${texVector(x)}$, $b = ${fmt(b, 6)} + ${fmt(lr, 6)} \\cdot ${fmtP(y, 2)}$`] : []),
    `Answer: ${answer.map((v) => fmt(v, 6)).join(', ')}`,
  ];
  const upd = (k: number): number[] => [...w.map((wi, i) => wi + k * x[i]!), b + k];
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      wrong ? { id: 'unchanged', message: 'The example is misclassified (y(wᵀx + b) ≤ 0), so the weights move.', value: [...w, b] } : null,
      wrong ? { id: 'sign-flip', message: 'You subtracted ηyx: the perceptron adds ηyx, turning w toward yx.', value: upd(-lr * y) } : null,
      wrong ? { id: 'no-label', message: 'You added ηx without the label y.', value: upd(lr), negligible: y === 1 } : null,
      wrong ? { id: 'bias-unchanged', message: 'The bias is updated too: b ← b + ηy.', value: [...w.map((wi, i) => wi + lr * y * x[i]!), b] } : null,
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 3 ? 3 : 2;
  for (;;) {
    const w = Array.from({ length: n }, () => (level === 1 ? rng.int(-2, 2) : rng.int(-20, 20) / 10));
    const x = Array.from({ length: n }, () => nonZeroInt(rng, -3, 3));
    const b = level === 1 ? 0 : rng.int(-10, 10) / 10;
    const y = rng.pick([-1, 1]);
    const lr = level === 1 ? 1 : rng.pick([0.5, 0.1, 1]);
    const score = w.reduce((s, wi, i) => s + wi * x[i]!, b);
    if (y * score <= 0) return { w, b, x, y, lr }; // a mistake, so there is an update to make
  }
}

function prompt(p: Params): string {
  const { w, b, x, y, lr } = read(p);
  return [
    `A perceptron with $w = ${texVector(w)}$, $b = ${fmt(b, 6)}$ sees the example $x = ${texVector(x)}$ with label $y = ${y}$ (labels $\\pm 1$).`,
    `With learning rate $\\eta = ${fmt(lr, 6)}$, what are $w$ and $b$ after the perceptron update?`,
    `Give $w_1, \\dots, w_{${w.length}}, b$ in order, each ${toleranceText(REL_TOLERANCE)}.`,
  ].join(' ');
}

export const perceptron: Family = {
  id: 'perceptron-update',
  title: 'Perceptron: one update',
  topic: 'nn-basics',
  sheet: [101],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
