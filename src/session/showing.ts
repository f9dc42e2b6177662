// Pure: what one showing of an item draws from its seed. A showing is named by the item, its number
// of scheduled reviews so far and, in a re-drill, the number of drill answers logged for it today, so
// every showing differs and any one replays exactly from the review log (undo brings the same back).
import { createRng, fnv1a, seedFor } from '../questions/rng.js';
import type { Verdict } from '../engine/check.js';
import type { Value } from '../questions/types.js';

export interface Showing {
  itemId: string;
  /** items.reviews before this answer (scheduled answers so far). */
  reviews: number;
  /** Re-drill number today (1, 2, …), or 0 for a scheduled showing. */
  drill: number;
}

/** The seed of a numeric instance; a scheduled showing keeps the historical seedFor(id, n). */
export function numericSeed(s: Showing): number {
  return s.drill === 0 ? seedFor(s.itemId, s.reviews) : fnv1a(`${s.itemId}#${s.reviews}~drill${s.drill}`);
}

/** The order in which a choice card's options are shown: indices into its choices. */
export function choiceOrder(s: Showing, n: number): number[] {
  const key = s.drill === 0 ? `${s.itemId}#${s.reviews}~choices` : `${s.itemId}#${s.reviews}~drill${s.drill}~choices`;
  return createRng(fnv1a(key)).shuffle(Array.from({ length: n }, (_v, i) => i));
}

/**
 * A numeric answer that was misread rather than wrong: the checker could not read it, or a list came
 * with the wrong count of numbers (a typo, not a lapse). The reason is the checker's own message.
 */
export function misread(v: Verdict, expected: Value): string | null {
  if (v.kind === 'unreadable') return v.message;
  if (v.kind === 'wrong' && Array.isArray(expected)) {
    const got = Array.isArray(v.read) ? v.read.length : 1;
    if (got !== expected.length) return v.message.replace(/^wrong: /, '');
  }
  return null;
}
