// Stochastic weight averaging (sheet 260): w_swa ← (w_swa · n + w) / (n + 1), n the models averaged so far.
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, reader, REL_TOLERANCE, texVector, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'w_swa', list: true, description: 'the running average so far' },
  { name: 'n', description: 'models averaged into w_swa so far' },
  { name: 'w', list: true, description: 'the new weights' },
];

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const avg = rd.list('w_swa');
  const w = rd.list('w');
  if (avg.length !== w.length) throw new Error('w_swa and w must have the same length');
  return { avg, n: rd.int('n', 1, 1e9), w };
}

function solve(p: Params): Solution {
  const { avg, n, w } = read(p);
  const answer = avg.map((a, i) => (a * n + w[i]!) / (n + 1));
  const tolerance = REL_TOLERANCE;
  const steps = [
    '$w_{swa} \\leftarrow \\frac{w_{swa} \\cdot n + w}{n + 1}$: the mean of all $n + 1$ models',
    ...avg.map((a, i) => `$(${fmt(a, 6)} \\cdot ${n} + ${fmt(w[i]!, 6)}) / ${n + 1} = ${fmt(answer[i]!, 5)}$`),
    `Answer: ${answer.map((x) => fmt(x, 4)).join(', ')}`,
  ];
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      { id: 'halfway', message: 'You averaged w_swa and w equally; w_swa already stands for n models, so it weighs n times as much.', value: avg.map((a, i) => (a + w[i]!) / 2), negligible: n === 1 },
      { id: 'divide-by-n', message: 'Divide by n + 1: the new model is one more.', value: avg.map((a, i) => (a * n + w[i]!) / n) },
      { id: 'unchanged', message: 'The new model changes the average.', value: avg },
      { id: 'new-weights', message: 'SWA averages; it does not replace w_swa by w.', value: w },
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  const k = level === 3 ? 3 : 2;
  return {
    w_swa: Array.from({ length: k }, () => (level === 1 ? rng.int(-5, 5) : rng.int(-30, 30) / 10)),
    n: level === 1 ? rng.int(2, 4) : rng.int(2, 9),
    w: Array.from({ length: k }, () => (level === 1 ? rng.int(-5, 5) : rng.int(-30, 30) / 10)),
  };
}

function prompt(p: Params): string {
  const { avg, n, w } = read(p);
  return [
    `SWA has averaged $n = ${n}$ models into $w_{swa} = ${texVector(avg)}$. The next model has weights $w = ${texVector(w)}$.`,
    `What is $w_{swa}$ after adding it? Give the ${w.length} components in order, each ${toleranceText(REL_TOLERANCE)}.`,
  ].join(' ');
}

export const swaAverage: Family = {
  id: 'swa-average',
  title: 'SWA running average',
  topic: 'training',
  sheet: [260],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
