// Number of learnable parameters of a 2-D convolution layer with a square k×k kernel
// (sheet lines 316, 322): C_in · C_out · k² weights + C_out biases.
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, reader, when } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'in_channels', description: 'input channels C_in' },
  { name: 'out_channels', description: 'output channels C_out (number of filters)' },
  { name: 'kernel', description: 'kernel size k (square k×k kernel)' },
  { name: 'bias', default: 1, description: '1 with a bias per output channel, 0 without (bias=False)' },
];

interface ConvShape {
  cin: number;
  cout: number;
  k: number;
  bias: boolean;
}

function read(p: Params): ConvShape {
  const r = reader(PARAMS, p);
  return {
    cin: r.int('in_channels', 1),
    cout: r.int('out_channels', 1),
    k: r.int('kernel', 1),
    bias: r.int('bias', 0, 1) === 1,
  };
}

function solve(p: Params): Solution {
  const { cin, cout, k, bias } = read(p);
  const weights = cin * cout * k * k;
  const biases = bias ? cout : 0;
  const answer = weights + biases;
  const tolerance = { kind: 'exact' } as const;
  const steps = [
    `Each of the $C_{out}$ filters has $C_{in} \\cdot k^2$ weights${bias ? ' and one bias' : ' (no bias: bias=False)'}: $C_{in} C_{out} k^2${bias ? ' + C_{out}' : ''}$`,
    `Weights: $${cin} \\cdot ${cout} \\cdot ${k}^2 = ${weights}$`,
    ...(bias ? [`Biases: $${cout}$`, `Total: $${weights} + ${cout} = ${answer}$`] : []),
    `Answer: ${answer}`,
  ];
  const { misconceptions, contrasts } = judge(answer, tolerance, [
    when(bias, {
      id: 'no-bias',
      message: `You forgot the biases: one per output channel (${cout}).`,
      value: weights,
    }),
    when(!bias, {
      id: 'bias-counted',
      message: 'You counted biases, but the layer has bias=False.',
      value: weights + cout,
    }),
    {
      id: 'k-not-squared',
      message: 'You used k instead of k²: a k×k kernel has k² weights per input channel.',
      value: cin * cout * k + biases,
    },
    {
      id: 'no-in-channels',
      message: 'You forgot the input channels: each filter spans all C_in input channels (C_in·k² weights).',
      value: cout * k * k + biases,
    },
    when(bias, {
      id: 'bias-per-weight-channel',
      message: 'You gave a bias to every input–output channel pair: there is one bias per output channel.',
      value: weights + cin * cout,
    }),
  ]);
  return { answer, tolerance, steps, misconceptions, contrasts };
}

function generate(rng: Rng, level: Level): Params {
  const channels = [1, 3, 8, 16, 32, 64, 128];
  if (level === 1) {
    return { in_channels: rng.pick([1, 3]), out_channels: rng.pick([4, 8, 16, 32, 64]), kernel: rng.pick([3, 5]), bias: 1 };
  }
  return {
    in_channels: rng.pick(channels),
    out_channels: rng.pick(channels.slice(2)),
    kernel: level === 2 ? rng.pick([1, 3, 5, 7]) : rng.pick([1, 3, 5, 7, 11]),
    bias: level === 2 ? 1 : rng.int(0, 1),
  };
}

function prompt(p: Params): string {
  const { cin, cout, k, bias } = read(p);
  return [
    `How many learnable parameters does \`nn.Conv2d(in_channels=${cin}, out_channels=${cout}, kernel_size=${k}${bias ? '' : ', bias=False'})\` have`,
    `(a $${k} \\times ${k}$ kernel${bias ? ', with a bias per output channel' : ', no bias'})? Answer with an integer.`,
  ].join(' ');
}

export const convParams: Family = {
  id: 'conv-params',
  title: 'Parameters of a convolution layer',
  topic: 'cnn',
  sheet: [316, 322],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
