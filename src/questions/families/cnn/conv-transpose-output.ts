// Output size of a transposed convolution, PyTorch ConvTranspose2d convention (sheet lines 331–333
// and the garbled "Backward" formula on line 343):
//   H_out = (H_in − 1)·s − 2p + d(k−1) + output_padding + 1,   output_padding < max(s, d)
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { convOutputSize } from './conv-output.js';
import { judge, reader, when } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'size', description: 'input size H_in (one spatial side)' },
  { name: 'kernel', description: 'kernel size k' },
  { name: 'stride', default: 1, description: 'stride s' },
  { name: 'padding', default: 0, description: 'padding p (crops p from each side of the output)' },
  { name: 'output_padding', default: 0, description: 'extra rows added on one side of the output, < max(stride, dilation)' },
  { name: 'dilation', default: 1, description: 'dilation d' },
];

interface ConvT {
  size: number;
  kernel: number;
  stride: number;
  padding: number;
  outputPadding: number;
  dilation: number;
}

function read(p: Params): ConvT {
  const r = reader(PARAMS, p);
  const c = {
    size: r.int('size', 1),
    kernel: r.int('kernel', 1),
    stride: r.int('stride', 1),
    padding: r.int('padding', 0),
    outputPadding: r.int('output_padding', 0),
    dilation: r.int('dilation', 1),
  };
  if (c.outputPadding >= Math.max(c.stride, c.dilation)) {
    throw new Error(
      `output_padding must be smaller than stride or dilation (PyTorch): got output_padding=${c.outputPadding}, stride=${c.stride}, dilation=${c.dilation}`,
    );
  }
  return c;
}

export function convTransposeOutputSize(c: ConvT): number {
  return (c.size - 1) * c.stride - 2 * c.padding + c.dilation * (c.kernel - 1) + c.outputPadding + 1;
}

function solve(p: Params): Solution {
  const c = read(p);
  const { size: n, kernel: k, stride: s, padding: pad, outputPadding: op, dilation: d } = c;
  const answer = convTransposeOutputSize(c);
  if (answer < 1) throw new Error(`the output size would be ${answer}: the padding removes more than the layer produces`);
  const tolerance = { kind: 'exact' } as const;
  const steps = [
    'PyTorch `ConvTranspose2d`: $H_{out} = (H_{in} - 1) \\cdot s - 2p + d(k-1) + p_{out} + 1$ (each input spreads a kernel copy, placed $s$ apart; padding crops $p$ from each side)',
    `$H_{out} = (${n} - 1) \\cdot ${s} - 2 \\cdot ${pad} + ${d} \\cdot (${k} - 1) + ${op} + 1$`,
    `$= ${(n - 1) * s} - ${2 * pad} + ${d * (k - 1)} + ${op} + 1 = ${answer}$`,
    `Answer: ${answer}`,
  ];
  const forward = convOutputSize({ size: n, kernel: k, stride: s, padding: pad, dilation: d });
  const base = (n - 1) * s + d * (k - 1) + op + 1;
  const { misconceptions, contrasts } = judge(answer, tolerance, [
    when(forward !== null, {
      id: 'forward-conv',
      message: 'You used the forward convolution formula: a transposed convolution inverts it, H_out = (H_in − 1)s − 2p + d(k−1) + output_padding + 1.',
      value: forward ?? 0,
    }),
    when(pad > 0, {
      id: 'padding-added',
      message: 'You added the padding: in a transposed convolution padding p crops the output, so subtract 2p.',
      value: base + 2 * pad,
    }),
    when(s > 1, {
      id: 'size-times-stride',
      message: 'You multiplied H_in by the stride: the kernel copies are placed (H_in − 1) strides apart.',
      value: n * s - 2 * pad + d * (k - 1) + op + 1,
    }),
    when(op > 0, {
      id: 'no-output-padding',
      message: `You forgot output_padding = ${op}, which adds ${op} row${op === 1 ? '' : 's'} on one side of the output.`,
      value: answer - op,
    }),
    when(d > 1, {
      id: 'no-dilation',
      message: `You ignored the dilation: the kernel spans d(k−1)+1 = ${d * (k - 1) + 1}, not ${k}.`,
      value: (n - 1) * s - 2 * pad + (k - 1) + op + 1,
    }),
    when(pad > 0, {
      id: 'padding-once',
      message: 'You subtracted the padding once: it crops p from both sides, 2p in total.',
      value: answer + pad,
    }),
    {
      id: 'no-plus-one',
      message: 'You forgot the +1 (the first kernel copy covers d(k−1)+1 outputs, not d(k−1)).',
      value: answer - 1,
    },
  ]);
  return { answer, tolerance, steps, misconceptions, contrasts };
}

function generate(rng: Rng, level: Level): Params {
  for (;;) {
    const size = rng.int(2, level === 1 ? 16 : 32);
    let c: ConvT;
    if (level === 1) {
      // DCGAN-style up-sampling layers and plain stride-1 layers
      c = rng.pick([
        { size, kernel: 4, stride: 2, padding: 1, outputPadding: 0, dilation: 1 },
        { size, kernel: rng.pick([2, 3, 4, 5]), stride: rng.int(1, 2), padding: rng.int(0, 1), outputPadding: 0, dilation: 1 },
      ]);
    } else {
      const stride = rng.int(2, 3);
      const dilation = level === 3 ? rng.int(2, 3) : 1;
      c = {
        size,
        kernel: rng.pick([2, 3, 4, 5]),
        stride,
        padding: rng.int(0, 2),
        outputPadding: rng.int(0, stride - 1), // findings D8: op < s, what output_padding is for (op < max(s, d) is merely legal)
        dilation,
      };
    }
    if (c.padding < c.kernel && convTransposeOutputSize(c) >= 2) return toParams(c);
  }
}

function toParams(c: ConvT): Params {
  return {
    size: c.size,
    kernel: c.kernel,
    stride: c.stride,
    padding: c.padding,
    output_padding: c.outputPadding,
    dilation: c.dilation,
  };
}

function prompt(p: Params): string {
  const c = read(p);
  return [
    `A PyTorch \`nn.ConvTranspose2d\` layer with kernel size $k = ${c.kernel}$, stride $s = ${c.stride}$, padding $p = ${c.padding}$,`,
    `output_padding $= ${c.outputPadding}$ and dilation $d = ${c.dilation}$ is applied to a $${c.size} \\times ${c.size}$ input.`,
    'What is the output size (one side), in PyTorch\'s convention? Answer with an integer.',
  ].join(' ');
}

export const convTransposeOutput: Family = {
  id: 'conv-transpose-output',
  title: 'Transposed convolution output size',
  topic: 'cnn',
  sheet: [331, 333, 343],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
