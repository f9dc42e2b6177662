// The optimal discriminator for a fixed generator (Goodfellow et al. 2014, Proposition 1; sheet lines
// 709–714): D*(x) = p_data(x) / (p_data(x) + p_g(x)). Either two densities at one point x (numbers), or
// two discrete distributions over the same outcomes x_1…x_k (lists summing to 1), answered per outcome.
import { fmt, fmtList, fmtP } from '../../format.js';
import type { Family, Level, Misconception, ParamSpec, Params, Solution, Tolerance, Value } from '../../types.js';
import { judge } from '../../../engine/compare.js';
import type { Rng } from '../../rng.js';
import { reader, shapeLike, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  {
    name: 'p_data',
    list: true,
    description: 'p_data(x): a density at one point x (a number ≥ 0), or a discrete distribution over x_1…x_k (a list summing to 1)',
  },
  { name: 'p_g', list: true, description: 'p_g(x), in the same form as p_data (same length when lists)' },
];

const SUM_TOL = 1e-9;

function read(p: Params): { pd: number[]; pg: number[]; discrete: boolean } {
  const rd = reader(PARAMS, p);
  const pdIn = rd.numOrList('p_data');
  const pgIn = rd.numOrList('p_g');
  const discrete = Array.isArray(pdIn);
  if (discrete !== Array.isArray(pgIn)) throw new Error('p_data and p_g must both be numbers (densities at x) or both be lists');
  const pd = Array.isArray(pdIn) ? pdIn : [pdIn];
  const pg = Array.isArray(pgIn) ? pgIn : [pgIn];
  if (pd.length !== pg.length) throw new Error(`p_data and p_g must have the same length (${pd.length} vs ${pg.length})`);
  if ([...pd, ...pg].some((x) => x < 0)) throw new Error('probabilities and densities must be ≥ 0');
  if (discrete) {
    for (const [name, xs] of [['p_data', pd], ['p_g', pg]] as const) {
      const sum = xs.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > SUM_TOL) throw new Error(`${name} must sum to 1 (sums to ${sum})`);
    }
  }
  pd.forEach((x, i) => {
    if (x + pg[i]! === 0) {
      throw new Error(`D* is undefined where p_data = p_g = 0${discrete ? ` (outcome ${i + 1})` : ''}`);
    }
  });
  return { pd, pg, discrete };
}

function solve(p: Params): Solution {
  const { pd, pg, discrete } = read(p);
  const d = pd.map((x, i) => x / (x + pg[i]!));
  const answer = shapeLike(d, !discrete);
  const tolerance: Tolerance = { kind: 'relative', rel: 1e-2, abs: 1e-4 }; // findings D11: a floor only near 0

  const steps = [
    'For a fixed $G$, $V(D,G) = \\int p_{data}(x)\\log D(x) + p_g(x)\\log(1-D(x))\\,dx$; pointwise, $a\\log y + b\\log(1-y)$ is maximal at $y = a/(a+b)$, so $D^*(x) = \\frac{p_{data}(x)}{p_{data}(x) + p_g(x)}$.',
    ...pd.map(
      (x, i) =>
        `${discrete ? `$x_{${i + 1}}$: ` : ''}$D^* = \\frac{${fmt(x, 6)}}{${fmt(x, 6)} + ${fmtP(pg[i]!, 6)}} = ${fmt(d[i]!, 6)}$`,
    ),
    `Answer: $D^* = ${discrete ? `(${fmtList(d, 6)})` : fmt(d[0]!, 6)}$`,
  ];
  const per = (f: (a: number, b: number) => number): Value => shapeLike(pd.map((x, i) => f(x, pg[i]!)), !discrete);
  const candidates: Misconception[] = [
    {
      id: 'inverted',
      message: 'You put p_g on top: D* is the probability that x is REAL, p_data/(p_data + p_g).',
      value: per((a, b) => b / (a + b)),
    },
    {
      id: 'density-ratio',
      message: 'You took the ratio p_data/p_g; D* normalizes by the sum, p_data/(p_data + p_g), so it stays in [0, 1].',
      value: per((a, b) => a / b),
    },
    {
      id: 'one-half',
      message: 'D* = ½ only where p_g = p_data (at the generator\'s optimum); for a fixed G it is p_data/(p_data + p_g).',
      value: per(() => 0.5),
    },
  ];
  return { answer, tolerance, steps, ...judge(answer, tolerance, candidates) };
}

/** k probabilities in hundredths, each ≥ min/100, summing to exactly 1. */
function distribution(rng: Rng, k: number, min: number): number[] {
  for (;;) {
    const cuts = Array.from({ length: k - 1 }, () => rng.int(1, 99)).sort((a, b) => a - b);
    const parts = [...cuts, 100].map((c, i) => c - (i === 0 ? 0 : cuts[i - 1]!));
    if (parts.every((x) => x >= min)) return parts.map((x) => x / 100);
  }
}

function generate(rng: Rng, level: Level): Params {
  if (level === 1) {
    const pd = rng.int(1, 99) / 100;
    let pg = rng.int(1, 99) / 100;
    while (pg === pd) pg = rng.int(1, 99) / 100;
    return { p_data: pd, p_g: pg };
  }
  const k = level === 2 ? 3 : 4;
  let pd = distribution(rng, k, 5);
  let pg = distribution(rng, k, 5);
  if (level === 3) {
    // one outcome the generator never produces (D* = 1 there), or one the data never has (D* = 0)
    const j = rng.int(0, k - 1);
    const other = (j + 1) % k;
    const zeroIn = rng.pick(['p_g', 'p_data'] as const);
    const shift = (xs: number[]): number[] =>
      xs.map((x, i) => (i === j ? 0 : i === other ? Math.round((x + xs[j]!) * 100) / 100 : x));
    if (zeroIn === 'p_g') pg = shift(pg);
    else pd = shift(pd);
  }
  return { p_data: pd, p_g: pg };
}

function prompt(p: Params): string {
  const { tolerance } = solve(p);
  const { pd, pg, discrete } = read(p);
  if (!discrete) {
    return [
      `At a point $x$ the data density is $p_{data}(x) = ${fmt(pd[0]!, 6)}$ and the generator's density is $p_g(x) = ${fmt(pg[0]!, 6)}$.`,
      `For this fixed generator, what is the optimal discriminator's output $D^*(x)$ (the probability that $x$ is real)? (${toleranceText(tolerance)})`,
    ].join(' ');
  }
  return [
    `Data and generator are distributions over the outcomes $x_1, \\dots, x_{${pd.length}}$: $p_{data} = (${fmtList(pd, 6)})$, $p_g = (${fmtList(pg, 6)})$.`,
    'For this fixed generator, what does the optimal discriminator $D^*$ output (the probability of "real") on each outcome?',
    `Give $D^*(x_1), \\dots, D^*(x_{${pd.length}})$ in order (${toleranceText(tolerance)} each).`,
  ].join(' ');
}

export const ganOptimalDiscriminator: Family = {
  id: 'gan-optimal-discriminator',
  title: 'GAN: the optimal discriminator',
  topic: 'gans',
  sheet: [709, 711, 713, 714],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
