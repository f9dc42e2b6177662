// Output size of a convolution, PyTorch Conv2d convention (sheet lines 337–341; the sheet's
// "· S^d" is a transcription error for "/ s", floored):
//   H_out = ⌊(H_in + 2p − d(k−1) − 1) / s⌋ + 1
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, reader, when } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'size', description: 'input size H_in (one spatial side)' },
  { name: 'kernel', description: 'kernel size k' },
  { name: 'stride', default: 1, description: 'stride s' },
  { name: 'padding', default: 0, description: 'zero padding p added on each side' },
  { name: 'dilation', default: 1, description: 'dilation d (spacing between kernel taps)' },
];

interface Conv {
  size: number;
  kernel: number;
  stride: number;
  padding: number;
  dilation: number;
}

function read(p: Params): Conv {
  const r = reader(PARAMS, p);
  return {
    size: r.int('size', 1),
    kernel: r.int('kernel', 1),
    stride: r.int('stride', 1),
    padding: r.int('padding', 0),
    dilation: r.int('dilation', 1),
  };
}

/** ⌊(n + 2p − d(k−1) − 1)/s⌋ + 1, or null when the kernel does not fit the padded input. */
export function convOutputSize(c: Conv): number | null {
  const numerator = c.size + 2 * c.padding - c.dilation * (c.kernel - 1) - 1;
  return numerator < 0 ? null : Math.floor(numerator / c.stride) + 1;
}

function solve(p: Params): Solution {
  const c = read(p);
  const { size: n, kernel: k, stride: s, padding: pad, dilation: d } = c;
  const span = d * (k - 1) + 1;
  const numerator = n + 2 * pad - d * (k - 1) - 1;
  const answer = convOutputSize(c);
  if (answer === null) {
    throw new Error(`the kernel spans ${span} inputs (d(k−1)+1) but the padded input has only ${n + 2 * pad} (size + 2·padding)`);
  }
  const tolerance = { kind: 'exact' } as const;
  const steps = [
    'PyTorch `Conv2d`: $H_{out} = \\lfloor (H_{in} + 2p - d(k-1) - 1) / s \\rfloor + 1$',
    ...(d > 1 ? [`The dilated kernel spans $d(k-1)+1 = ${d} \\cdot (${k}-1) + 1 = ${span}$ inputs.`] : []),
    `$H_{out} = \\lfloor (${n} + 2 \\cdot ${pad} - ${d} \\cdot (${k}-1) - 1) / ${s} \\rfloor + 1 = \\lfloor ${numerator} / ${s} \\rfloor + 1 = ${Math.floor(numerator / s)} + 1 = ${answer}$`,
    `Answer: ${answer}`,
  ];
  const floorPlusOne = (num: number): number => Math.floor(num / s) + 1;
  const { misconceptions, contrasts } = judge(answer, tolerance, [
    {
      id: 'no-plus-one',
      message: 'You forgot the +1: a kernel placed at the first position already gives one output, then one more per stride.',
      value: answer - 1,
    },
    when(d > 1, {
      id: 'no-dilation',
      message: `You ignored the dilation: a kernel of size ${k} with dilation ${d} spans d(k−1)+1 = ${span} inputs, not ${k}.`,
      value: floorPlusOne(n + 2 * pad - k),
    }),
    when(pad > 0, {
      id: 'padding-one-side',
      message: 'You added the padding once: padding p is added on both sides, so the input grows by 2p.',
      value: floorPlusOne(n + pad - d * (k - 1) - 1),
    }),
    when(numerator % s !== 0, {
      id: 'ceil-instead-of-floor',
      message: 'You rounded the division up: PyTorch rounds it down (floor) — a window that does not fit is dropped.',
      value: Math.ceil(numerator / s) + 1,
    }),
    when(s > 1, {
      id: 'no-stride',
      message: `You forgot to divide by the stride s = ${s}.`,
      value: numerator + 1,
    }),
    {
      id: 'no-minus-one',
      message: 'You left out the −1 in the numerator: it is H + 2p − (d(k−1) + 1), the room left after placing one full kernel.',
      value: floorPlusOne(numerator + 1),
    },
  ]);
  return { answer, tolerance, steps, misconceptions, contrasts };
}

function generate(rng: Rng, level: Level): Params {
  for (;;) {
    const kernel = level === 1 ? rng.pick([3, 5]) : rng.pick([2, 3, 4, 5, 7]);
    const stride = level === 1 ? rng.pick([1, 2]) : rng.int(1, 3);
    const padding = level === 1 ? rng.pick([0, 1, (kernel - 1) / 2]) : rng.int(0, 3);
    const dilation = level === 3 ? rng.int(2, 3) : 1;
    const size = level === 1 ? rng.int(6, 32) : rng.int(7, 64);
    const c = { size, kernel, stride, padding, dilation };
    const out = convOutputSize(c);
    // skip degenerate layers (a single output) and padding as wide as the kernel
    if (out !== null && out >= 2 && padding < kernel) return { ...c };
  }
}

function prompt(p: Params): string {
  const c = read(p);
  return [
    `A PyTorch \`nn.Conv2d\` layer with kernel size $k = ${c.kernel}$, stride $s = ${c.stride}$, padding $p = ${c.padding}$`,
    `and dilation $d = ${c.dilation}$ is applied to a $${c.size} \\times ${c.size}$ input.`,
    'What is the output size (one side)? Use PyTorch\'s convention: zero padding on both sides, the division rounded down.',
    'Answer with an integer.',
  ].join(' ');
}

export const convOutput: Family = {
  id: 'conv-output',
  title: 'Convolution output size',
  topic: 'cnn',
  sheet: [337, 339, 341],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
