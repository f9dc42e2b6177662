// Pure: what a cram session drills, and in which order. Cramming (as Anki's filtered decks with
// rescheduling off) revisits introduced cards outside the schedule: weakest first, and a card
// answered below 4 comes back at the end of the queue until it is answered 4 or 5 (SM-2 step 7's
// rule), without ever changing its SM-2 state.
import { createRng, fnv1a } from '../questions/rng.js';

export interface CramCandidate {
  id: string;
  topic: string;
  /** Order of the sheet (card position, then cloze number): the tie-break. */
  order: number;
  ef: number;
  lapses: number;
  /** null = never introduced. */
  due: number | null;
  /** Last study day with a failed answer (grade < 3), or null. */
  lastFailDay: number | null;
}

export interface CramOptions {
  topics?: readonly string[] | undefined;
  /** Only items failed on or after this study day. */
  failedSince?: number | undefined;
  limit: number;
}

export const DEFAULT_CRAM_LIMIT = 50;

/**
 * The cram queue: introduced items of the topics (failed since the day, if given), weakest first —
 * lowest E-Factor, then most lapses, then most recently failed — then in sheet order; at most `limit`.
 */
export function cramQueue(candidates: readonly CramCandidate[], o: CramOptions): string[] {
  const picked = candidates.filter((c) =>
    c.due !== null
    && (!o.topics || o.topics.length === 0 || o.topics.includes(c.topic))
    && (o.failedSince === undefined || (c.lastFailDay !== null && c.lastFailDay >= o.failedSince)));
  picked.sort((a, b) => a.ef - b.ef || b.lapses - a.lapses || (b.lastFailDay ?? -Infinity) - (a.lastFailDay ?? -Infinity) || a.order - b.order);
  return picked.slice(0, Math.max(0, o.limit)).map((c) => c.id);
}

/** Below this grade a crammed card comes back at the end of the queue. */
export const CRAM_AGAIN_BELOW = 4;

export interface CramState {
  queue: readonly string[];
  /** Answers so far, for the summary. */
  answers: readonly { itemId: string; grade: number; reviewId: number }[];
}

export function startCram(queue: readonly string[]): CramState {
  return { queue: [...queue], answers: [] };
}

/** After the first card of the queue was answered. */
export function cramAnswered(s: CramState, grade: number, reviewId: number): CramState {
  const [head, ...rest] = s.queue;
  if (head === undefined) return s;
  return { queue: grade < CRAM_AGAIN_BELOW ? [...rest, head] : rest, answers: [...s.answers, { itemId: head, grade, reviewId }] };
}

/** Take back the last answer: its card goes back to the front; returns the log row to delete. */
export function cramUndo(s: CramState): { state: CramState; reviewId: number } | null {
  const last = s.answers.at(-1);
  if (!last) return null;
  // if it was re-queued at the end, that copy goes
  const queue = last.grade < CRAM_AGAIN_BELOW && s.queue.at(-1) === last.itemId ? s.queue.slice(0, -1) : s.queue;
  return { state: { queue: [last.itemId, ...queue], answers: s.answers.slice(0, -1) }, reviewId: last.reviewId };
}

/** Drop an item (gone from the collection meanwhile). */
export function cramSkip(s: CramState): CramState {
  return { ...s, queue: s.queue.slice(1) };
}

/** Items whose last cram answer in this session was still below 4 (for the summary). */
export function stillShaky(s: CramState): string[] {
  const last = new Map<string, number>();
  for (const a of s.answers) last.set(a.itemId, a.grade);
  return [...last].filter(([, g]) => g < CRAM_AGAIN_BELOW).map(([id]) => id);
}

/**
 * The seed of an item's k-th cram answer ever (1, 2, …, counted from the log): every cram showing
 * differs from the last, and undo (which deletes the row) brings the same instance back.
 */
export function cramSeed(itemId: string, k: number): number {
  return fnv1a(`${itemId}~cram${k}`);
}

/** The order a choice card's options are shown in (indices into its choices): shuffled, so position gives nothing away. */
export function cramChoiceOrder(seed: number, n: number): number[] {
  return createRng(fnv1a(`${seed}~choices`)).shuffle(Array.from({ length: n }, (_v, i) => i));
}
