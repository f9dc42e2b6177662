// Sync against a real (temporary) collection: add, edit keeps the schedule, remove retires and keeps
// history, re-sync is idempotent; migrations from 0 to latest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDeck } from '../../src/decks/parse.js';
import type { Deck } from '../../src/decks/model.js';
import { loadMigrations, latestVersion } from '../../src/store/migrate.js';
import { openCollection, type Db } from '../../src/store/open.js';
import { syncDecks, writeAnswer, undoAnswer, getItem } from '../../src/store/collection.js';
import { review } from '../../src/scheduler/sm2.js';

const migrations = loadMigrations('migrations');
let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dc-sync-'));
  db = openCollection(join(dir, 'c.db'), { migrations, now: 0 });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function deck(cards: string): Deck {
  const r = parseDeck(`topic: t\ntitle: T\ndescription: D\ncards:\n${cards}`, 't.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.deck;
}
const A = '  - id: t.a\n    type: basic\n    front: Q a\n    back: A a\n    sheet: [1]\n';
const A2 = '  - id: t.a\n    type: basic\n    front: Q a (edited)\n    back: A a\n    sheet: [1]\n';
const B = "  - id: t.b\n    type: cloze\n    text: '{{c1::x}} and {{c2::y}}'\n    sheet: [2]\n";
const B1 = "  - id: t.b\n    type: cloze\n    text: '{{c1::x}} and y'\n    sheet: [2]\n";
const scope = new Set(['t']);

describe('migrations', () => {
  it('bring a new collection to the latest version with STRICT tables', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion(migrations));
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'items'").pluck().get() as string;
    expect(sql).toMatch(/STRICT/);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('sync', () => {
  it('adds cards and one item per cloze number', () => {
    const r = syncDecks(db, [deck(A + B)], 1000, scope);
    expect(r.added).toBe(2);
    expect(db.prepare('SELECT id FROM items ORDER BY id').pluck().all()).toEqual(['t.a', 't.b#c1', 't.b#c2']);
  });

  it('is idempotent', () => {
    syncDecks(db, [deck(A + B)], 1000, scope);
    const r = syncDecks(db, [deck(A + B)], 2000, scope);
    expect([r.added, r.updated, r.retired, r.unchanged]).toEqual([0, 0, 0, 2]);
  });

  it('keeps the schedule of an edited card and bumps its modification time', () => {
    syncDecks(db, [deck(A)], 1000, scope);
    writeAnswer(db, { itemId: 't.a', session: 1, at: 1, day: 10, kind: 'new', grade: 5, durationMs: 1, after: review({ kind: 'new' }, 5, 10) });
    const r = syncDecks(db, [deck(A2)], 5000, scope);
    expect(r.updated).toBe(1);
    expect(getItem(db, 't.a')).toMatchObject({ reps: 1, ef: 260, interval: 1, due: 11 });
    expect(db.prepare("SELECT modified_at FROM cards WHERE id = 't.a'").pluck().get()).toBe(5000);
    expect(JSON.parse(getItem(db, 't.a')!.content).front).toBe('Q a (edited)');
  });

  it('retires a removed card, keeps its history, and restores it when it comes back', () => {
    syncDecks(db, [deck(A + B)], 1000, scope);
    writeAnswer(db, { itemId: 't.a', session: 1, at: 1, day: 10, kind: 'new', grade: 4, durationMs: 1, after: review({ kind: 'new' }, 4, 10) });
    const r = syncDecks(db, [deck(B)], 2000, scope);
    expect(r.retired).toBe(1);
    expect(db.prepare("SELECT retired_at FROM cards WHERE id = 't.a'").pluck().get()).toBe(2000);
    expect(db.prepare("SELECT count(*) FROM reviews WHERE item_id = 't.a'").pluck().get()).toBe(1);
    const back = syncDecks(db, [deck(A + B)], 3000, scope);
    expect(back.restored).toBe(1);
    expect(getItem(db, 't.a')).toMatchObject({ reps: 1, retired: 0 });
  });

  it('retires a cloze deletion that disappears, and does not touch other topics', () => {
    syncDecks(db, [deck(A + B)], 1000, scope);
    syncDecks(db, [deck(B1)], 2000, scope);
    expect(getItem(db, 't.b#c2')!.retired).toBe(1);
    expect(getItem(db, 't.b#c1')!.retired).toBe(0);
    const other = syncDecks(db, [], 3000, new Set(['u']));
    expect(other.retired).toBe(0);
  });

  it('undo of an answer restores the item and removes the log row', () => {
    syncDecks(db, [deck(A)], 1000, scope);
    const res = writeAnswer(db, { itemId: 't.a', session: 1, at: 1, day: 10, kind: 'new', grade: 0, durationMs: 1, after: review({ kind: 'new' }, 0, 10) });
    undoAnswer(db, res.reviewId);
    expect(getItem(db, 't.a')).toMatchObject({ due: null, reps: 0, ef: 250, reviews: 0 });
    expect(db.prepare('SELECT count(*) FROM reviews').pluck().get()).toBe(0);
  });

  it('suspends a card as a leech at its 8th lapse', () => {
    syncDecks(db, [deck(A)], 1000, scope);
    let state = review({ kind: 'new' }, 5, 0);
    writeAnswer(db, { itemId: 't.a', session: 1, at: 1, day: 0, kind: 'new', grade: 5, durationMs: 1, after: state });
    let leeched = false;
    for (let i = 1; i <= 8; i++) {
      state = review(state, 0, i);
      leeched = writeAnswer(db, { itemId: 't.a', session: 1, at: i, day: i, kind: 'review', grade: 0, durationMs: 1, after: state }).leeched;
      expect(leeched).toBe(i === 8);
    }
    expect(getItem(db, 't.a')).toMatchObject({ lapses: 8, leech: 1, suspended: 1 });
  });
});
