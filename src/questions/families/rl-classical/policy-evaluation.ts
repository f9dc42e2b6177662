// Iterative policy evaluation on Sutton & Barto's 4×4 gridworld (Example 4.1, Figure 4.1): states 0…15
// row by row, 0 and 15 terminal (value 0), reward −1 on every move, the equiprobable random policy over
// up/down/left/right, moves off the grid leave the state unchanged. Synchronous sweeps from V_0 = 0:
// V_{k+1}(s) = Σ_a ¼ [−1 + γ V_k(s'_a)]. With γ = 1 the book's figure shows V_2 = −1.7 (exactly −1.75)
// next to a terminal and −2.0 elsewhere; the values converge to −14, −18, −20, −22.
import { fmt, fmtP } from '../../format.js';
import type { Family, Level, Misconception, ParamSpec, Params, Solution, Tolerance } from '../../types.js';
import { judge } from '../../../engine/compare.js';
import type { Rng } from '../../rng.js';
import { reader, requireInteger, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'sweeps', description: 'number k of synchronous sweeps from V_0 = 0 (1–3 in drills; up to 10000)' },
  { name: 'gamma', default: 1, description: 'discount factor γ, in [0, 1]' },
  { name: 'state', default: 1, description: 'the queried state, 0–15 row by row (0 and 15 are the terminal corners)' },
];

const SIDE = 4;
const N = SIDE * SIDE;
const isTerminal = (s: number): boolean => s === 0 || s === N - 1;
const MOVES: readonly [number, number, string][] = [
  [-1, 0, 'up'],
  [1, 0, 'down'],
  [0, -1, 'left'],
  [0, 1, 'right'],
];

/** The state reached from s by a move, or null when the move would leave the grid. */
function target(s: number, dr: number, dc: number): number | null {
  const r = Math.floor(s / SIDE) + dr;
  const c = (s % SIDE) + dc;
  return r < 0 || r >= SIDE || c < 0 || c >= SIDE ? null : r * SIDE + c;
}

interface Backup {
  /** Combine the four action values (each −1 + γV(s')), or the on-grid ones when `wallsExcluded`. */
  combine: (qs: number[]) => number;
  wallsExcluded?: boolean;
  inPlace?: boolean;
  updateTerminals?: boolean;
}

const mean = (qs: number[]): number => qs.reduce((a, b) => a + b, 0) / qs.length;

function evaluate(sweeps: number, gamma: number, b: Backup): number[] {
  let v = new Array<number>(N).fill(0);
  for (let k = 0; k < sweeps; k++) {
    const old = v;
    const next = b.inPlace ? v : v.slice();
    for (let s = 0; s < N; s++) {
      if (isTerminal(s) && !b.updateTerminals) continue;
      const src = b.inPlace ? next : old;
      const qs: number[] = [];
      for (const [dr, dc] of MOVES) {
        const t = target(s, dr, dc);
        if (t === null && b.wallsExcluded) continue;
        qs.push(-1 + gamma * src[t ?? s]!);
      }
      next[s] = b.combine(qs);
    }
    v = next;
  }
  return v;
}

function gridText(v: readonly number[]): string {
  const rows: string[] = [];
  for (let r = 0; r < SIDE; r++) rows.push(v.slice(r * SIDE, r * SIDE + SIDE).map((x) => fmt(x, 5)).join(', '));
  return rows.join(' \\,|\\, ');
}

