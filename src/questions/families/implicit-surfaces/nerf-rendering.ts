// NeRF volume rendering along one ray (sheet 844–850, which garbles it; Mildenhall et al. eq. 3):
// α_i = 1 − e^{−σ_i δ_i}, T_i = Π_{j<i} (1 − α_j), w_i = T_i α_i, C = Σ w_i c_i.
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, reader, REL_TOLERANCE, texVector, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'sigma', list: true, description: 'densities σ_i of the samples, front to back' },
  { name: 'delta', list: true, description: 'distances δ_i between samples (a number applies to all)' },
  { name: 'color', list: true, description: 'grey-level colours c_i of the samples' },
];

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const sigma = rd.list('sigma');
  const d = rd.list('delta');
  const delta = d.length === 1 ? sigma.map(() => d[0]!) : d;
  const color = rd.list('color');
  if (delta.length !== sigma.length || color.length !== sigma.length) throw new Error('sigma, delta and color must have the same length');
  if (sigma.some((s) => s < 0) || delta.some((x) => x < 0)) throw new Error('densities and distances must be ≥ 0');
  return { sigma, delta, color };
}

function render(alpha: readonly number[], color: readonly number[], inclusive = false): number {
  let T = 1;
  let c = 0;
  alpha.forEach((a, i) => {
    if (inclusive) T *= 1 - a;
    c += T * a * color[i]!;
    if (!inclusive) T *= 1 - a;
  });
  return c;
}

function solve(p: Params): Solution {
  const { sigma, delta, color } = read(p);
  const alpha = sigma.map((s, i) => 1 - Math.exp(-s * delta[i]!));
  const T: number[] = [];
  alpha.reduce((t, a) => (T.push(t), t * (1 - a)), 1);
  const w = alpha.map((a, i) => T[i]! * a);
  const answer = w.reduce((acc, wi, i) => acc + wi * color[i]!, 0);
  const tolerance = REL_TOLERANCE;
  const steps = [
    '$\\alpha_i = 1 - e^{-\\sigma_i \\delta_i}$, $T_i = \\prod_{j<i} (1 - \\alpha_j)$, $w_i = T_i \\alpha_i$, $C = \\sum_i w_i c_i$',
    `$\\alpha = ${texVector(alpha, 4)}$, $T = ${texVector(T, 4)}$, $w = ${texVector(w, 4)}$`,
    `$C = ${w.map((wi, i) => `${fmt(wi, 4)} \\cdot ${fmt(color[i]!, 6)}`).join(' + ')} = ${fmt(answer, 5)}$`,
    `Answer: ${fmt(answer, 4)}`,
  ];
  const raw = sigma.map((s, i) => Math.min(1, s * delta[i]!));
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      { id: 'no-transmittance', message: 'You left out the transmittance T_i: samples behind dense ones are occluded.', value: alpha.reduce((acc, a, i) => acc + a * color[i]!, 0) },
      { id: 'transmittance-inclusive', message: 'T_i multiplies (1 − α_j) over the samples BEFORE i only (j < i).', value: render(alpha, color, true) },
      { id: 'alpha-linear', message: 'α_i = 1 − e^{−σ_i δ_i}, not σ_i δ_i.', value: render(raw, color) },
      { id: 'normalised-weights', message: 'The weights are not renormalised: the background gets the remaining 1 − Σw_i.', value: answer / w.reduce((a, b) => a + b, 0) },
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 1 ? 2 : level === 2 ? 3 : 4;
  return {
    sigma: Array.from({ length: n }, () => (level === 1 ? rng.int(1, 4) / 2 : rng.int(1, 30) / 10)),
    delta: level === 3 ? Array.from({ length: n }, () => rng.pick([0.25, 0.5, 1])) : rng.pick([0.5, 1]),
    color: Array.from({ length: n }, () => rng.int(1, 10) / 10),
  };
}

function prompt(p: Params): string {
  const { sigma, delta, color } = read(p);
  return [
    `A ray crosses ${sigma.length} samples (front to back) with densities $\\sigma = ${texVector(sigma)}$, spacings $\\delta = ${texVector(delta)}$ and grey colours $c = ${texVector(color)}$.`,
    'With NeRF\'s volume rendering ($\\alpha_i = 1 - e^{-\\sigma_i\\delta_i}$, $T_i = \\prod_{j<i}(1-\\alpha_j)$, black background), what colour $C$ does the ray get?',
    `Answer ${toleranceText(REL_TOLERANCE)}.`,
  ].join(' ');
}

export const nerfRendering: Family = {
  id: 'nerf-rendering',
  title: 'NeRF volume rendering',
  topic: 'implicit-surfaces',
  sheet: [844, 846, 850],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
