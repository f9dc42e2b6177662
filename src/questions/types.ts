// The contract between question families, the answer checker and their consumers
// (review sessions, `solve`, `ask`, exams, Anki export). Families are pure: no I/O, no clock,
// no Math.random; randomness comes in as an Rng.
import type { Rng } from './rng.js';

export type Level = 1 | 2 | 3;
/** A parameter value: a number or a list of numbers. */
export type ParamValue = number | number[];
export type Params = Record<string, ParamValue>;
/** An answer: one number, or a vector (softmax, value-iteration sweep, …). */
export type Value = number | number[];

/** How a typed answer is compared with the exact one. */
export type Tolerance =
  | { kind: 'exact' }                              // integers: must be equal
  | { kind: 'relative'; rel: number; abs: number }; // |x - y| <= max(rel * |y|, abs), per component

export interface Misconception {
  /** Short stable id, e.g. `no-plus-one`. */
  id: string;
  /** What the student probably did, shown as feedback: "You forgot the +1 …". */
  message: string;
  /** The value that mistake produces for these parameters. */
  value: Value;
  /**
   * A mistake that makes no difference for these parameters by design (eps = 1e-8 inside or outside
   * the root, slip = 0, γ = 1): named if it matches, but not a contrast the instance must separate.
   */
  negligible?: boolean;
  /** Other mistakes that give the same value (their messages are already in `message`). */
  also?: string[];
}

/** One step of a worked solution: a line of text that may contain $LaTeX$. */
export type Step = string;

/** Everything a family computes for one set of parameters. */
export interface Solution {
  answer: Value;
  tolerance: Tolerance;
  /** Formula, numbers substituted, intermediate values, result — printed from the same computation. */
  steps: Step[];
  misconceptions: Misconception[];
  /**
   * Every wrong method and misconception the family knows for these parameters, before dropping the
   * ones that coincide with the answer. A generated instance where any of them (or a trivial answer:
   * 0, uniform, one-hot) falls within tolerance of the answer is drawn again (registry.ts).
   */
  contrasts?: Misconception[];
}

export interface ParamSpec {
  name: string;
  /** Default used by `deepcards solve` when the parameter is omitted; absent = required. */
  default?: ParamValue | string;
  list?: boolean;
  /**
   * A categorical parameter (e.g. lr-schedule's `kind`): its value in Params is the index into this
   * list, so Params stay numeric; `solve` may accept the name (`kind=step`) and print choices[value].
   */
  choices?: readonly string[];
  description: string;
}

export interface Family {
  id: string;                 // e.g. 'conv-output'
  title: string;              // e.g. 'Convolution output size'
  topic: string;              // deck topic it belongs to, e.g. 'cnn'
  sheet: number[];            // sheet lines it drills
  params: ParamSpec[];
  /** Sensible, rounded parameters for a difficulty level. */
  generate(rng: Rng, level: Level): Params;
  /** The question text for these parameters (LaTeX between $…$), stating conventions and tolerance. */
  prompt(params: Params): string;
  /** Exact answer in TypeScript (never through the user-input parser) plus worked steps. */
  solve(params: Params): Solution;
}

/** A concrete question: a family applied to generated parameters. */
export interface Instance extends Solution {
  family: string;
  seed: number;
  level: Level;
  params: Params;
  prompt: string;
  /** Human-readable hint about the expected form, e.g. "an integer" or "a list of 3 numbers, ±1%". */
  answerHint: string;
}
