// What the group-A families (CNN shapes, information theory, softmax/logistic, attention) share:
// reading and validating parameters (defaults from the ParamSpec, string defaults naming another
// parameter or the constant e), probability vectors and logarithm bases, rounded random numbers.
import { distinctMisconceptions } from '../../engine/compare.js';
import { fmt } from '../format.js';
import type { Rng } from '../rng.js';
import type { Misconception, ParamSpec, ParamValue, Params, Tolerance } from '../types.js';

export { distinctMisconceptions };

/** A string default: another parameter's name (`stride=kernel`) or a constant (`base=e`). */
export function resolveDefault(specs: readonly ParamSpec[], params: Params, name: string, seen: string[] = []): ParamValue | undefined {
  const given = params[name];
  if (given !== undefined) return given;
  const spec = specs.find((s) => s.name === name);
  if (!spec || spec.default === undefined) return undefined;
  const d = spec.default;
  if (typeof d !== 'string') return d;
  if (d === 'e') return Math.E;
  if (d === 'pi') return Math.PI;
  if (seen.includes(d)) throw new Error(`internal: circular default for ${name}`);
  if (specs.some((s) => s.name === d)) return resolveDefault(specs, params, d, [...seen, name]);
  throw new Error(`internal: default "${d}" of ${name} is neither a parameter nor a constant`);
}

export interface ParamReader {
  num(name: string): number;
  /** An integer in [lo, hi]. */
  int(name: string, lo: number, hi?: number): number;
  /** A list; a single number is read as a list of one. */
  list(name: string): number[];
  /** Whether the parameter was supplied (defaults do not count). */
  given(name: string): boolean;
}

/** Reads `params` against `specs`; every problem is an Error with a message for `deepcards solve`. */
export function reader(specs: readonly ParamSpec[], params: Params): ParamReader {
  const raw = (name: string): ParamValue => {
    if (!specs.some((s) => s.name === name)) throw new Error(`internal: no parameter spec named ${name}`);
    const v = resolveDefault(specs, params, name);
    if (v === undefined) throw new Error(`missing parameter ${name}`);
    return v;
  };
  const num = (name: string): number => {
    const v = raw(name);
    const x = Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v;
    if (x === undefined) throw new Error(`${name} must be a single number, not a list`);
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`${name} must be a finite number`);
    return x;
  };
  return {
    num,
    int(name, lo, hi = Number.MAX_SAFE_INTEGER) {
      const x = num(name);
      if (!Number.isInteger(x) || x < lo || x > hi) {
        const range = hi === Number.MAX_SAFE_INTEGER ? `≥ ${lo}` : `from ${lo} to ${hi}`;
        throw new Error(`${name} must be an integer ${range} (got ${x})`);
      }
      return x;
    },
    list(name) {
      const v = raw(name);
      const xs = Array.isArray(v) ? v.slice() : [v];
      if (xs.length === 0) throw new Error(`${name} must not be an empty list`);
      if (xs.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw new Error(`${name} must be a list of finite numbers`);
      return xs;
    },
    given: (name) => params[name] !== undefined,
  };
}

// ---- probability vectors and logarithms ----

/** Tolerance on Σp = 1: typed decimals such as 0.1 + 0.2 + 0.7 do not sum to exactly 1 in floating point. */
const SUM_SLACK = 1e-6;

/** Throws unless `p` is a probability vector (entries ≥ 0, Σ = 1). */
export function checkDistribution(name: string, p: readonly number[]): void {
  if (p.some((x) => x < 0 || x > 1)) throw new Error(`${name} must have entries between 0 and 1`);
  const sum = p.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > SUM_SLACK) throw new Error(`${name} must sum to 1 (its entries sum to ${fmt(sum, 6)})`);
}

export function checkSameLength(a: string, p: readonly number[], b: string, q: readonly number[]): void {
  if (p.length !== q.length) throw new Error(`${a} and ${b} must have the same length (${p.length} vs ${q.length})`);
}

/** Validates a log base (e, 2, 10, …). */
export function checkBase(base: number): void {
  if (!(base > 0) || base === 1) throw new Error('base must be positive and not 1 (e for nats, 2 for bits)');
}

