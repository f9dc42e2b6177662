// Forward and backward pass through one neuron (sheet 67–81 chain rule, 161/165/171 activations):
// z = wᵀx + b, a = act(z), L = ½(a − y)²; ∂L/∂w = (a − y) · act′(z) · x.
import { fmt, fmtP } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, nonZeroInt, reader, REL_TOLERANCE, texVector, toleranceText } from '../common.js';

const ACTIVATIONS = ['sigmoid', 'tanh', 'relu'] as const;
const PARAMS: ParamSpec[] = [
  { name: 'w', list: true, description: 'weights w' },
  { name: 'x', list: true, description: 'input x (same length as w)' },
  { name: 'b', default: 0, description: 'bias b' },
  { name: 'y', description: 'target y' },
  { name: 'act', default: 0, choices: ACTIVATIONS, description: 'activation: sigmoid, tanh or relu' },
];

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
function activate(kind: number, z: number): { a: number; d: number; dTex: string } {
  if (kind === 0) {
    const a = sigmoid(z);
    return { a, d: a * (1 - a), dTex: `\\sigma(z)(1-\\sigma(z)) = ${fmt(a, 5)} \\cdot ${fmt(1 - a, 5)}` };
  }
  if (kind === 1) {
    const a = Math.tanh(z);
    return { a, d: 1 - a * a, dTex: `1 - \\tanh^2 z = 1 - ${fmtP(a, 5)}^2` };
  }
  return { a: Math.max(0, z), d: z > 0 ? 1 : 0, dTex: `\\mathrm{ReLU}'(z) = ${z > 0 ? 1 : 0}` };
}

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const w = rd.list('w');
  const x = rd.list('x');
  if (w.length !== x.length) throw new Error(`w and x must have the same length (${w.length} vs ${x.length})`);
  return { w, x, b: rd.num('b'), y: rd.num('y'), act: rd.int('act', 0, 2) };
}

function solve(p: Params): Solution {
  const { w, x, b, y, act } = read(p);
  const z = w.reduce((s, wi, i) => s + wi * x[i]!, b);
  const { a, d, dTex } = activate(act, z);
  const delta = (a - y) * d;
  const answer = x.map((xi) => delta * xi);
  const tolerance = REL_TOLERANCE;
  const name = ACTIVATIONS[act]!;
  const steps = [
    'Chain rule: $\\partial L/\\partial w_i = \\frac{\\partial L}{\\partial a} \\cdot \\frac{\\partial a}{\\partial z} \\cdot \\frac{\\partial z}{\\partial w_i} = (a - y) \\cdot \\mathrm{act}\'(z) \\cdot x_i$',
    `Forward: $z = ${w.map((wi, i) => `${fmtP(wi, 6)} \\cdot ${fmtP(x[i]!, 6)}`).join(' + ')} + ${fmtP(b, 6)} = ${fmt(z, 6)}$, $a = \\mathrm{${name}}(z) = ${fmt(a, 5)}$`,
    `Backward: $\\partial L/\\partial a = a - y = ${fmt(a - y, 5)}$, $\\mathrm{act}'(z) = ${dTex} = ${fmt(d, 5)}$, $\\delta = ${fmt(delta, 5)}$`,
    `$\\partial L/\\partial w = \\delta \\cdot x = ${texVector(answer, 4)}$`,
    `Answer: ${answer.map((v) => fmt(v, 4)).join(', ')}`,
  ];
  const times = (k: number): number[] => x.map((xi) => k * xi);
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      {
        id: 'no-activation-derivative',
        message: 'You left out act′(z): the chain rule multiplies by the activation\'s derivative.',
        value: times(a - y),
        negligible: act === 2, // ReLU′ = 1 on the active side: the same number by design
      },
      act === 0 ? { id: 'sigma-as-derivative', message: 'You used σ(z) as its own derivative; σ′(z) = σ(z)(1 − σ(z)).', value: times((a - y) * a) } : null,
      act === 1 ? { id: 'tanh-not-squared', message: 'tanh′(z) = 1 − tanh²(z): you forgot the square.', value: times((a - y) * (1 - a)) } : null,
      { id: 'sign-flip', message: 'You used y − a: ∂/∂a of ½(a − y)² is a − y.', value: times(-delta) },
      { id: 'no-input', message: 'You stopped at δ = ∂L/∂z; ∂z/∂w_i = x_i multiplies it.', value: x.map(() => delta) },
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 3 ? 3 : 2;
  const act = level === 1 ? 0 : rng.int(0, 2);
  for (;;) {
    const w = Array.from({ length: n }, () => nonZeroInt(rng, -10, 10) / 10);
    const x = Array.from({ length: n }, () => nonZeroInt(rng, -3, 3));
    const b = level === 1 ? 0 : rng.int(-5, 5) / 10;
    const z = w.reduce((s, wi, i) => s + wi * x[i]!, b);
    if (act === 2 && z <= 0.05) continue; // a dead ReLU has gradient 0: nothing to compute
    return { w, x, b, y: level === 3 ? rng.int(-10, 10) / 10 : rng.int(0, 1), act };
  }
}

function prompt(p: Params): string {
  const { w, x, b, y, act } = read(p);
  return [
    `A neuron computes $z = w^\\top x + b$, $a = \\mathrm{${ACTIVATIONS[act]}}(z)$ with loss $L = \\tfrac12 (a - y)^2$.`,
    `With $w = ${texVector(w)}$, $x = ${texVector(x)}$, $b = ${fmt(b, 6)}$ and $y = ${fmt(y, 6)}$, what is $\\partial L / \\partial w$?`,
    `Give the ${w.length} components in order, each ${toleranceText(REL_TOLERANCE)}.`,
  ].join(' ');
}

export const neuronGradient: Family = {
  id: 'neuron-gradient',
  title: 'Backpropagation through one neuron',
  topic: 'nn-basics',
  sheet: [67, 161, 165, 171],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
