// What the group-B families (optimizers, normalization, schedules, RL, GAN) share: reading and
// validating parameters against their ParamSpec defaults, and tolerances scaled to an update's size.
// Dropping misconceptions that coincide with the answer is the engine's rule (engine/compare.ts).
import { fmt } from '../format.js';
import type { Rng } from '../rng.js';
import type { ParamSpec, ParamValue, Params, Tolerance, Value } from '../types.js';

export interface ParamReader {
  /** A single number (a one-element list is accepted). */
  num(name: string): number;
  /** A list (a single number is read as a list of one). */
  list(name: string): number[];
  /** A number or a list, as given. */
  numOrList(name: string): number | number[];
  /** A list that may be empty (for optional lists whose default is []). */
  listOrEmpty(name: string): number[];
  /** Whether the caller supplied the parameter (defaults do not count). */
  given(name: string): boolean;
}

/** Reads `params`, falling back to the defaults of `specs`; throws a user-facing Error on bad input. */
export function reader(specs: readonly ParamSpec[], params: Params): ParamReader {
  const raw = (name: string): ParamValue => {
    const v = params[name];
    if (v !== undefined) return v;
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw new Error(`internal: no parameter spec named ${name}`);
    if (spec.default === undefined) throw new Error(`missing parameter ${name}`);
    if (typeof spec.default === 'string') throw new Error(`parameter ${name} has a non-numeric default`);
    return spec.default;
  };
  const finite = (name: string, xs: readonly number[]): void => {
    if (xs.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
      throw new Error(`${name} must be a finite number${xs.length > 1 ? ' list' : ''}`);
    }
  };
  return {
    num(name) {
      const v = raw(name);
      const x = Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v;
      if (x === undefined) throw new Error(`${name} must be a single number, not a list`);
      finite(name, [x]);
      return x;
    },
    list(name) {
      const v = raw(name);
      const xs = Array.isArray(v) ? v.slice() : [v];
      if (xs.length === 0) throw new Error(`${name} must not be an empty list`);
      finite(name, xs);
      return xs;
    },
    numOrList(name) {
      const v = raw(name);
      if (Array.isArray(v)) {
        if (v.length === 0) throw new Error(`${name} must not be an empty list`);
        finite(name, v);
        return v.slice();
      }
      finite(name, [v]);
      return v;
    },
    listOrEmpty(name) {
      const v = raw(name);
      const xs = Array.isArray(v) ? v.slice() : [v];
      finite(name, xs);
      return xs;
    },
    given(name) {
      return params[name] !== undefined;
    },
  };
}

export function requireInteger(name: string, x: number, lo: number, hi: number): number {
  if (!Number.isInteger(x) || x < lo || x > hi) {
    throw new Error(`${name} must be an integer from ${lo} to ${hi} (got ${x})`);
  }
  return x;
}

/** `value` as a list of length n: a number is repeated, a list must already have length n. */
export function broadcast(name: string, value: number | number[], n: number): number[] {
  if (!Array.isArray(value)) return Array.from({ length: n }, () => value);
  if (value.length !== n) throw new Error(`${name} must have ${n} element${n === 1 ? '' : 's'} (got ${value.length})`);
  return value;
}

/**
 * An absolute tolerance for a value that moves by `changes` in one update (θ after an optimizer step,
 * Q after a TD update): a power of ten at most 1% of the smallest non-zero change, capped at 10⁻³.
 * A relative tolerance on θ itself would accept "θ unchanged" when the step is small.
 */
export function changeTolerance(changes: readonly number[]): Tolerance {
  const sizes = changes.map(Math.abs).filter((c) => c > 0 && Number.isFinite(c));
  if (sizes.length === 0) return { kind: 'relative', rel: 0, abs: 1e-3 };
  const abs = Math.min(1e-3, Math.max(1e-12, niceFloor(0.01 * Math.min(...sizes))));
  return { kind: 'relative', rel: 0, abs };
}

/**
 * The largest of 1, 2, 5 × 10^k not above x (x > 0), as an exactly printed decimal: niceFloor(0.0078) = 0.005.
 * Keeps stated tolerances readable ("±0.005", not "±0.0078" or "±0.00009999999999999999").
 */
export function niceFloor(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new Error(`internal: niceFloor of ${x}`);
  const e = Math.floor(Math.log10(x));
  for (const exp of [e + 1, e]) {
    for (const m of [5, 2, 1]) {
      const c = Number(`${m}e${exp}`);
      if (c <= x) return c;
    }
  }
  return Number(`1e${e - 1}`);
}

/** The tolerance as the prompt states it, e.g. "$\pm 10^{-5}$" or "±1%". */
export function toleranceText(tol: Tolerance): string {
  if (tol.kind === 'exact') return 'exactly';
  if (tol.rel === 0) return `$\\pm ${fmt(tol.abs)}$`;
  return `±${fmt(tol.rel * 100)}%`;
}

/** `value` as a number when `scalar`, else as the list. */
export function shapeLike(values: number[], scalar: boolean): Value {
  return scalar ? values[0]! : values;
}

/** A uniform integer in [lo, hi] other than 0. */
export function nonZeroInt(rng: Rng, lo: number, hi: number): number {
  for (;;) {
    const x = rng.int(lo, hi);
    if (x !== 0) return x;
  }
}

/** "θ_2: " for component i of an n-vector, "" for a scalar. */
export function componentLabel(symbol: string, i: number, n: number): string {
  return n === 1 ? '' : `$${symbol}_{${i + 1}}$: `;
}
