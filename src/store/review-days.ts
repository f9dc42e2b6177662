// review_days (migration 003) sums the review log per study day, topic, kind and maturity; a trigger
// adds each answer as it is written. A writer of many rows at once (`deepcards import anki`) turns
// the trigger off for its transaction (migration 006: review_days_batch) and adds its rows' summary
// with one grouped statement instead of one upsert per row.
import type { Db } from './open.js';

/**
 * Run `write` with review_days_insert off, then add the summary of the rows it inserted. Inside the
 * caller's transaction, which the caller must roll back if this throws (the switch is turned back
 * on either way). Not in a savepoint of its own: a savepoint journals every page it touches, which
 * made 100,000 inserts thirty times slower. `write` may update or delete rows that existed before
 * (their triggers still run), not rows it inserted itself: those are summed only at the end.
 */
export function batchReviewDays<T>(db: Db, write: () => T): T {
  if (!db.inTransaction) throw new Error('batchReviewDays: call it inside a transaction');
  const before = db.prepare('SELECT coalesce(max(id), 0) FROM reviews').pluck().get() as number;
  db.prepare('INSERT INTO review_days_batch (one) VALUES (1)').run();
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
    // after an error SQLite may have rolled the transaction back already (the row with it)
    if (db.inTransaction) db.prepare('DELETE FROM review_days_batch').run();
  }
}
