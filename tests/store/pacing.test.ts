// pacedNewLimit reads the collection: remaining new items of the exam topics (topics of different
// sizes), answers of today, the settings from the config table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/store/migrate.js';
import { openCollection, type Db } from '../../src/store/open.js';
import { readSettings, setConfig } from '../../src/store/config.js';
import { writeAnswer } from '../../src/store/collection.js';
import { review } from '../../src/scheduler/sm2.js';
import { isoToDay } from '../../src/pacing/pace.js';
import { pacedNewLimit, remainingNew } from '../../src/store/pacing.js';

let dir: string;
let db: Db;
const TODAY = isoToDay('2027-01-01');
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dc-pace-'));
  db = openCollection(join(dir, 'c.db'), { migrations: loadMigrations('migrations'), now: 0 });
  const card = db.prepare("INSERT INTO cards (id, topic, type, content, hash, position, added_at, modified_at) VALUES (?, ?, 'basic', '{}', 'h', ?, 0, 0)");
  const item = db.prepare('INSERT INTO items (id, card_id, ord) VALUES (?, ?, 0)');
  // big: 90 items, small: 12 items, other: 30 items
  const sizes: [string, number][] = [['big', 90], ['small', 12], ['other', 30]];
  let pos = 0;
  for (const [topic, n] of sizes) for (let i = 0; i < n; i++) {
    const id = `${topic}.c${i}`;
    card.run(id, topic, pos++);
    item.run(id, id);
  }
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const settings = () => readSettings(db);
const introduce = (id: string, day: number): void => {
  writeAnswer(db, { itemId: id, session: 1, at: day * 86_400_000, day, kind: 'new', grade: 4, durationMs: 5000, after: review({ kind: 'new' }, 4, day) });
};

describe('pacedNewLimit', () => {
  it('without an exam date: new-per-day, not paced', () => {
    expect(pacedNewLimit(db, settings(), TODAY)).toMatchObject({ limit: 20, pacedFor: null, warning: null });
    setConfig(db, 'new-per-day', '7');
    expect(pacedNewLimit(db, settings(), TODAY).limit).toBe(7);
  });

  it('paces over the exam topics only, whatever their sizes', () => {
    // exam 2027-01-31, margin 7 → deadline 2027-01-24: Jan 1..24 = 24 days
    setConfig(db, 'exam-date', '2027-01-31');
    setConfig(db, 'new-per-day', '0');
    // all topics: 90 + 12 + 30 = 132; 132 / 24 = 5.5 → 6
    expect(pacedNewLimit(db, settings(), TODAY)).toMatchObject({ limit: 6, pacedFor: '2027-01-31', warning: null });
    // big and small: 102 / 24 = 4.25 → 5
    setConfig(db, 'exam-topics', 'big,small');
    expect(pacedNewLimit(db, settings(), TODAY).limit).toBe(5);
    // small alone: 12 / 24 = 0.5 → 1
    setConfig(db, 'exam-topics', 'small');
    expect(pacedNewLimit(db, settings(), TODAY).limit).toBe(1);
    // big alone: 90 / 24 = 3.75 → 4
    setConfig(db, 'exam-topics', 'big');
    expect(pacedNewLimit(db, settings(), TODAY).limit).toBe(4);
  });

  it('answers of today keep the limit; earlier days, suspended and retired items shrink the pool', () => {
    setConfig(db, 'exam-date', '2027-01-31');
    setConfig(db, 'new-per-day', '0');
    setConfig(db, 'exam-topics', 'big');
    // 10 big items introduced yesterday: 80 left / 24 = 3.33 → 4
    for (let i = 0; i < 10; i++) introduce(`big.c${i}`, TODAY - 1);
    expect(remainingNew(db, ['big'])).toBe(80);
    expect(pacedNewLimit(db, settings(), TODAY).limit).toBe(4);
    // 4 more introduced today: the limit stays 4 (76 left + 4 today = 80 at the start of the day)
    for (let i = 10; i < 14; i++) introduce(`big.c${i}`, TODAY);
    expect(pacedNewLimit(db, settings(), TODAY).limit).toBe(4);
    // an answer in another topic today does not count toward the exam topic's start of day
    introduce('other.c0', TODAY);
    expect(pacedNewLimit(db, settings(), TODAY).limit).toBe(4);
    // 8 suspended and 4 retired leave 76 − 12 = 64, + 4 today = 68; 68 / 24 = 2.83 → 3
    db.prepare("UPDATE items SET suspended = 1 WHERE id IN ('big.c20','big.c21','big.c22','big.c23','big.c24','big.c25','big.c26','big.c27')").run();
    db.prepare("UPDATE items SET retired = 1 WHERE id IN ('big.c30','big.c31')").run();
    db.prepare("UPDATE cards SET retired_at = 1 WHERE id IN ('big.c32','big.c33')").run();
    expect(pacedNewLimit(db, settings(), TODAY).limit).toBe(3);
  });

  it('too close, or past, with a warning', () => {
    setConfig(db, 'exam-date', '2027-01-05');
    // deadline 2026-12-29 is before today: the cap (default 60)
    const r = pacedNewLimit(db, settings(), TODAY);
    expect(r).toMatchObject({ limit: 60, pacedFor: '2027-01-05' });
    expect(r.warning).toBe('132 exam items are still new after 2026-12-29 (the exam-margin before 2027-01-05): introducing up to new-cap 60 a day');
    setConfig(db, 'new-cap', '25');
    expect(pacedNewLimit(db, settings(), TODAY).limit).toBe(25);
    // the exam day passed: new-per-day, not paced
    setConfig(db, 'exam-date', '2026-12-20');
    expect(pacedNewLimit(db, settings(), TODAY)).toMatchObject({ limit: 20, pacedFor: null });
    expect(pacedNewLimit(db, settings(), TODAY).warning).toContain('has passed');
  });
});
