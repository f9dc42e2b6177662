// Parameter count of a recurrent layer in PyTorch's convention (sheet 389–405): per layer,
// G·(h·x + h·h + 2h), with G = 1 (RNN), 4 (LSTM: i, f, g, o), 3 (GRU: r, z, n) and two bias vectors
// (b_ih and b_hh). Layer l > 1 takes the hidden state of the layer below as its input (x = h).
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, reader } from '../common.js';

const CELLS = ['rnn', 'lstm', 'gru'] as const;
const GATES = [1, 4, 3];
const PARAMS: ParamSpec[] = [
  { name: 'cell', default: 1, choices: CELLS, description: 'rnn, lstm or gru' },
  { name: 'input_size', description: 'input features x' },
  { name: 'hidden_size', description: 'hidden features h' },
  { name: 'num_layers', default: 1, description: 'stacked layers' },
];

function read(p: Params) {
  const rd = reader(PARAMS, p);
  return { cell: rd.int('cell', 0, 2), x: rd.int('input_size', 1, 1e6), h: rd.int('hidden_size', 1, 1e6), layers: rd.int('num_layers', 1, 100) };
}

function count(g: number, x: number, h: number, layers: number, biases: number, recurrent = true): number {
  let total = 0;
  for (let l = 0; l < layers; l++) total += g * (h * (l === 0 ? x : h) + (recurrent ? h * h : 0) + biases * h);
  return total;
}

function solve(p: Params): Solution {
  const { cell, x, h, layers } = read(p);
  const g = GATES[cell]!;
  const answer = count(g, x, h, layers, 2);
  const tolerance = { kind: 'exact' } as const;
  const name = CELLS[cell]!.toUpperCase();
  const steps = [
    `PyTorch ${name}: ${g === 1 ? 'one block' : `${g} gate blocks`} per layer, each with $W_{ih}$ ($h \\times x$), $W_{hh}$ ($h \\times h$) and two biases $b_{ih}, b_{hh}$ ($h$ each)`,
    `Layer 1: $${g} \\cdot (${h} \\cdot ${x} + ${h} \\cdot ${h} + 2 \\cdot ${h}) = ${count(g, x, h, 1, 2)}$`,
    ...(layers > 1 ? [`Layers 2…${layers} take $h$ as input: $${layers - 1} \\cdot ${g} \\cdot (${h} \\cdot ${h} + ${h} \\cdot ${h} + 2 \\cdot ${h}) = ${answer - count(g, x, h, 1, 2)}$`] : []),
    `Answer: ${answer}`,
  ];
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      { id: 'one-bias', message: 'PyTorch keeps two bias vectors per gate block (b_ih and b_hh); you counted one.', value: count(g, x, h, layers, 1) },
      { id: 'no-recurrent-weights', message: 'You left out the recurrent weights W_hh (h × h per block).', value: count(g, x, h, layers, 2, false) },
      cell !== 0 ? { id: 'wrong-gate-count', message: `An ${name} has ${g} blocks (${cell === 1 ? 'input, forget, cell, output' : 'reset, update, new'}); you used ${cell === 1 ? 3 : 4}.`, value: count(cell === 1 ? 3 : 4, x, h, layers, 2) } : null,
      cell !== 0 ? { id: 'single-block', message: `You counted one block, as for a vanilla RNN; an ${name} has ${g}.`, value: count(1, x, h, layers, 2) } : null,
      layers > 1 ? { id: 'input-every-layer', message: 'Layers above the first take the hidden state (h features) as input, not x.', value: layers * g * (h * x + h * h + 2 * h) } : null,
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  return {
    cell: level === 1 ? rng.int(0, 1) : rng.int(0, 2),
    input_size: level === 1 ? rng.pick([2, 3, 4, 5, 8, 10]) : rng.pick([3, 5, 10, 16, 32, 64, 100]),
    hidden_size: level === 1 ? rng.pick([2, 3, 4, 5, 8, 10, 20]) : rng.pick([8, 16, 20, 32, 50, 64, 128]),
    num_layers: level === 3 ? rng.int(2, 3) : 1,
  };
}

function prompt(p: Params): string {
  const { cell, x, h, layers } = read(p);
  return [
    `How many trainable parameters has \`nn.${['RNN', 'LSTM', 'GRU'][cell]}(input_size=${x}, hidden_size=${h}${layers > 1 ? `, num_layers=${layers}` : ''})\` in PyTorch (biases on, the default)?`,
    'Give an exact integer.',
  ].join(' ');
}

export const rnnParams: Family = {
  id: 'rnn-params',
  title: 'RNN / LSTM / GRU parameter count',
  topic: 'rnn',
  sheet: [389, 401, 405],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
