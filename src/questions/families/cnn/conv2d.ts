// A small 2-D cross-correlation or convolution (sheet 278–284): out(i, j) = Σ_m Σ_n K(m, n) · I(s·i + m − p,
// s·j + n − p) with zero padding p and stride s; a convolution flips the kernel first (rot180 K), which
// is what deep-learning "convolution" layers do NOT do (they correlate).
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, nonZeroInt, reader } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'input', list: true, description: 'the n × n input, row by row' },
  { name: 'kernel', list: true, description: 'the k × k kernel, row by row' },
  { name: 'stride', default: 1, description: 'stride s' },
  { name: 'padding', default: 0, description: 'zero padding p on every side' },
  { name: 'flip', default: 0, description: '1 for a true convolution (kernel rotated by 180°), 0 for cross-correlation' },
];

type Grid = number[][];

function square(name: string, xs: number[]): Grid {
  const n = Math.round(Math.sqrt(xs.length));
  if (n * n !== xs.length) throw new Error(`${name} must have a square number of entries (got ${xs.length})`);
  return Array.from({ length: n }, (_r, i) => xs.slice(i * n, i * n + n));
}

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const I = square('input', rd.list('input'));
  const K = square('kernel', rd.list('kernel'));
  const s = rd.int('stride', 1, 10);
  const pad = rd.int('padding', 0, 10);
  const flip = rd.int('flip', 0, 1) === 1;
  if (I.length + 2 * pad < K.length) throw new Error('the kernel is larger than the padded input');
  return { I, K, s, pad, flip };
}

const rot180 = (K: Grid): Grid => K.slice().reverse().map((row) => row.slice().reverse());
const transpose = (K: Grid): Grid => K.map((_r, i) => K.map((row) => row[i]!));

function correlate(I: Grid, K: Grid, s: number, pad: number): Grid {
  const n = I.length;
  const k = K.length;
  const o = Math.floor((n + 2 * pad - k) / s) + 1;
  const at = (r: number, c: number): number => (r < 0 || c < 0 || r >= n || c >= n ? 0 : I[r]![c]!);
  return Array.from({ length: o }, (_a, i) =>
    Array.from({ length: o }, (_b, j) => K.reduce((acc, row, m) => acc + row.reduce((a2, kv, q) => a2 + kv * at(s * i + m - pad, s * j + q - pad), 0), 0)),
  );
}

const gridTex = (G: Grid): string => `\\begin{pmatrix} ${G.map((r) => r.map((v) => fmt(v, 6)).join(' & ')).join(' \\\\ ')} \\end{pmatrix}`;

function solve(p: Params): Solution {
  const { I, K, s, pad, flip } = read(p);
  const used = flip ? rot180(K) : K;
  const out = correlate(I, used, s, pad);
  const answer = out.flat();
  const tolerance = { kind: 'exact' } as const;
  const o = out.length;
  const steps = [
    `Output size $\\lfloor (${I.length} + 2 \\cdot ${pad} - ${K.length})/${s} \\rfloor + 1 = ${o}$, so ${o} × ${o} values`,
    flip ? `Convolution: rotate the kernel by 180° first, $\\mathrm{rot180}(K) = ${gridTex(used)}$, then slide it as in a correlation` : 'Cross-correlation: slide the kernel as it is (no flip), multiply and add',
    `${pad > 0 ? `Pad with ${pad} zero${pad > 1 ? 's' : ''} on each side; ` : ''}window $(i, j)$ starts at row $${s}i$, column $${s}j$ of the ${pad > 0 ? 'padded ' : ''}input`,
    `Output $= ${gridTex(out)}$`,
    `Answer: ${answer.join(', ')}`,
  ];
  const flat = (G: Grid): number[] => G.flat();
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      { id: flip ? 'no-flip' : 'flipped', message: flip ? 'A convolution rotates the kernel by 180° first; you correlated.' : 'Cross-correlation (what conv layers compute) does not flip the kernel; you convolved.', value: flat(correlate(I, flip ? K : rot180(K), s, pad)) },
      flip ? { id: 'transposed-kernel', message: 'Rotating by 180° reverses rows AND columns; a transpose is a different kernel.', value: flat(correlate(I, transpose(K), s, pad)) } : null,
      s > 1 ? { id: 'stride-ignored-positions', message: 'With stride s the windows start at s·i: take every s-th window, not the first ones.', value: flat(correlate(I, used, 1, pad)).slice(0, answer.length) } : null,
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 1 ? 3 : 4;
  const k = level === 3 ? 3 : 2;
  const input = Array.from({ length: n * n }, () => rng.int(level === 1 ? 0 : -3, 5));
  const kernel = Array.from({ length: k * k }, () => nonZeroInt(rng, -2, 2));
  const stride = level === 2 ? rng.int(1, 2) : 1;
  const padding = level === 3 ? rng.int(0, 1) : 0;
  return { input, kernel, stride, padding, flip: rng.int(0, 1) };
}

function prompt(p: Params): string {
  const { I, K, s, pad, flip } = read(p);
  return [
    `Input $I = ${gridTex(I)}$, kernel $K = ${gridTex(K)}$, stride ${s}, zero padding ${pad}.`,
    `What is the ${flip ? '2-D convolution $I * K$ (kernel flipped)' : 'cross-correlation $I \\star K$ (no flip, as a conv layer computes it)'}?`,
    'Give the output row by row, all values separated by commas, exactly.',
  ].join(' ');
}

export const conv2d: Family = {
  id: 'conv2d',
  title: '2-D correlation and convolution',
  topic: 'cnn',
  sheet: [278, 280, 284],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
