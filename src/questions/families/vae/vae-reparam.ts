// The VAE reparameterization trick (sheet 558): z = μ + σ ⊙ ε with σ = exp(½ log σ²), the encoder
// predicting the log-variance.
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, nonZeroInt, reader, REL_TOLERANCE, texVector, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'mu', list: true, description: 'encoder mean μ' },
  { name: 'logvar', list: true, description: 'encoder log-variance log σ²' },
  { name: 'eps', list: true, description: 'the standard-normal sample ε' },
];

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const mu = rd.list('mu');
  const lv = rd.list('logvar');
  const eps = rd.list('eps');
  if (lv.length !== mu.length || eps.length !== mu.length) throw new Error('mu, logvar and eps must have the same length');
  return { mu, lv, eps };
}

function solve(p: Params): Solution {
  const { mu, lv, eps } = read(p);
  const sigma = lv.map((v) => Math.exp(v / 2));
  const answer = mu.map((m, i) => m + sigma[i]! * eps[i]!);
  const tolerance = REL_TOLERANCE;
  const steps = [
    'Reparameterization: $z = \\mu + \\sigma \\odot \\varepsilon$, with $\\sigma = \\exp(\\tfrac12 \\log\\sigma^2)$',
    `$\\sigma = ${texVector(sigma, 5)}$`,
    ...mu.map((m, i) => `$z_${i + 1} = ${fmt(m, 6)} + ${fmt(sigma[i]!, 5)} \\cdot ${fmt(eps[i]!, 6)} = ${fmt(answer[i]!, 5)}$`),
    `Answer: ${answer.map((x) => fmt(x, 4)).join(', ')}`,
  ];
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      { id: 'variance-as-sigma', message: 'exp(log σ²) is the variance; σ = exp(½ log σ²).', value: mu.map((m, i) => m + Math.exp(lv[i]!) * eps[i]!) },
      { id: 'logvar-as-sigma', message: 'The encoder outputs log σ², not σ: exponentiate half of it.', value: mu.map((m, i) => m + lv[i]! * eps[i]!) },
      { id: 'mean-only', message: 'z adds the scaled noise σ ⊙ ε to μ.', value: mu },
      { id: 'no-mean', message: 'z is centred on μ: z = μ + σ ⊙ ε.', value: sigma.map((s, i) => s * eps[i]!) },
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 3 ? 3 : 2;
  return {
    mu: Array.from({ length: n }, () => rng.int(-20, 20) / 10),
    logvar: Array.from({ length: n }, () => nonZeroInt(rng, level === 1 ? -2 : -20, level === 1 ? 2 : 20) / (level === 1 ? 1 : 10)),
    eps: Array.from({ length: n }, () => nonZeroInt(rng, -20, 20) / 10),
  };
}

function prompt(p: Params): string {
  const { mu, lv, eps } = read(p);
  return [
    `A VAE encoder outputs $\\mu = ${texVector(mu)}$ and $\\log \\sigma^2 = ${texVector(lv)}$; the noise sample is $\\varepsilon = ${texVector(eps)}$.`,
    `What latent $z$ does the reparameterization trick give? Give the ${mu.length} components in order, each ${toleranceText(REL_TOLERANCE)}.`,
  ].join(' ');
}

export const vaeReparam: Family = {
  id: 'vae-reparameterization',
  title: 'VAE reparameterization',
  topic: 'vae',
  sheet: [558],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
