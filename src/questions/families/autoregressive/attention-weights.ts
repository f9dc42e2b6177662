// Scaled dot-product attention weights (sheet lines 619–624):
//   α = softmax(QKᵀ / √D + M), row-wise, with the causal mask M_ij = 0 for j ≤ i and −∞ for j > i.
// (The sheet prints M with 1s and 0s, a transcription error: a mask is added to the scores before
// the softmax, so allowed entries get 0 and future positions −∞, i.e. weight 0.)
// Q and K are given as flat row-major lists of T positions × D numbers. The answer is one row of α
// (`row`, 1-based: the weights of that query over all keys), or the whole matrix flattened row by
// row when row = 0.
import { fmt, fmtP } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution, Tolerance } from '../../types.js';
import { judge, reader, texVector, toleranceText, when } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'q', list: true, description: 'queries Q, row-major: T_q rows of d numbers' },
  { name: 'k', list: true, description: 'keys K, row-major: T_k rows of d numbers' },
  { name: 'd', description: 'dimension D of each query/key (scores are divided by √D)' },
  { name: 'mask', default: 0, description: '1 for the causal mask (query i sees keys j ≤ i), 0 for none' },
  { name: 'row', default: 0, description: 'which row of α to give (1-based); 0 for the whole matrix, row by row' },
];

const TOLERANCE: Tolerance = { kind: 'relative', rel: 1e-2, abs: 1e-4 }; // findings D11: a floor only near 0

interface Attention {
  Q: number[][];
  K: number[][];
  d: number;
  mask: boolean;
  row: number;
}

function rows(name: string, flat: number[], d: number): number[][] {
  if (flat.length % d !== 0) throw new Error(`${name} has ${flat.length} numbers, not a multiple of d = ${d}`);
  return Array.from({ length: flat.length / d }, (_, i) => flat.slice(i * d, (i + 1) * d));
}

function read(params: Params): Attention {
  const r = reader(PARAMS, params);
  const d = r.int('d', 1, 64);
  const Q = rows('q', r.list('q'), d);
  const K = rows('k', r.list('k'), d);
  if (Q.length > 16 || K.length > 16) throw new Error('at most 16 queries and 16 keys');
  const mask = r.int('mask', 0, 1) === 1;
  if (mask && Q.length !== K.length) throw new Error(`the causal mask needs as many queries as keys (${Q.length} vs ${K.length})`);
  const row = r.int('row', 0, Q.length);
  return { Q, K, d, mask, row };
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((acc, v, i) => acc + v * b[i]!, 0);
}

/** Row-wise softmax of a score matrix where null marks a masked (−∞) entry. */
function softmaxRows(scores: (number | null)[][]): number[][] {
  return scores.map((r) => {
    const live = r.filter((v): v is number => v !== null);
    const m = Math.max(...live);
    const e = r.map((v) => (v === null ? 0 : Math.exp(v - m)));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / z);
  });
}

/** Scores q_i·k_j / scale, masked (null) above the diagonal when `mask`. */
function scoreMatrix(Q: number[][], K: number[][], scale: number, mask: boolean): (number | null)[][] {
  return Q.map((q, i) => K.map((k, j) => (mask && j > i ? null : dot(q, k) / scale)));
}

export function attentionWeights(Q: number[][], K: number[][], d: number, mask: boolean): number[][] {
  return softmaxRows(scoreMatrix(Q, K, Math.sqrt(d), mask));
}

function pickRows(m: number[][], row: number): number[] {
  return row === 0 ? m.flat() : m[row - 1]!;
}

function transpose<T>(m: T[][]): T[][] {
  return m[0]!.map((_, j) => m.map((r) => r[j]!));
}

