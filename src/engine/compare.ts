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

/** A candidate that applies: present, finite, and an integer where the answer must be one. */
function applicable(m: Misconception | null | undefined, tolerance: Tolerance): m is Misconception {
  if (!m) return false;
  const values = Array.isArray(m.value) ? m.value : [m.value];
  if (values.length === 0 || !values.every(Number.isFinite)) return false;
  if (tolerance.kind === 'exact' && !values.every(Number.isInteger)) return false;
  return true;
}

/**
 * The misconceptions worth reporting: finite values, not within tolerance of the answer. Two
 * mistakes with the same value become one entry that names both ("… Or: …"), so feedback names
 * every mistake a value matches. `null` candidates (mistakes that do not apply) are skipped.
 */
export function distinctMisconceptions(
  answer: Value,
  tolerance: Tolerance,
  candidates: ReadonlyArray<Misconception | null | undefined>,
): Misconception[] {
  const kept: Misconception[] = [];
  for (const m of candidates) {
    if (!applicable(m, tolerance)) continue;
    if (valueMatches(m.value, answer, tolerance)) continue;
    const same = kept.findIndex((k) => valueMatches(m.value, k.value, tolerance));
    if (same >= 0) {
      const k = kept[same]!;
      kept[same] = { ...k, message: `${k.message} Or: ${m.message}`, also: [...(k.also ?? []), m.id] };
      continue;
    }
    kept.push({ ...m });
  }
  return kept;
}

/** The misconceptions to report, and every applicable candidate as the instance's contrasts. */
export function judge(
  answer: Value,
  tolerance: Tolerance,
  candidates: ReadonlyArray<Misconception | null | undefined>,
): { misconceptions: Misconception[]; contrasts: Misconception[] } {
  return {
    misconceptions: distinctMisconceptions(answer, tolerance, candidates),
    contrasts: candidates.filter((m): m is Misconception => applicable(m, tolerance)),
  };
}
