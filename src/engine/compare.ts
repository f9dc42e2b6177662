// The one comparison rule between a value and an expected value, shared by the answer checker and
// by the families when they drop misconceptions that coincide with the answer (so feedback never
// calls a right answer a mistake). Pure and free of mathjs.
import type { Misconception, Tolerance, Value } from '../questions/types.js';

/** Integers typed as expressions (`12/3`) are accepted when this close to an integer. */
export const INTEGER_SLACK = 1e-9;

export function scalarMatches(x: number, y: number, t: Tolerance): boolean {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  if (t.kind === 'exact') {
    const r = Math.round(x);
    return Math.abs(x - r) <= INTEGER_SLACK * Math.max(1, Math.abs(x)) && r === y;
  }
  return Math.abs(x - y) <= Math.max(t.rel * Math.abs(y), t.abs);
}

/** Same shape and every component within tolerance of `expected`. */
export function valueMatches(read: Value, expected: Value, t: Tolerance): boolean {
  if (Array.isArray(read) !== Array.isArray(expected)) return false;
  if (Array.isArray(read) && Array.isArray(expected)) {
    return read.length === expected.length && read.every((x, i) => scalarMatches(x, expected[i]!, t));
  }
  return scalarMatches(read as number, expected as number, t);
}

/**
 * The misconceptions worth reporting: finite values, not within tolerance of the answer, and not
 * a repeat of an earlier candidate's value (the earlier, more likely mistake wins).
 * `null` candidates (mistakes that do not apply to these parameters) are skipped.
 */
export function distinctMisconceptions(
  answer: Value,
  tolerance: Tolerance,
  candidates: ReadonlyArray<Misconception | null | undefined>,
): Misconception[] {
  const kept: Misconception[] = [];
  for (const m of candidates) {
    if (!m) continue;
    const values = Array.isArray(m.value) ? m.value : [m.value];
    if (values.length === 0 || !values.every(Number.isFinite)) continue;
    if (tolerance.kind === 'exact' && !values.every(Number.isInteger)) continue;
    if (valueMatches(m.value, answer, tolerance)) continue;
    if (kept.some((k) => valueMatches(m.value, k.value, tolerance))) continue;
    kept.push(m);
  }
  return kept;
}
