// Gradient clipping by norm (sheet 407): if ‖g‖₂ > c then g ← c · g / ‖g‖₂ (torch.nn.utils.clip_grad_norm_).
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, nonZeroInt, reader, REL_TOLERANCE, texVector, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'g', list: true, description: 'the gradient vector' },
  { name: 'max_norm', description: 'the threshold c on the L2 norm' },
];

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const c = rd.num('max_norm');
  if (!(c > 0)) throw new Error('max_norm must be > 0');
  return { g: rd.list('g'), c };
}

function solve(p: Params): Solution {
  const { g, c } = read(p);
  const norm = Math.hypot(...g);
  const clip = norm > c;
  const answer = clip ? g.map((x) => (c * x) / norm) : g.slice();
  const tolerance = REL_TOLERANCE;
  const steps = [
    'Clip by norm: if $\\|g\\|_2 > c$ then $g \\leftarrow c \\, g / \\|g\\|_2$ (the direction is kept, the length becomes $c$)',
    `$\\|g\\|_2 = \\sqrt{${g.map((x) => `${fmt(x, 6)}^2`).join(' + ')}} = ${fmt(norm, 5)}$ ${clip ? `$> ${fmt(c, 6)}$: clip` : `$\\le ${fmt(c, 6)}$: unchanged`}`,
    ...(clip ? [`$g \\leftarrow ${fmt(c, 6)} / ${fmt(norm, 5)} \\cdot ${texVector(g)} = ${texVector(answer, 4)}$`] : []),
    `Answer: ${answer.map((x) => fmt(x, 4)).join(', ')}`,
  ];
  const l1 = g.reduce((s, x) => s + Math.abs(x), 0);
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      clip ? { id: 'unchanged', message: `‖g‖ = ${fmt(norm, 4)} exceeds c, so g is rescaled.`, value: g } : null,
      { id: 'clip-by-value', message: 'You clipped each component to [−c, c] (clip by value); clipping by norm rescales the whole vector.', value: g.map((x) => Math.max(-c, Math.min(c, x))) },
      { id: 'unit-vector', message: 'You divided by the norm but forgot to multiply by c.', value: g.map((x) => x / norm), negligible: c === 1 },
      l1 > c ? { id: 'l1-norm', message: 'You used the L1 norm (sum of |g_i|); clipping uses the Euclidean norm.', value: g.map((x) => (c * x) / l1) } : null,
      { id: 'squared-norm', message: 'You divided by ‖g‖² instead of ‖g‖.', value: g.map((x) => (c * x) / (norm * norm)) },
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 1 ? 2 : 3;
  for (;;) {
    const g = Array.from({ length: n }, () => (level === 1 ? nonZeroInt(rng, -6, 6) : nonZeroInt(rng, -50, 50) / 10));
    const c = level === 1 ? rng.pick([1, 2, 5]) : rng.pick([0.5, 1, 2, 5]);
    if (Math.hypot(...g) > 1.2 * c) return { g, max_norm: c };
  }
}

function prompt(p: Params): string {
  const { g, c } = read(p);
  return [
    `A gradient $g = ${texVector(g)}$ is clipped by its L2 norm with threshold $c = ${fmt(c, 6)}$ (as \`clip_grad_norm_\` does).`,
    `What is the clipped gradient? Give the ${g.length} components in order, each ${toleranceText(REL_TOLERANCE)}.`,
  ].join(' ');
}

export const gradientClipping: Family = {
  id: 'gradient-clipping',
  title: 'Gradient clipping by norm',
  topic: 'rnn',
  sheet: [407],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
