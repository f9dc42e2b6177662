// review_days (migration 003) sums the review log per study day, topic, kind and maturity; a trigger
// adds each answer as it is written. A writer of many rows at once (`deepcards import anki`) drops
// the trigger inside its transaction and adds its rows' summary with one grouped statement instead
// of one upsert per row (migration 007 says why not a switch in the trigger's WHEN).
import type { Db } from './open.js';

const TRIGGER = 'review_days_insert';

/**
 * Run `write` without review_days_insert, then add the summary of the rows it inserted and create the
 * trigger again, as it was (its SQL is read from the schema). Inside the caller's transaction, which
 * the caller must roll back if this throws: the drop is part of it, so no other connection sees the
 * trigger missing, and a kill or a rollback takes the drop back. Not in a savepoint of its own: a
 * savepoint journals every page it touches, which made 100,000 inserts thirty times slower. `write`
 * may update or delete rows that existed before (their triggers still run), not rows it inserted
 * itself: those are summed only at the end.
 */
export function batchReviewDays<T>(db: Db, write: () => T): T {
  if (!db.inTransaction) throw new Error('batchReviewDays: call it inside a transaction');
  const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?").pluck().get(TRIGGER) as string | undefined;
  if (!sql) throw new Error(`batchReviewDays: the collection has no ${TRIGGER} trigger`);
  const before = db.prepare('SELECT coalesce(max(id), 0) FROM reviews').pluck().get() as number;
  db.exec(`DROP TRIGGER ${TRIGGER}`);
  try {
    const result = write();
    // the values review_days_insert computes per row, grouped (the WHERE keeps SQLite from reading
    // ON CONFLICT as part of the SELECT: its upsert parsing note)
    db.prepare(`INSERT INTO review_days (day, topic, kind, mature, n, passed, ms)
      SELECT day, substr(item_id, 1, instr(item_id, '.') - 1), kind, interval_before >= 21, count(*), sum(grade >= 3), sum(duration_ms)
      FROM reviews WHERE id > ? GROUP BY 1, 2, 3, 4
      ON CONFLICT (day, topic, kind, mature) DO UPDATE SET n = n + excluded.n, passed = passed + excluded.passed, ms = ms + excluded.ms`).run(before);
    return result;
  } finally {
    // after an error SQLite may have rolled the transaction back already (the drop with it)
    if (db.inTransaction) db.exec(sql);
  }
}
