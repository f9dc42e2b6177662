// Receptive field (one side, in input positions) of a unit of the last layer of a stack of
// convolutions/poolings (sheet lines 316, 610):
//   r = 1 + Σ_l (k_l − 1) · d_l · Π_{i<l} s_i
// Padding does not change it. Each layer widens the field by its dilated span minus one, measured
// in steps of the input ("jump") of that layer, the product of the strides before it.
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, reader, when } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'kernels', list: true, description: 'kernel size of each layer, first layer first' },
  { name: 'strides', list: true, description: 'stride of each layer (a single number applies to every layer)' },
  { name: 'dilations', default: 1, list: true, description: 'dilation of each layer (a single number applies to every layer)' },
];

interface Stack {
  kernels: number[];
  strides: number[];
  dilations: number[];
}

function read(p: Params): Stack {
  const r = reader(PARAMS, p);
  const kernels = r.list('kernels');
  const strides = r.list('strides');
  const dilations = r.list('dilations');
  const layers = Math.max(kernels.length, strides.length, dilations.length);
  const spread = (name: string, xs: number[]): number[] => {
    if (xs.length === layers) return xs;
    if (xs.length === 1) return Array.from({ length: layers }, () => xs[0]!);
    throw new Error(`${name} has ${xs.length} entries but the stack has ${layers} layers`);
  };
  const stack = { kernels: spread('kernels', kernels), strides: spread('strides', strides), dilations: spread('dilations', dilations) };
  if (layers > 50) throw new Error('at most 50 layers');
  for (const [name, xs] of [['kernels', stack.kernels], ['strides', stack.strides], ['dilations', stack.dilations]] as const) {
    if (xs.some((x) => !Number.isInteger(x) || x < 1 || x > 1000)) throw new Error(`${name} must be integers from 1 to 1000`);
  }
  return stack;
}

/** The input step between neighbouring units of each layer's input: Π_{i<l} s_i. */
function jumps(strides: readonly number[], inclusive = false): number[] {
  let j = 1;
  return strides.map((s) => {
    const before = j;
    j *= s;
    return inclusive ? j : before;
  });
}

export function receptiveField(kernels: readonly number[], strides: readonly number[], dilations: readonly number[]): number {
  const js = jumps(strides);
  return 1 + kernels.reduce((acc, k, l) => acc + (k - 1) * dilations[l]! * js[l]!, 0);
}

function solve(p: Params): Solution {
  const { kernels, strides, dilations } = read(p);
  const js = jumps(strides);
  const answer = receptiveField(kernels, strides, dilations);
  const tolerance = { kind: 'exact' } as const;
  const dilated = dilations.some((d) => d !== 1);
  const steps = [
    '$r = 1 + \\sum_l (k_l - 1) \\, d_l \\prod_{i<l} s_i$: each layer adds its span minus one, in steps of its input (the product of the earlier strides).',
  ];
  let r = 1;
  kernels.forEach((k, l) => {
    const add = (k - 1) * dilations[l]! * js[l]!;
    r += add;
    steps.push(
      `Layer ${l + 1} ($k=${k}$, $s=${strides[l]}$${dilated ? `, $d=${dilations[l]}$` : ''}): jump $\\prod_{i<${l + 1}} s_i = ${js[l]}$, adds $(${k} - 1)${dilated ? ` \\cdot ${dilations[l]}` : ''} \\cdot ${js[l]} = ${add}$, $r = ${r}$`,
    );
  });
  steps.push(`Answer: ${answer}`);
  const { misconceptions, contrasts } = judge(answer, tolerance, [
    {
      id: 'no-stride-product',
      message: 'You ignored the strides: after a stride-s layer, one step of the next layer covers s input positions (multiply by the product of the earlier strides).',
      value: 1 + kernels.reduce((acc, k, l) => acc + (k - 1) * dilations[l]!, 0),
    },
    {
      id: 'stride-product-inclusive',
      message: 'You multiplied by the layer\'s own stride too: a layer\'s span is measured with the strides of the layers before it only.',
      value: 1 + kernels.reduce((acc, k, l) => acc + (k - 1) * dilations[l]! * jumps(strides, true)[l]!, 0),
    },
    when(dilated, {
      id: 'no-dilation',
      message: 'You ignored the dilation: a dilated kernel spans d(k−1)+1 positions.',
      value: 1 + kernels.reduce((acc, k, l) => acc + (k - 1) * js[l]!, 0),
    }),
    {
      id: 'sum-of-kernels',
      message: 'You added the kernel sizes: consecutive windows overlap, each layer adds only (k−1)·d more positions (times its jump).',
      // findings D10: the learner's sum is Σ (dilated) kernel sizes, not weighted by the jumps
      value: kernels.reduce((acc, k, l) => acc + (k - 1) * dilations[l]! + 1, 0),
    },
  ]);
  return { answer, tolerance, steps, misconceptions, contrasts };
}

function generate(rng: Rng, level: Level): Params {
  if (level === 1) {
    const n = rng.int(2, 3);
    const kernels = Array.from({ length: n }, () => rng.pick([3, 3, 5]));
    const strides = Array.from({ length: n }, () => 1);
    strides[rng.int(0, n - 2)] = rng.pick([1, 2]);
    return { kernels, strides, dilations: 1 };
  }
  if (level === 2) {
    const n = rng.int(3, 4);
    return {
      kernels: Array.from({ length: n }, () => rng.pick([2, 3, 3, 5, 7])),
      strides: Array.from({ length: n }, () => rng.pick([1, 1, 2])),
      dilations: 1,
    };
  }
  const n = rng.int(3, 4);
  if (rng.next() < 0.5) {
    // WaveNet-style: stride 1, dilations doubling
    const k = rng.pick([2, 3]);
    return { kernels: Array.from({ length: n }, () => k), strides: 1, dilations: Array.from({ length: n }, (_, i) => 2 ** i) };
  }
  return {
    kernels: Array.from({ length: n }, () => rng.pick([2, 3, 5])),
    strides: Array.from({ length: n }, () => rng.pick([1, 2])),
    dilations: Array.from({ length: n }, () => rng.pick([1, 1, 2])),
  };
}

function prompt(p: Params): string {
  const { kernels, strides, dilations } = read(p);
  const list = (xs: number[]): string => `(${xs.join(', ')})`;
  const dilated = dilations.some((d) => d !== 1);
  return [
    `A stack of ${kernels.length} convolution layers is applied in order, with kernel sizes $${list(kernels)}$ and strides $${list(strides)}$`,
    dilated ? `and dilations $${list(dilations)}$ (first layer first).` : '(first layer first, no dilation).',
    'What is the receptive field of one unit of the last layer, as a number of input positions along one side? Answer with an integer.',
  ].join(' ');
}

export const receptiveFieldFamily: Family = {
  id: 'receptive-field',
  title: 'Receptive field of a conv stack',
  topic: 'cnn',
  sheet: [316, 610],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
