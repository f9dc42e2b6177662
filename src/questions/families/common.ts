// What every question family shares: one parameter reader (defaults from the ParamSpec, string
// defaults naming another parameter or a constant), probability vectors and logarithms, tolerances
// (stated in the prompt exactly as the checker applies them), and small drawing helpers.
// Dropping misconceptions that coincide with the answer is the engine's rule (engine/compare.ts).
import { judge } from '../../engine/compare.js';
import { fmt } from '../format.js';
import type { Rng } from '../rng.js';
import type { Misconception, ParamSpec, ParamValue, Params, Tolerance, Value } from '../types.js';

export { judge };

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
  /** A number or a list, as given. */
  numOrList(name: string): number | number[];
  /** A list that may be empty (for optional lists whose default is []). */
  listOrEmpty(name: string): number[];
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
  const finite = (name: string, xs: readonly number[]): void => {
    if (xs.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw new Error(`${name} must be a list of finite numbers`);
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
    numOrList(name) {
      const v = raw(name);
      if (!Array.isArray(v)) return num(name);
      if (v.length === 0) throw new Error(`${name} must not be an empty list`);
      finite(name, v);
      return v.slice();
    },
    listOrEmpty(name) {
      const v = raw(name);
      const xs = Array.isArray(v) ? v.slice() : [v];
      finite(name, xs);
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

export function requireInteger(name: string, x: number, lo: number, hi: number): number {
  if (!Number.isInteger(x) || x < lo || x > hi) {
    throw new Error(`${name} must be an integer from ${lo} to ${hi} (got ${x})`);
  }
  return x;
}

/**
 * Two distributions p and q of one length and a log base, as the information families take them.
 * `infinite` names the quantity that a q_i = 0 where p_i > 0 makes infinite (KL, cross-entropy), and
 * refuses such a q; JS is finite there and passes none.
 */
export function readDistributionPair(specs: readonly ParamSpec[], params: Params, infinite?: string): { p: number[]; q: number[]; base: number } {
  const r = reader(specs, params);
  const p = r.list('p');
  const q = r.list('q');
  checkDistribution('p', p);
  checkDistribution('q', q);
  checkSameLength('p', p, 'q', q);
  if (infinite && p.some((x, i) => x > 0 && q[i] === 0)) throw new Error(`q must be > 0 wherever p > 0 (otherwise ${infinite} is infinite)`);
  const base = r.num('base');
  checkBase(base);
  return { p, q, base };
}

/**
 * The per-component inputs of an optimizer step (θ, its gradient, the optimizer's state): the first
 * name gives the shape (a number or a list), and a number given for any other applies to every
 * component. `scalar` says whether to answer with a number or a list.
 */
export function readComponents<K extends string>(rd: ParamReader, names: readonly [K, ...K[]]): { scalar: boolean; n: number; v: Record<K, number[]> } {
  const first = rd.numOrList(names[0]);
  const scalar = !Array.isArray(first);
  const n = Array.isArray(first) ? first.length : 1;
  const v = {} as Record<K, number[]>;
  for (const name of names) v[name] = broadcast(name, name === names[0] ? first : rd.numOrList(name), n);
  return { scalar, n, v };
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
  // float noise such as 0.9·0.1 − 0.1 = −0.00999… must not skip a step (findings D6)
  const y = x * (1 + 1e-9);
  const e = Math.floor(Math.log10(y));
  for (const exp of [e + 1, e]) {
    for (const m of [5, 2, 1]) {
      const c = Number(`${m}e${exp}`);
      if (c <= y) return c;
    }
  }
  return Number(`1e${e - 1}`);
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

/** The default tolerance of real-valued answers: 1 %, with a floor of 10⁻⁴ only near zero. */
export const REL_TOLERANCE: Tolerance = { kind: 'relative', rel: 1e-2, abs: 1e-4 };

/**
 * The tolerance as the prompt states it, exactly as the checker applies it:
 * "within $\pm 10^{-5}$", "within ±1% (or $\pm 0.0001$ near 0)", "exactly".
 */
export function toleranceText(tol: Tolerance): string {
  if (tol.kind === 'exact') return 'exactly';
  if (tol.rel === 0) return `within $\\pm ${fmt(tol.abs)}$`;
  return `within ±${fmt(tol.rel * 100)}% (or $\\pm ${fmt(tol.abs)}$ near 0)`;
}

/**
 * Update questions ask for the change Δθ = θ_new − θ (findings D7): 1 % of each component's change,
 * so 3 significant digits always suffice, and "θ unchanged" (Δθ = 0) is never accepted.
 */
export const CHANGE_TOLERANCE: Tolerance = { kind: 'relative', rel: 1e-2, abs: 1e-6 };

/**
 * Turns an update family's θ-after computation into the Δθ question: the answer, the misconceptions
 * (computed as θ-after values) and the last "Answer:" step are restated as changes; the contrasts
 * gain "gave θ_new instead of Δθ" and the sign error (moving along the gradient).
 */
export function asChange(
  theta: readonly number[],
  thetaNew: readonly number[],
  scalar: boolean,
  steps: string[],
  candidates: ReadonlyArray<Misconception | null>,
  symbol = '\\theta',
): { answer: Value; tolerance: Tolerance; steps: string[]; misconceptions: Misconception[]; contrasts: Misconception[] } {
  const delta = thetaNew.map((x, i) => x - theta[i]!);
  const answer = shapeLike(delta, scalar);
  const minus = (v: Value): Value => (Array.isArray(v) ? v.map((x, i) => x - theta[i]!) : v - theta[0]!);
  const changed: Misconception[] = candidates.flatMap((m) => (m ? [{ ...m, value: minus(m.value) }] : []));
  changed.push(
    {
      id: 'gave-new-value',
      message: `You gave ${symbol === '\\theta' ? 'θ' : symbol} after the step; the question asks for the change Δ = new − old.`,
      value: shapeLike([...thetaNew], scalar),
    },
    {
      id: 'sign-error',
      message: 'Your change has the wrong sign: the step moves against the gradient (θ ← θ − step).',
      value: shapeLike(delta.map((d) => -d), scalar),
    },
  );
  const out = steps.filter((s) => !s.startsWith('Answer:'));
  const list = (xs: readonly number[]): string => (scalar ? fmt(xs[0]!, 4) : `(${xs.map((x) => fmt(x, 4)).join(', ')})`);
  out.push(`$\\Delta ${symbol} = ${symbol}_{\\text{new}} - ${symbol} = ${list(delta)}$`, `Answer: $\\Delta ${symbol} = ${list(delta)}$`);
  return { answer, tolerance: CHANGE_TOLERANCE, steps: out, ...judge(answer, CHANGE_TOLERANCE, changed) };
}
