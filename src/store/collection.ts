// Prepared statements and row <-> domain mapping for cards, items and the review log.
// Every answer is one IMMEDIATE transaction (log row + item update), so a second terminal waits on
// the busy timeout instead of failing halfway, and a kill never leaves half an answer.
import type { Db } from './open.js';
import type { Card, Deck } from '../decks/model.js';
import { planSync, type StoredCard, type StoredItem, type SyncPlan } from '../decks/sync-plan.js';
import type { CardState, Grade, ReviewState } from '../scheduler/sm2.js';
import { assertCollectionFile } from './guard.js';

export const LEECH_THRESHOLD = 8;

export interface ItemRow {
  id: string;
  card_id: string;
  ord: number;
  reps: number;
  ef: number;
  interval: number;
  due: number | null;
  lapses: number;
  reviews: number;
  suspended: number;
  leech: number;
  retired: number;
  /** Study day the item was last graded below 4 without a 4/5 since (SM-2 step 7), else null. */
  again_day: number | null;
  buried_until: number | null;
  topic: string;
  content: string;
}

export function itemState(row: Pick<ItemRow, 'due' | 'reps' | 'ef' | 'interval' | 'lapses'>): CardState {
  if (row.due === null) return { kind: 'new' };
  return { kind: 'review', repetitions: row.reps, ef: row.ef, interval: row.interval, due: row.due, lapses: row.lapses };
}

export function itemCard(row: Pick<ItemRow, 'content'>): Card {
  return JSON.parse(row.content) as Card;
}

