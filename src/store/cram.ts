// Cram answers in the collection: logged as kind 'cram' with the state before = after, one
// transaction each; the item row is never written, so the schedule, the daily limits (countToday
// counts 'new' and 'review'), retention (kind 'review' only) and undo of the schedule stay as they were.
import type { CramCandidate } from '../pacing/cram.js';
import type { NumericLog } from './collection.js';
import { assertCollectionFile } from './guard.js';
import type { Db } from './open.js';

/** Active items (not suspended or retired) with what the cram order needs. */
export function cramCandidates(db: Db): CramCandidate[] {
  return db.prepare(`SELECT i.id AS id, c.topic AS topic, c.position * 1000 + i.ord AS "order", i.ef AS ef, i.lapses AS lapses, i.due AS due,
      (SELECT max(r.day) FROM reviews r WHERE r.item_id = i.id AND r.grade < 3) AS lastFailDay
    FROM items i JOIN cards c ON c.id = i.card_id
    WHERE i.suspended = 0 AND i.retired = 0 AND c.retired_at IS NULL`).all() as CramCandidate[];
}

export interface CramAnswer {
  itemId: string;
  session: number;
  at: number;
  day: number;
  grade: number;
  durationMs: number;
  numeric?: NumericLog & { level: number };
  /** Choice cards: the option indices in the order shown. */
  shown?: number[];
}

/** Log one cram answer; the item is re-read inside the transaction so before and after are its state now. */
export function writeCramAnswer(db: Db, a: CramAnswer): number {
  assertCollectionFile(db);
  return db.transaction((): number => {
    const s = db.prepare('SELECT reps, ef, interval, due, lapses, suspended, leech FROM items WHERE id = ?').get(a.itemId) as
      | { reps: number; ef: number; interval: number; due: number | null; lapses: number; suspended: number; leech: number }
      | undefined;
    if (!s) throw new Error(`item ${a.itemId} is not in the collection`);
    const info = db.prepare(`INSERT INTO reviews (item_id, session, reviewed_at, day, kind, grade, duration_ms,
        reps_before, ef_before, interval_before, due_before, lapses_before, suspended_before, leech_before,
        reps_after, ef_after, interval_after, due_after, lapses_after, family, seed, params, answer_given, correct, level, shown)
      VALUES (?, ?, ?, ?, 'cram', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      a.itemId, a.session, a.at, a.day, a.grade, Math.max(0, Math.round(a.durationMs)),
      s.reps, s.ef, s.interval, s.due, s.lapses, s.suspended, s.leech,
      s.reps, s.ef, s.interval, s.due, s.lapses,
      a.numeric?.family ?? null, a.numeric?.seed ?? null, a.numeric?.params ?? null, a.numeric?.answerGiven ?? null,
      a.numeric ? (a.numeric.correct ? 1 : 0) : null, a.numeric?.level ?? null, a.shown ? JSON.stringify(a.shown) : null,
    );
    return Number(info.lastInsertRowid);
  }).immediate();
}

/** Take back a cram answer of this session: only the log row goes (the item was never changed). */
export function undoCramAnswer(db: Db, reviewId: number): boolean {
  return db.prepare("DELETE FROM reviews WHERE id = ? AND kind = 'cram'").run(reviewId).changes === 1;
}

/** Cram answers logged for an item so far (numbers its showings). */
export function cramCount(db: Db, itemId: string): number {
  return db.prepare("SELECT count(*) FROM reviews WHERE item_id = ? AND kind = 'cram'").pluck().get(itemId) as number;
}