function solve(params: Params): Solution {
  const { Q, K, d, mask, row } = read(params);
  const alpha = attentionWeights(Q, K, d, mask);
  const answer = pickRows(alpha, row);
  const tolerance = TOLERANCE;
  const sqrtD = Math.sqrt(d);
  const shown = row === 0 ? Q.map((_, i) => i) : [row - 1];
  const steps = [
    `$\\alpha = \\mathrm{softmax}(Q K^\\top / \\sqrt{D}${mask ? ' + M' : ''})$ row by row, $\\sqrt{D} = \\sqrt{${d}} = ${fmt(sqrtD, 5)}$${mask ? '; the causal mask $M$ adds $-\\infty$ for keys after the query (weight 0)' : ''}`,
  ];
  for (const i of shown) {
    const q = Q[i]!;
    const live = K.map((_, j) => !(mask && j > i));
    const scores = K.map((k) => dot(q, k));
    const liveIdx = K.flatMap((_, j) => (live[j] ? [j] : []));
    steps.push(
      `Row ${i + 1}: $q_${i + 1} \\cdot k_j = (${liveIdx.map((j) => `${K[j]!.map((v, c) => `${fmtP(q[c]!, 6)} \\cdot ${fmtP(v, 6)}`).join(' + ')} = ${fmt(scores[j]!, 6)}`).join(';\\ ')})$${mask && liveIdx.length < K.length ? ` (${liveIdx.length + 1 === K.length ? `key ${K.length}` : `keys ${liveIdx.length + 1}–${K.length}`} masked)` : ''}`,
      `Row ${i + 1}: scaled scores $${texVector(liveIdx.map((j) => scores[j]! / sqrtD), 5)}$, exponentials $${texVector(liveIdx.map((j) => Math.exp(scores[j]! / sqrtD)), 5)}$`,
      `Row ${i + 1}: $\\alpha_${i + 1} = ${texVector(alpha[i]!, 4)}$`,
    );
  }
  steps.push(`Answer: ${answer.map((v) => fmt(v, 4)).join(', ')}`);
  const noScale = softmaxRows(scoreMatrix(Q, K, 1, mask));
  const byD = softmaxRows(scoreMatrix(Q, K, d, mask));
  const { misconceptions, contrasts } = judge(answer, tolerance, [
    {
      id: 'no-scaling',
      message: 'You forgot to divide the scores by √D before the softmax.',
      value: pickRows(noScale, row),
    },
    when(d !== 1, {
      id: 'divide-by-d',
      message: 'You divided the scores by D; the scaling is 1/√D.',
      value: pickRows(byD, row),
    }),
    when(mask, {
      id: 'no-mask',
      message: 'You ignored the causal mask: query i may only attend to keys j ≤ i (later keys get weight 0).',
      value: pickRows(attentionWeights(Q, K, d, false), row),
    }),
    when(Q.length === K.length, {
      id: 'column-softmax',
      message: 'You normalised over the queries (columns): the softmax runs over the keys, so each row of α sums to 1.',
      value: pickRows(transpose(softmaxRows(transpose(scoreMatrix(Q, K, sqrtD, mask)))), row),
    }),
    when(Q.length === K.length, {
      id: 'k-q-transposed',
      message: 'You computed K Qᵀ instead of Q Kᵀ: row i holds the scores of query i against every key.',
      value: pickRows(softmaxRows(scoreMatrix(K, Q, sqrtD, mask)), row),
    }),
  ]);
  return { answer, tolerance, steps, misconceptions, contrasts };
}

function generate(rng: Rng, level: Level): Params {
  const t = level === 1 ? 2 : 3;
  const d = level === 3 ? 4 : 2;
  const entry = (): number => (level === 3 ? rng.int(-2, 2) / 2 : rng.int(-2, 2));
  for (;;) {
    const q = Array.from({ length: t * d }, entry);
    const k = Array.from({ length: t * d }, entry);
    const mask = level === 1 ? 0 : level === 2 ? rng.int(0, 1) : 1;
    // with the causal mask, row 1 is always (1, 0, …): ask a later row
    const row = mask ? rng.int(2, t) : rng.int(1, t);
    const params = { q, k, d, mask, row };
    const { answer } = solve(params);
    // skip rows where every weight is equal (all scores the same): no arithmetic to practise
    const live = (answer as number[]).filter((v) => v > 0);
    if (live.some((v) => Math.abs(v - live[0]!) > 0.02)) return params;
  }
}

function prompt(params: Params): string {
  const { Q, K, d, mask, row } = read(params);
  const list = (m: number[][], name: string): string => m.map((r, i) => `$${name}_${i + 1} = ${texVector(r)}$`).join(', ');
  const what =
    row === 0
      ? `Give all of $\\alpha$, row by row (${Q.length * K.length} values: $\\alpha_{11}, \\alpha_{12}, \\dots$)`
      : `Give row ${row} of $\\alpha$ (the weights of query ${row} over the ${K.length} keys), in order $\\alpha_{${row}1}, \\dots, \\alpha_{${row}${K.length}}$`;
  return [
    `Self-attention with $D = ${d}$: the queries are ${list(Q, 'q')} and the keys are ${list(K, 'k')} (rows of $Q$ and $K$).`,
    `Compute the attention weights $\\alpha = \\mathrm{softmax}(Q K^\\top / \\sqrt{D}${mask ? ' + M' : ''})$, softmax over each row${mask ? ', with the causal mask $M_{ij} = 0$ for $j \\le i$ and $-\\infty$ for $j > i$' : ', no mask'}.`,
    `${what}, each ${toleranceText(TOLERANCE)}.`,
  ].join(' ');
}

export const attentionWeightsFamily: Family = {
  id: 'attention-weights',
  title: 'Attention weights',
  topic: 'autoregressive',
  sheet: [619, 621, 622, 623],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
