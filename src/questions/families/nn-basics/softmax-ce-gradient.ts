// Gradient of softmax cross-entropy with respect to the logits (sheet 113, 121): ∂L/∂z = p − y,
// with p = softmax(z) and y the one-hot label.
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, reader, REL_TOLERANCE, texVector, toleranceText } from '../common.js';
import { softmax } from './softmax.js';

const PARAMS: ParamSpec[] = [
  { name: 'z', list: true, description: 'logits z_1, …, z_n' },
  { name: 'label', description: 'the true class k, counted from 1' },
];

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const z = rd.list('z');
  if (z.length < 2) throw new Error('z needs at least 2 entries');
  return { z, k: rd.int('label', 1, z.length) };
}

function solve(p: Params): Solution {
  const { z, k } = read(p);
  const prob = softmax(z);
  const y = z.map((_v, i) => (i === k - 1 ? 1 : 0));
  const answer = prob.map((pi, i) => pi - y[i]!);
  const tolerance = REL_TOLERANCE;
  const steps = [
    '$L = -\\sum_i y_i \\ln p_i$ with $p = \\mathrm{softmax}(z)$ gives $\\partial L/\\partial z = p - y$',
    `$p = \\mathrm{softmax}(z) = ${texVector(prob, 4)}$, $y = ${texVector(y)}$ (class ${k})`,
    `$p - y = ${texVector(answer, 4)}$`,
    `Answer: ${answer.map((v) => fmt(v, 4)).join(', ')}`,
  ];
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      { id: 'forgot-label', message: 'You gave p; the gradient subtracts the one-hot label: p − y.', value: prob },
      { id: 'sign-flip', message: 'You computed y − p; the gradient of the loss is p − y (descent then raises the true class).', value: answer.map((v) => -v) },
      { id: 'log-p-gradient', message: 'You differentiated −ln p_k only with respect to z_k; every logit gets p_i − y_i.', value: z.map((_v, i) => (i === k - 1 ? prob[i]! - 1 : 0)) },
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 1 ? 3 : level === 2 ? rng.int(3, 4) : rng.int(4, 5);
  for (;;) {
    const z = Array.from({ length: n }, () => (level === 1 ? rng.int(-2, 3) : rng.int(-20, 30) / 10));
    if (new Set(z).size >= 2) return { z, label: rng.int(1, n) };
  }
}

function prompt(p: Params): string {
  const { z, k } = read(p);
  return [
    `A classifier outputs logits $z = ${texVector(z)}$; the loss is the cross-entropy of $\\mathrm{softmax}(z)$ with the true class ${k} (one-hot $y$).`,
    `What is $\\partial L / \\partial z$? Give the ${z.length} components in order, each ${toleranceText(REL_TOLERANCE)}.`,
  ].join(' ');
}

export const softmaxCeGradient: Family = {
  id: 'softmax-ce-gradient',
  title: 'Softmax cross-entropy gradient',
  topic: 'nn-basics',
  sheet: [113, 121],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