export function getMeta(db: Db, key: string): string | undefined {
  const r = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
  return r;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export interface SyncResult {
  plan: SyncPlan;
  added: number;
  updated: number;
  retired: number;
  restored: number;
  unchanged: number;
}

/** Apply a sync in one transaction. `scopeTopics`: topics whose missing cards are retired. */
export function syncDecks(db: Db, decks: readonly Deck[], now: number, scopeTopics: ReadonlySet<string>, dryRun = false): SyncResult {
  const run = db.transaction(() => {
    const stored = new Map<string, StoredCard & { position: number }>();
    for (const r of db.prepare('SELECT id, topic, hash, retired_at, position FROM cards').all() as {
      id: string; topic: string; hash: string; retired_at: number | null; position: number;
    }[]) stored.set(r.id, { id: r.id, topic: r.topic, hash: r.hash, retired: r.retired_at !== null, position: r.position });
    const items = (db.prepare('SELECT id, card_id, ord, retired FROM items').all() as { id: string; card_id: string; ord: number; retired: number }[])
      .map((r): StoredItem => ({ id: r.id, cardId: r.card_id, ord: r.ord, retired: r.retired === 1 }));
    const plan = planSync(decks, stored, items, scopeTopics);
    if (dryRun) return plan;
    const ins = db.prepare('INSERT INTO cards (id, topic, type, content, hash, position, added_at, modified_at) VALUES (@id, @topic, @type, @content, @hash, @position, @now, @now)');
    const upd = db.prepare('UPDATE cards SET topic = @topic, type = @type, content = @content, hash = @hash, position = @position, modified_at = @now WHERE id = @id');
    const reord = db.prepare('UPDATE cards SET position = @position WHERE id = @id');
    const ret = db.prepare('UPDATE cards SET retired_at = ? WHERE id = ?');
    const rest = db.prepare('UPDATE cards SET retired_at = NULL WHERE id = ?');
    const insItem = db.prepare('INSERT INTO items (id, card_id, ord) VALUES (?, ?, ?)');
    const setItemRetired = db.prepare('UPDATE items SET retired = ? WHERE id = ?');
    for (const r of plan.add) ins.run({ ...r, now });
    for (const r of plan.update) upd.run({ ...r, now });
    for (const r of plan.reorder) reord.run(r);
    for (const id of plan.retire) ret.run(now, id);
    for (const id of plan.restore) rest.run(id);
    for (const it of plan.addItems) insItem.run(it.id, it.cardId, it.ord);
    for (const id of plan.retireItems) setItemRetired.run(1, id);
    for (const id of plan.restoreItems) setItemRetired.run(0, id);
    return plan;
  });
  const plan = run.immediate();
  return {
    plan,
    added: plan.add.length,
    updated: plan.update.length,
    retired: plan.retire.length,
    restored: plan.restore.length,
    unchanged: plan.unchanged,
  };
}

const ITEM_COLUMNS = `i.id, i.card_id, i.ord, i.reps, i.ef, i.interval, i.due, i.lapses, i.reviews, i.suspended, i.leech, i.retired, i.again_day, i.buried_until, c.topic, c.content`;
const ACTIVE = `i.suspended = 0 AND i.retired = 0 AND c.retired_at IS NULL`;
/** Not buried on `today` (a bury hides an item until the next study day). */
const UNBURIED = (today: number): string => ` AND (i.buried_until IS NULL OR i.buried_until <= ${Math.trunc(today)})`;

function topicClause(topics: readonly string[] | undefined): { sql: string; args: string[] } {
  if (!topics || topics.length === 0) return { sql: '', args: [] };
  return { sql: ` AND c.topic IN (${topics.map(() => '?').join(', ')})`, args: [...topics] };
}

/**
 * Ids of the items due on or before `today`, most overdue first. Ids only: a session re-reads each
 * item just before showing it, and reading every due card's content up front cost ~60 ms at 3,000
 * due cards.
 */
export function dueItemIds(db: Db, today: number, topics?: readonly string[], limit = -1): string[] {
  const t = topicClause(topics);
  // items_queue and cards_position (migration 005) cover every column this reads, so no item's or
  // card's row is read from disk; named, because without ANALYZE figures SQLite prefers other indexes
  return db.prepare(`SELECT i.id FROM items i INDEXED BY items_queue JOIN cards c INDEXED BY cards_position ON c.id = i.card_id
    WHERE i.due IS NOT NULL AND i.due <= ? AND ${ACTIVE}${UNBURIED(today)}${t.sql} ORDER BY i.due, c.position, i.ord LIMIT ?`)
    .pluck().all(today, ...t.args, limit) as string[];
}

/**
 * New items in sheet order. Siblings are buried, as in Anki: one new deletion of a cloze card per
 * day, and none of a card already seen today, so c2 does not follow c1 while c1's answer is fresh.
 */
export function newItems(db: Db, limit: number, topics?: readonly string[], today?: number): ItemRow[] {
  if (limit <= 0) return [];
  const t = topicClause(topics);
  const buried = today === undefined ? '' : ` AND NOT EXISTS (SELECT 1 FROM items j JOIN reviews r ON r.item_id = j.id
      WHERE j.card_id = i.card_id AND j.id != i.id AND r.day = ${Math.trunc(today)})`;
  return db.prepare(`SELECT ${ITEM_COLUMNS} FROM items i JOIN cards c ON c.id = i.card_id
    WHERE i.due IS NULL AND ${ACTIVE}${today === undefined ? '' : UNBURIED(today)}${t.sql}
      AND i.ord = (SELECT min(k.ord) FROM items k WHERE k.card_id = i.card_id AND k.due IS NULL AND k.suspended = 0 AND k.retired = 0)${buried}
    ORDER BY c.position, i.ord LIMIT ?`)
    .all(...t.args, limit) as ItemRow[];
}

/**
 * Items graded below 4 today and not yet 4/5 again (SM-2 step 7 across sessions), oldest answer
 * first. Found through the partial index items_again.
 */
export function againTodayIds(db: Db, today: number, topics?: readonly string[]): string[] {
  const t = topicClause(topics);
  return db.prepare(`SELECT i.id FROM items i JOIN cards c ON c.id = i.card_id
    WHERE i.again_day = ? AND ${ACTIVE}${UNBURIED(today)}${t.sql}
    ORDER BY (SELECT max(r.id) FROM reviews r WHERE r.item_id = i.id), i.id`)
    .pluck().all(today, ...t.args) as string[];
}

/** Hide an item until `until` (a study day); returns the previous buried_until for undo. */
export function setBuried(db: Db, itemId: string, until: number | null): number | null {
  return db.transaction(() => {
    const before = db.prepare('SELECT buried_until FROM items WHERE id = ?').pluck().get(itemId) as number | null | undefined;
    db.prepare('UPDATE items SET buried_until = ? WHERE id = ?').run(until, itemId);
    return before ?? null;
  }).immediate();
}

/** Drill answers logged for an item on a day: numbers the re-drill instances, so an undo replays one. */
export function drillCountToday(db: Db, itemId: string, day: number): number {
  return db.prepare("SELECT count(*) FROM reviews WHERE item_id = ? AND day = ? AND kind = 'drill'").pluck().get(itemId, day) as number;
}

export function getItem(db: Db, id: string): ItemRow | undefined {
  return db.prepare(`SELECT ${ITEM_COLUMNS} FROM items i JOIN cards c ON c.id = i.card_id WHERE i.id = ?`).get(id) as ItemRow | undefined;
}

/** Count answers of a kind logged on a study day (for the daily new/review limits). */
export function countToday(db: Db, day: number, kind: 'new' | 'review'): number {
  return db.prepare('SELECT count(*) FROM reviews WHERE day = ? AND kind = ?').pluck().get(day, kind) as number;
}

export interface NumericLog {
  family: string;
  seed: number;
  params: string;
  answerGiven: string;
  correct: boolean;
  /** The level the instance was drawn at (adaptive, src/questions/level.ts); replay = seed + level. */
  level?: number;
  /** The named misconception the answer matched, if any (its first id). */
  misconception?: string | undefined;
}

/** The misconception logged with the item's last answer (null when that answer matched none). */
export function lastMisconception(db: Db, itemId: string): string | null {
  const row = db.prepare('SELECT misconception FROM reviews WHERE item_id = ? ORDER BY id DESC LIMIT 1').get(itemId) as { misconception: string | null } | undefined;
  return row?.misconception ?? null;
}

export interface Answer {
  itemId: string;
  session: number;
  at: number;
  day: number;
  kind: 'new' | 'review' | 'drill' | 'exam';
  grade: Grade;
  durationMs: number;
  /** The state after the answer (for drill: unchanged, pass the before-state). */
  after: ReviewState | null;
  numeric?: NumericLog;
  /** Choice cards: the option indices in the order shown. */
  shown?: readonly number[];
  /** The leech rule (config leech-threshold / leech-action); default 8 lapses, suspend. */
  leech?: { threshold: number; action: 'suspend' | 'tag' };
}

export interface AnswerResult {
  reviewId: number;
  leeched: boolean;
}

/** Another session (a second terminal) has answered this item since it was shown: nothing was written. */
export class AnsweredElsewhereError extends Error {
  constructor(readonly itemId: string) {
    super(`${itemId} was answered in another session`);
    this.name = 'AnsweredElsewhereError';
  }
}

/**
 * Log an answer and apply its new state in one transaction. The item is re-read inside the
 * transaction, so two terminals answering the same card serialize instead of overwriting.
 */
export function writeAnswer(db: Db, a: Answer): AnswerResult {
  // the file deleted or replaced under a running session: stop instead of "recording" into it
  assertCollectionFile(db);
  return db.transaction((): AnswerResult => {
    const before = db.prepare('SELECT reps, ef, interval, due, lapses, suspended, leech, reviews FROM items WHERE id = ?').get(a.itemId) as
      | { reps: number; ef: number; interval: number; due: number | null; lapses: number; suspended: number; leech: number; reviews: number }
      | undefined;
    if (!before) throw new Error(`item ${a.itemId} is not in the collection`);
    // A new answer needs a new item, a review a due one: otherwise a second terminal answered it first,
    // and `after` was computed from a state that is gone (it would grade the card twice).
    if (a.kind === 'new' ? before.due !== null : a.kind === 'review' && (before.due === null || before.due > a.day)) {
      throw new AnsweredElsewhereError(a.itemId);
    }
    const after = a.after ?? { kind: 'review' as const, repetitions: before.reps, ef: before.ef, interval: before.interval, due: before.due ?? 0, lapses: before.lapses };
    const changes = a.after !== null;
    const threshold = a.leech?.threshold ?? LEECH_THRESHOLD;
    const leeched = changes && after.lapses >= threshold && before.lapses < threshold && before.leech === 0;
    const suspend = leeched && (a.leech?.action ?? 'suspend') === 'suspend';
    const info = db.prepare(`INSERT INTO reviews (item_id, session, reviewed_at, day, kind, grade, duration_ms,
        reps_before, ef_before, interval_before, due_before, lapses_before, suspended_before, leech_before,
        reps_after, ef_after, interval_after, due_after, lapses_after, family, seed, params, answer_given, correct,
        level, misconception, shown)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      a.itemId, a.session, a.at, a.day, a.kind, a.grade, Math.max(0, Math.round(a.durationMs)),
      before.reps, before.ef, before.interval, before.due, before.lapses, before.suspended, before.leech,
      changes ? after.repetitions : before.reps, changes ? after.ef : before.ef, changes ? after.interval : before.interval,
      changes ? after.due : before.due, changes ? after.lapses : before.lapses,
      a.numeric?.family ?? null, a.numeric?.seed ?? null, a.numeric?.params ?? null, a.numeric?.answerGiven ?? null,
      a.numeric ? (a.numeric.correct ? 1 : 0) : null,
      a.numeric?.level ?? null, a.numeric?.misconception ?? null, a.shown ? JSON.stringify(a.shown) : null,
    );
    if (changes) {
      db.prepare(`UPDATE items SET reps = ?, ef = ?, interval = ?, due = ?, lapses = ?, reviews = reviews + 1,
          leech = CASE WHEN ? THEN 1 ELSE leech END, suspended = CASE WHEN ? THEN 1 ELSE suspended END WHERE id = ?`)
        .run(after.repetitions, after.ef, after.interval, after.due, after.lapses, leeched ? 1 : 0, suspend ? 1 : 0, a.itemId);
    }
    // SM-2 step 7, kept in the collection so it survives the session: below 4 → again today
    if (a.kind === 'new' || a.kind === 'review' || a.kind === 'drill') {
      db.prepare('UPDATE items SET again_day = ? WHERE id = ?').run(a.grade < 4 ? a.day : null, a.itemId);
    }
    return { reviewId: Number(info.lastInsertRowid), leeched };
  }).immediate();
}

/** Undo one logged answer exactly: restore the item's state from the log row, then delete the row. */
export function undoAnswer(db: Db, reviewId: number): { itemId: string } | undefined {
  return db.transaction(() => {
    const r = db.prepare('SELECT * FROM reviews WHERE id = ?').get(reviewId) as
      | { item_id: string; kind: string; day: number; reps_before: number; ef_before: number; interval_before: number; due_before: number | null; lapses_before: number; suspended_before: number; leech_before: number }
      | undefined;
    if (!r) return undefined;
    // drill and cram answers never changed the item: only their log row goes
    if (r.kind !== 'drill' && r.kind !== 'cram') {
      db.prepare('UPDATE items SET reps = ?, ef = ?, interval = ?, due = ?, lapses = ?, suspended = ?, leech = ?, reviews = reviews - 1 WHERE id = ?')
        .run(r.reps_before, r.ef_before, r.interval_before, r.due_before, r.lapses_before, r.suspended_before, r.leech_before, r.item_id);
    }
    db.prepare('DELETE FROM reviews WHERE id = ?').run(reviewId);
    if (r.kind === 'cram') return { itemId: r.item_id }; // cram never set again_day either
    // again_day is a function of the item's answers that day: the last remaining one decides
    const last = db.prepare(`SELECT grade, day FROM reviews WHERE item_id = ? AND kind IN ('new', 'review', 'drill') ORDER BY id DESC LIMIT 1`)
      .get(r.item_id) as { grade: number; day: number } | undefined;
    db.prepare('UPDATE items SET again_day = ? WHERE id = ?').run(last && last.day === r.day && last.grade < 4 ? last.day : null, r.item_id);
    return { itemId: r.item_id };
  }).immediate();
}

export function setSuspended(db: Db, itemIds: readonly string[], suspended: boolean): number {
  const st = db.prepare('UPDATE items SET suspended = ?, leech = CASE WHEN ? = 0 THEN 0 ELSE leech END WHERE id = ?');
  return db.transaction(() => itemIds.reduce((n, id) => n + st.run(suspended ? 1 : 0, suspended ? 1 : 0, id).changes, 0)).immediate();
}

/** Reset to new: the schedule is forgotten, the review log is kept. */
export function resetItems(db: Db, itemIds: readonly string[]): number {
  const st = db.prepare('UPDATE items SET reps = 0, ef = 250, interval = 0, due = NULL, lapses = 0, leech = 0 WHERE id = ?');
  return db.transaction(() => itemIds.reduce((n, id) => n + st.run(id).changes, 0)).immediate();
}

/** Item ids of a card id, or the single item of an item id (`card#c2`). */
export function resolveItems(db: Db, id: string): string[] {
  const direct = db.prepare('SELECT id FROM items WHERE id = ?').pluck().get(id) as string | undefined;
  if (direct && id.includes('#')) return [direct];
  return db.prepare('SELECT id FROM items WHERE card_id = ? ORDER BY ord').pluck().all(id) as string[];
}

/**
 * The active cards of topics outside `exclude` (own decks brought in with `decks sync PATH`), grouped
 * by topic in introduction order, for commands that otherwise read only the bundled deck files (exams).
 */
export function collectionDecks(db: Db, exclude: ReadonlySet<string>): { topic: string; cards: Card[] }[] {
  const rows = db.prepare('SELECT topic, content FROM cards WHERE retired_at IS NULL ORDER BY topic, position').all() as { topic: string; content: string }[];
  const out = new Map<string, Card[]>();
  for (const r of rows) {
    if (exclude.has(r.topic)) continue;
    const list = out.get(r.topic) ?? [];
    list.push(JSON.parse(r.content) as Card);
    out.set(r.topic, list);
  }
  return [...out].map(([topic, cards]) => ({ topic, cards }));
}