/** "nats", "bits", or "units of log base b". */
export function unitName(base: number): string {
  if (base === Math.E) return 'nats';
  if (base === 2) return 'bits';
  return `units of $\\log_{${fmt(base, 6)}}$`;
}

/** The log as written in steps: \ln, \log_2, \log_{10}. */
export function logTex(base: number): string {
  if (base === Math.E) return '\\ln';
  if (base === 2) return '\\log_2';
  return `\\log_{${fmt(base, 6)}}`;
}

/** The other common base, for the "wrong unit" misconception: bits for nats, nats otherwise. */
export function otherBase(base: number): number {
  return base === Math.E ? 2 : Math.E;
}

/** Σ p log(p/q) with 0·log(0/q) = 0; +∞ when some p > 0 has q = 0. */
export function klDivergence(p: readonly number[], q: readonly number[], base: number): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    const qi = q[i]!;
    if (pi === 0) continue;
    if (qi === 0) return Infinity;
    s += pi * Math.log(pi / qi);
  }
  return s / Math.log(base);
}

/** −Σ p log q with 0·log q = 0; +∞ when some p > 0 has q = 0. */
export function crossEntropy(p: readonly number[], q: readonly number[], base: number): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    const qi = q[i]!;
    if (pi === 0) continue;
    if (qi === 0) return Infinity;
    s -= pi * Math.log(qi);
  }
  return s / Math.log(base);
}

export function entropy(p: readonly number[], base: number): number {
  return crossEntropy(p, p, base);
}

/**
 * A random probability vector of `n` entries, multiples of 1/`denominator` (10, 20 or 100) that sum
 * to exactly 1 when typed (built from integers), each at least `minCount`/denominator.
 */
export function randomDistribution(rng: Rng, n: number, denominator: number, minCount = 1): number[] {
  for (;;) {
    // n−1 cut points in (0, denominator), as distinct sorted integers
    const cuts = new Set<number>();
    while (cuts.size < n - 1) cuts.add(rng.int(1, denominator - 1));
    const sorted = [0, ...[...cuts].sort((a, b) => a - b), denominator];
    const counts = sorted.slice(1).map((c, i) => c - sorted[i]!);
    if (counts.every((c) => c >= minCount)) return counts.map((c) => c / denominator);
  }
}

/** Formats a vector for a prompt: (0.2, 0.3, 0.5). */
export function texVector(xs: readonly number[], sig = 6): string {
  return `(${xs.map((x) => fmt(x, sig)).join(', ')})`;
}

/** A one-line description of the tolerance, for prompts. */
export function toleranceText(t: Tolerance): string {
  if (t.kind === 'exact') return 'an exact integer';
  return `3 significant digits (±${fmt(t.rel * 100, 3)}%, or ±${fmt(t.abs, 3)} near 0)`;
}

/** A misconception candidate only when `applies` (so solve can list them in one array). */
export function when(applies: boolean, m: Misconception): Misconception | null {
  return applies ? m : null;
}

/** Σ of a list. */
export function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/**
 * Two different distributions for the divergence families: n entries by level, multiples of
 * 1/10, 1/20 or 1/100, all entries positive (so every KL direction is finite), and at least 0.2
 * apart in L1 distance (so the answer is not lost in the tolerance).
 */
export function randomDistributionPair(rng: Rng, level: 1 | 2 | 3): { p: number[]; q: number[] } {
  const n = level === 1 ? 2 : level === 2 ? 3 : rng.int(3, 4);
  const denominator = level === 1 ? 10 : level === 2 ? 20 : 100;
  for (;;) {
    const p = randomDistribution(rng, n, denominator, level === 3 ? 5 : 1);
    const q = randomDistribution(rng, n, denominator, level === 3 ? 5 : 1);
    const l1 = p.reduce((a, x, i) => a + Math.abs(x - q[i]!), 0);
    if (l1 >= 0.2 - 1e-9) return { p, q };
  }
}

/** "nats (natural log)" / "bits (log base 2)", for prompts. */
export function unitPhrase(base: number): string {
  if (base === Math.E) return 'nats (natural log)';
  if (base === 2) return 'bits (log base 2)';
  return `units of log base ${fmt(base, 6)}`;
}

/** A random base for a level: bits or nats. */
export function randomBase(rng: Rng): number {
  return rng.pick([2, Math.E]);
}
