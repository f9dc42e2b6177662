// review_days (migration 003) is the review log summed per day, topic, kind and maturity, kept by
// triggers: after any mix of answers and undos it equals the same GROUP BY over the log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/store/migrate.js';
import { openCollection, type Db } from '../../src/store/open.js';
import { undoAnswer, writeAnswer } from '../../src/store/collection.js';
import type { Grade } from '../../src/scheduler/sm2.js';
import { batchReviewDays } from '../../src/store/review-days.js';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dc-days-'));
  db = openCollection(join(dir, 'c.db'), { migrations: loadMigrations('migrations'), now: 0 });
  const card = db.prepare("INSERT INTO cards (id, topic, type, content, hash, position, added_at, modified_at) VALUES (?, ?, 'basic', '{}', 'h', 0, 0, 0)");
  const item = db.prepare('INSERT INTO items (id, card_id, ord) VALUES (?, ?, 0)');
  for (const id of ['cnn.a', 'cnn.b', 'rnn.a', 'rnn.long-name']) {
    card.run(id, id.split('.')[0]);
    item.run(id, id);
  }
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const fromLog = (): unknown[] => db.prepare(`SELECT day, substr(item_id, 1, instr(item_id, '.') - 1) AS topic, kind, interval_before >= 21 AS mature,
    count(*) AS n, sum(grade >= 3) AS passed, sum(duration_ms) AS ms FROM reviews GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`).all();
const summary = (): unknown[] => db.prepare('SELECT day, topic, kind, mature, n, passed, ms FROM review_days ORDER BY 1, 2, 3, 4').all();

const trigger = (): unknown => db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'review_days_insert'").pluck().get();

describe('review_days', () => {
  it('follows every answer and undo exactly', () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ids: number[] = [];
    const items = ['cnn.a', 'cnn.b', 'rnn.a', 'rnn.long-name'];
    for (let i = 0; i < 300; i++) {
      if (ids.length && rand() < 0.25) {
        const k = Math.floor(rand() * ids.length);
        undoAnswer(db, ids.splice(k, 1)[0]!);
        continue;
      }
      const kind = (['new', 'review', 'drill'] as const)[Math.floor(rand() * 3)]!;
      const interval = Math.floor(rand() * 40);
      // a new answer needs a new item, a review a due one (writeAnswer refuses otherwise)
      db.prepare('UPDATE items SET interval = ?, due = ? WHERE id = ?').run(interval, kind === 'new' ? null : 1, items[i % 4]);
      const r = writeAnswer(db, {
        itemId: items[i % 4]!, session: 1, at: i, day: 20500 + Math.floor(rand() * 5), kind, grade: Math.floor(rand() * 6) as Grade,
        durationMs: Math.floor(rand() * 10_000), after: null,
      });
      ids.push(r.reviewId);
    }
    expect(summary()).toEqual(fromLog());
    expect(summary().length).toBeGreaterThan(10);
    for (const id of ids) undoAnswer(db, id);
    expect(summary()).toEqual([]);
  });

  it('the migration fills it from an existing log', () => {
    // drop and rebuild as migration 003 does, from the rows already logged
    db.prepare("UPDATE items SET due = 20500 WHERE id = 'cnn.a'").run();
    writeAnswer(db, { itemId: 'cnn.a', session: 1, at: 1, day: 20500, kind: 'review', grade: 4, durationMs: 1000, after: null });
    const sql = loadMigrations('migrations').find((m) => m.name.startsWith('003'))!.sql;
    const fill = sql.slice(sql.indexOf('INSERT INTO review_days'), sql.indexOf(';', sql.indexOf('INSERT INTO review_days')) + 1);
    db.exec('DELETE FROM review_days');
    db.exec(fill);
    expect(summary()).toEqual(fromLog());
  });
  it('a batch writer leaves the same summary as the per-row trigger', () => {
    // answers logged one by one first, then a batch that inserts new rows and rewrites an old one
    db.prepare("UPDATE items SET due = 20500 WHERE id IN ('cnn.a', 'rnn.a')").run();
    writeAnswer(db, { itemId: 'cnn.a', session: 1, at: 1, day: 20500, kind: 'review', grade: 4, durationMs: 1000, after: null });
    const old = writeAnswer(db, { itemId: 'rnn.a', session: 1, at: 2, day: 20500, kind: 'review', grade: 2, durationMs: 500, after: null });
    const insert = db.prepare(`INSERT INTO reviews (item_id, session, reviewed_at, day, kind, grade, duration_ms, reps_before, ef_before,
        interval_before, due_before, lapses_before, suspended_before, leech_before, reps_after, ef_after, interval_after, due_after, lapses_after, source)
      VALUES (?, 2, ?, ?, ?, ?, ?, 0, 250, ?, NULL, 0, 0, 0, 1, 250, 1, 1, 0, 'anki')`);
    const sql = trigger();
    db.transaction(() => batchReviewDays(db, () => {
      for (let i = 0; i < 40; i++) {
        insert.run(['cnn.a', 'cnn.b', 'rnn.a', 'rnn.long-name'][i % 4], 10 + i, 20500 + (i % 3), i % 5 ? 'review' : 'drill', i % 6, 100 * i, i % 2 ? 30 : 3);
      }
      db.prepare("UPDATE reviews SET kind = 'drill' WHERE id = ?").run(old.reviewId);
      // inside the batch the per-row trigger adds nothing
      expect((db.prepare('SELECT sum(n) FROM review_days').pluck().get() as number)).toBe(2);
    }))();
    expect(summary()).toEqual(fromLog());
    expect(trigger()).toBe(sql);
    // after the batch, single answers are summed by the trigger again
    db.prepare("UPDATE items SET due = 20600 WHERE id = 'cnn.b'").run();
    writeAnswer(db, { itemId: 'cnn.b', session: 3, at: 99, day: 20600, kind: 'review', grade: 5, durationMs: 10, after: null });
    expect(summary()).toEqual(fromLog());
  });

  it('a batch that throws leaves the trigger as it was', () => {
    const sql = trigger();
    expect(sql).toMatch(/^CREATE TRIGGER review_days_insert AFTER INSERT ON reviews BEGIN/);
    expect(() => db.transaction(() => batchReviewDays(db, () => {
      throw new Error('disk full');
    }))()).toThrow('disk full');
    expect(trigger()).toBe(sql);
    // a statement that fails inside the batch makes the caller's rollback take the drop back too
    const insert = db.prepare(`INSERT INTO reviews (item_id, session, reviewed_at, day, kind, grade, duration_ms, reps_before, ef_before,
        interval_before, due_before, lapses_before, suspended_before, leech_before, reps_after, ef_after, interval_after, due_after, lapses_after)
      VALUES (?, 1, 1, 20500, 'review', 4, 1, 0, 250, 0, NULL, 0, 0, 0, 1, 250, 1, 1, 0)`);
    expect(() => db.transaction(() => batchReviewDays(db, () => insert.run('no-such-item')))()).toThrow(/FOREIGN KEY/);
    expect(trigger()).toBe(sql);
    expect(db.prepare('SELECT count(*) FROM reviews').pluck().get()).toBe(0);
    expect(() => batchReviewDays(db, () => 1)).toThrow(/inside a transaction/);
  });
});
