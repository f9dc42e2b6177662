// Pure: the day's queue as data. Due reviews first, then new cards, then step 7's again-today items
// (FIFO) until each is graded ≥ 4; a session started later the same day begins its again-today queue
// with the items the collection still marks (items.again_day). Undo takes back the last action (an
// answer, a suspend or a bury) and restores the queues from the snapshot taken before it.
import { needsDrill, type Grade } from '../scheduler/sm2.js';

export type EntryKind = 'review' | 'new' | 'drill';

export interface Entry {
  itemId: string;
  kind: EntryKind;
}

/** What undo has to take back in the collection. */
export type Action =
  | { kind: 'answer'; itemId: string; reviewId: number }
  | { kind: 'suspend'; itemId: string }
  | { kind: 'bury'; itemId: string; buriedBefore: number | null };

export interface Session {
  main: readonly Entry[];
  drill: readonly string[];
  /** Snapshots of (main, drill) before each action, for undo; newest last. */
  history: readonly { main: readonly Entry[]; drill: readonly string[]; action: Action }[];
}

export function startSession(due: readonly string[], fresh: readonly string[], againToday: readonly string[] = []): Session {
  const queued = new Set([...due, ...fresh]);
  return {
    main: [...due.map((itemId) => ({ itemId, kind: 'review' as const })), ...fresh.map((itemId) => ({ itemId, kind: 'new' as const }))],
    drill: againToday.filter((id) => !queued.has(id)),
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
  const snapshot = { main: s.main, drill: s.drill, action: { kind: 'answer' as const, itemId: entry.itemId, reviewId } };
  const main = entry.kind === 'drill' ? s.main : s.main.slice(1);
  let drill = entry.kind === 'drill' ? s.drill.slice(1) : s.drill;
  if (needsDrill(grade)) drill = [...drill, entry.itemId];
  return { main, drill, history: [...s.history, snapshot] };
}

/** The current card suspended or buried: out of every queue, and undoable. */
export function setAside(s: Session, action: Exclude<Action, { kind: 'answer' }>): Session {
  const out = removeItem(s, action.itemId);
  return { ...out, history: [...s.history, { main: s.main, drill: s.drill, action }] };
}

/** Undo the last action: the queues as they were, and what to take back in the collection. */
export function undo(s: Session): { session: Session; action: Action } | null {
  const last = s.history.at(-1);
  if (!last) return null;
  return { session: { main: last.main, drill: last.drill, history: s.history.slice(0, -1) }, action: last.action };
}

/** Drop an item from every queue (gone, or answered in another terminal); earlier actions stay undoable. */
export function removeItem(s: Session, itemId: string): Session {
  return { ...s, main: s.main.filter((e) => e.itemId !== itemId), drill: s.drill.filter((d) => d !== itemId) };
}

export function remaining(s: Session): number {
  return s.main.length + s.drill.length;
}

/** What is left, for the header: due reviews, new cards, again-today items. */
export function counts(s: Session): { due: number; new: number; again: number } {
  let due = 0;
  let fresh = 0;
  for (const e of s.main) if (e.kind === 'review') due++; else fresh++;
  return { due, new: fresh, again: s.drill.length };
}