function solve(p: Params): Solution {
  const rd = reader(PARAMS, p);
  const sweeps = requireInteger('sweeps', rd.num('sweeps'), 1, 10_000);
  const gamma = rd.num('gamma');
  const state = requireInteger('state', rd.num('state'), 0, N - 1);
  if (!(gamma >= 0 && gamma <= 1)) throw new Error('gamma must be in [0, 1]');

  const v = evaluate(sweeps, gamma, { combine: mean });
  const answer = v[state]! + 0; // + 0 turns −0 into 0
  const tolerance: Tolerance = { kind: 'relative', rel: 1e-2, abs: 1e-4 }; // findings D11: a floor only near 0

  const steps: string[] = [
    '$V_{k+1}(s) = \\sum_a \\tfrac14 \\,[-1 + \\gamma V_k(s\'_a)]$ for every non-terminal $s$, all from the old $V_k$ (synchronous); terminals stay 0; a move off the grid leaves $s\'_a = s$.',
  ];
  if (sweeps <= 5) {
    for (let k = 1; k <= sweeps; k++) steps.push(`$V_{${k}}$ (rows): $${gridText(evaluate(k, gamma, { combine: mean }))}$`);
  } else {
    steps.push(`$V_{${sweeps}}$ (rows): $${gridText(v)}$`);
  }
  if (isTerminal(state)) {
    steps.push(`State ${state} is terminal: its value stays 0.`);
  } else {
    const prev = evaluate(sweeps - 1, gamma, { combine: mean });
    const parts = MOVES.map(([dr, dc, name]) => {
      const t = target(state, dr, dc) ?? state;
      return `\\underbrace{-1 + ${fmt(gamma, 6)} \\cdot ${fmtP(prev[t]!, 6)}}_{\\text{${name}} \\to ${t}}`;
    });
    steps.push(`$V_{${sweeps}}(${state}) = \\tfrac14 [${parts.join(' + ')}] = ${fmt(answer, 6)}$`);
  }
  steps.push(`Answer: $V_{${sweeps}}(${state}) = ${fmt(answer, 6)}$`);

  const at = (b: Backup, k = sweeps, g = gamma): number => evaluate(k, g, b)[state]! + 0;
  const candidates: Misconception[] = [
    {
      id: 'max-backup',
      message: 'You took the max over actions (a value-iteration backup); policy evaluation averages over the random policy\'s actions, ¼ each.',
      value: at({ combine: (qs) => Math.max(...qs) }),
    },
    {
      id: 'in-place',
      message: 'You updated in place, row by row (states already swept used their new values); a synchronous sweep uses only V_{k}.',
      value: at({ combine: mean, inPlace: true }),
    },
    {
      id: 'walls-excluded',
      message: 'You averaged only over moves that stay on the grid; a move off the grid is still taken with probability ¼ and leaves the state unchanged (−1 + γV(s)).',
      value: at({ combine: mean, wallsExcluded: true }),
    },
    {
      id: 'no-gamma',
      message: 'You forgot the discount γ on V_k(s\').',
      value: at({ combine: mean }, sweeps, 1),
      negligible: gamma === 1,
    },
    {
      id: 'terminals-updated',
      message: 'You updated the terminal corners too; a terminal state\'s value stays 0.',
      value: at({ combine: mean, updateTerminals: true }),
    },
    {
      id: 'one-sweep-short',
      message: `You stopped one sweep early: V_0 = 0 is the start, and V_${sweeps} needs ${sweeps} sweep${sweeps === 1 ? '' : 's'}.`,
      value: at({ combine: mean }, sweeps - 1),
    },
  ];
  return { answer, tolerance, steps, ...judge(answer, tolerance, candidates) };
}

function generate(rng: Rng, level: Level): Params {
  return {
    // findings D13: k ∈ {1, 2} had 3 possible answers; more sweeps and all interior states
    sweeps: level === 1 ? rng.int(2, 4) : level === 2 ? rng.int(3, 5) : rng.int(3, 6),
    gamma: level === 3 ? rng.pick([0.9, 0.5]) : 1,
    state: rng.int(1, N - 2),
  };
}

function prompt(p: Params): string {
  const { tolerance } = solve(p);
  const rd = reader(PARAMS, p);
  const k = rd.num('sweeps');
  return [
    'Sutton & Barto\'s 4×4 gridworld (Example 4.1): states $0, \\dots, 15$ numbered row by row, the corners 0 and 15 terminal;',
    'every move earns $-1$; actions up, down, left, right, each with probability ¼ (the equiprobable random policy);',
    `a move off the grid leaves the state unchanged; $\\gamma = ${fmt(rd.num('gamma'), 6)}$.`,
    `Starting from $V_0 = 0$, run ${k} synchronous sweep${k === 1 ? '' : 's'} of iterative policy evaluation,`,
    '$V_{k+1}(s) = \\sum_a \\pi(a|s) \\sum_{s\',r} p(s\',r|s,a)[r + \\gamma V_k(s\')]$.',
    `What is $V_{${k}}(${rd.num('state')})$? Give the exact value, not the figure's one-decimal rounding (${toleranceText(tolerance)}).`,
  ].join(' ');
}

export const policyEvaluation: Family = {
  id: 'policy-evaluation',
  title: 'Iterative policy evaluation on the 4×4 gridworld',
  topic: 'rl-classical',
  sheet: [870, 874, 876],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
