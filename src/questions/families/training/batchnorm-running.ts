// Batch-norm running statistics, PyTorch's convention (sheet 151, 137): with momentum m (0.1),
// running_mean ← (1 − m)·running_mean + m·mean(x), running_var ← (1 − m)·running_var + m·var(x),
// where var(x) is the UNBIASED batch variance (divide by n − 1); normalisation in training uses 1/n.
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, reader, REL_TOLERANCE, texVector, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'x', list: true, description: 'the batch values of one feature' },
  { name: 'running_mean', description: 'running mean before the batch' },
  { name: 'running_var', description: 'running variance before the batch' },
  { name: 'momentum', default: 0.1, description: 'PyTorch momentum m: weight of the new batch' },
];

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const x = rd.list('x');
  if (x.length < 2) throw new Error('x needs at least 2 values (the unbiased variance divides by n − 1)');
  const m = rd.num('momentum');
  if (!(m >= 0 && m <= 1)) throw new Error('momentum must be in [0, 1]');
  const rv = rd.num('running_var');
  if (rv < 0) throw new Error('running_var must be ≥ 0');
  return { x, rm: rd.num('running_mean'), rv, m };
}

function solve(p: Params): Solution {
  const { x, rm, rv, m } = read(p);
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const ss = x.reduce((a, b) => a + (b - mean) ** 2, 0);
  const unbiased = ss / (n - 1);
  const biased = ss / n;
  const answer = [(1 - m) * rm + m * mean, (1 - m) * rv + m * unbiased];
  const tolerance = REL_TOLERANCE;
  const steps = [
    'PyTorch: $\\hat\\mu \\leftarrow (1-m)\\hat\\mu + m\\,\\mu_B$, $\\hat\\sigma^2 \\leftarrow (1-m)\\hat\\sigma^2 + m\\,s_B^2$ with the unbiased $s_B^2 = \\frac{1}{n-1}\\sum (x_i - \\mu_B)^2$',
    `$\\mu_B = ${fmt(mean, 6)}$, $\\sum (x_i - \\mu_B)^2 = ${fmt(ss, 6)}$, $s_B^2 = ${fmt(ss, 6)}/${n - 1} = ${fmt(unbiased, 6)}$`,
    `$\\hat\\mu = ${fmt(1 - m, 6)} \\cdot ${fmt(rm, 6)} + ${fmt(m, 6)} \\cdot ${fmt(mean, 6)} = ${fmt(answer[0]!, 5)}$, $\\hat\\sigma^2 = ${fmt(1 - m, 6)} \\cdot ${fmt(rv, 6)} + ${fmt(m, 6)} \\cdot ${fmt(unbiased, 6)} = ${fmt(answer[1]!, 5)}$`,
    `Answer: ${answer.map((v) => fmt(v, 4)).join(', ')}`,
  ];
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      { id: 'biased-variance', message: 'PyTorch updates the running variance with the unbiased batch variance (divide by n − 1).', value: [answer[0]!, (1 - m) * rv + m * biased] },
      { id: 'momentum-swapped', message: 'In PyTorch the momentum weighs the NEW batch: (1 − m)·running + m·batch.', value: [m * rm + (1 - m) * mean, m * rv + (1 - m) * unbiased] },
      { id: 'batch-only', message: 'The running statistics are an exponential average, not the batch statistics alone.', value: [mean, unbiased] },
      { id: 'std-not-var', message: 'The running variance averages variances, not standard deviations.', value: [answer[0]!, (1 - m) * rv + m * Math.sqrt(unbiased)] },
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 1 ? 3 : rng.int(4, 5);
  for (;;) {
    const x = Array.from({ length: n }, () => (level === 3 ? rng.int(-30, 30) / 10 : rng.int(-4, 6)));
    if (new Set(x).size < 2) continue;
    return {
      x,
      running_mean: level === 1 ? 0 : rng.int(-20, 20) / 10,
      running_var: level === 1 ? 1 : rng.int(5, 30) / 10,
      momentum: level === 3 ? rng.pick([0.1, 0.2, 0.01]) : 0.1,
    };
  }
}

function prompt(p: Params): string {
  const { x, rm, rv, m } = read(p);
  return [
    `A BatchNorm layer (PyTorch, momentum $m = ${fmt(m, 6)}$) has running mean ${fmt(rm, 6)} and running variance ${fmt(rv, 6)} for one feature.`,
    `A training batch brings the values $${texVector(x)}$. What are the running mean and the running variance after this batch?`,
    `Give the two numbers in that order, each ${toleranceText(REL_TOLERANCE)}.`,
  ].join(' ');
}

export const batchnormRunning: Family = {
  id: 'batchnorm-running',
  title: 'Batch-norm running statistics',
  topic: 'training',
  sheet: [151, 137],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
