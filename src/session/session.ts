// Pure: the day's queue as data. Due reviews first, then new cards, then step 7's re-drills (FIFO)
// until each is graded ≥ 4. Undo restores the queues from a snapshot taken before each answer.
import { needsDrill, type Grade } from '../scheduler/sm2.js';

export type EntryKind = 'review' | 'new' | 'drill';

export interface Entry {
  itemId: string;
  kind: EntryKind;
}

export interface Session {
  main: readonly Entry[];
  drill: readonly string[];
  /** Snapshots of (main, drill) before each answer, for undo; newest last. */
  history: readonly { main: readonly Entry[]; drill: readonly string[]; reviewId: number }[];
}

export function startSession(due: readonly string[], fresh: readonly string[]): Session {
  return {
    main: [...due.map((itemId) => ({ itemId, kind: 'review' as const })), ...fresh.map((itemId) => ({ itemId, kind: 'new' as const }))],
    drill: [],
    history: [],
  };
}

/** The next card to show, or null when the session is over. */
export function current(s: Session): Entry | null {
  if (s.main.length) return s.main[0]!;
  if (s.drill.length) return { itemId: s.drill[0]!, kind: 'drill' };
  return null;
}

/** After the current card was answered with `grade` (logged as `reviewId`). */
export function answered(s: Session, grade: Grade, reviewId: number): Session {
  const entry = current(s);
  if (!entry) return s;
  const snapshot = { main: s.main, drill: s.drill, reviewId };
  const main = entry.kind === 'drill' ? s.main : s.main.slice(1);
  let drill = entry.kind === 'drill' ? s.drill.slice(1) : s.drill;
  if (needsDrill(grade)) drill = [...drill, entry.itemId];
  return { main, drill, history: [...s.history, snapshot] };
}

/** Undo the last answer: the queues as they were, and the review id to delete. */
export function undo(s: Session): { session: Session; reviewId: number } | null {
  const last = s.history.at(-1);
  if (!last) return null;
  return { session: { main: last.main, drill: last.drill, history: s.history.slice(0, -1) }, reviewId: last.reviewId };
}

/** Drop an item from every queue (suspended); earlier answers stay undoable. */
export function removeItem(s: Session, itemId: string): Session {
  return { ...s, main: s.main.filter((e) => e.itemId !== itemId), drill: s.drill.filter((d) => d !== itemId) };
}

export function remaining(s: Session): number {
  return s.main.length + s.drill.length;
}
