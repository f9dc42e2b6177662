// Backups in process: the daily copy and its pruning, validation of a file to restore, and the swap.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dailyBackup, dailyBackupPath, listDailyBackups, lockWithCopy, openValidated, pruneBackups, restoreCollection, snapshot } from '../../src/store/backup.js';
import { latestVersion, loadMigrations } from '../../src/store/migrate.js';
import { openCollection, type Db } from '../../src/store/open.js';

const migrations = loadMigrations('migrations');
const LATEST = latestVersion(migrations);
const T = Math.floor(Date.UTC(2026, 2, 2) / 86_400_000);
let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dc-backup-'));
  path = join(dir, 'collection.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function collection(p = path, cards = 3): Db {
  const db = openCollection(p, { migrations, now: 0 });
  const ins = db.prepare("INSERT INTO cards (id, topic, type, content, hash, position, added_at, modified_at) VALUES (?, 't', 'basic', '{}', 'h', ?, 0, 0)");
  const item = db.prepare('INSERT INTO items (id, card_id, ord) VALUES (?, ?, 0)');
  for (let i = 0; i < cards; i++) {
    ins.run(`t.c${i}`, i);
    item.run(`t.c${i}`, `t.c${i}`);
  }
  return db;
}

function count(p: string, table: string): number {
  const d = new Database(p, { readonly: true });
  try {
    return d.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    d.close();
  }
}

describe('dailyBackup', () => {
  it('copies the collection once per study day into backups/<stem>-YYYY-MM-DD.db', () => {
    const db = collection();
    const r = dailyBackup(db, path, T);
    expect(r).toMatchObject({ path: join(dir, 'backups', 'collection-2026-03-02.db'), created: true });
    expect(count(r!.path, 'cards')).toBe(3);
    const mtime = statSync(r!.path).mtimeMs;
    db.prepare("INSERT INTO cards (id, topic, type, content, hash, position, added_at, modified_at) VALUES ('t.x', 't', 'basic', '{}', 'h', 9, 0, 0)").run();
    expect(dailyBackup(db, path, T)).toEqual({ path: r!.path, created: false, pruned: [] });
    expect(statSync(r!.path).mtimeMs).toBe(mtime);
    expect(count(r!.path, 'cards')).toBe(3); // the copy is of the state before the day's first write
    db.close();
  });

  it('is a self-contained file: no -wal beside it, in rollback mode, integrity ok', () => {
    const db = collection();
    const r = dailyBackup(db, path, T)!;
    db.close();
    expect(readdirSync(join(dir, 'backups'))).toEqual(['collection-2026-03-02.db']);
    expect(readFileSync(r.path).subarray(18, 20)).toEqual(Buffer.from([1, 1]));
    const d = new Database(r.path, { readonly: true });
    expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
    d.close();
  });

  it('skips an empty collection', () => {
    const db = openCollection(path, { migrations, now: 0 });
    expect(dailyBackup(db, path, T)).toBeNull();
    expect(existsSync(join(dir, 'backups'))).toBe(false);
    db.close();
  });

  it('keeps the newest 7 daily backups, and removes temporary files of dead processes only', () => {
    const db = collection();
    for (let d = T - 8; d <= T - 1; d++) dailyBackup(db, path, d);
    const dead = join(dir, 'backups', 'collection-2026-03-02.db.tmp-999999999');
    const alive = join(dir, 'backups', `collection-2026-03-01.db.tmp-${process.ppid}`); // a live process
    writeFileSync(dead, 'partial');
    writeFileSync(alive, 'in progress');
    writeFileSync(join(dir, 'backups', 'collection-manual-2020-01-01T00-00-00.db'), 'manual');
    const r = dailyBackup(db, path, T)!;
    expect(existsSync(dailyBackupPath(path, T - 8))).toBe(false); // pruned when T-1's was made
    expect(r.pruned.sort()).toEqual([dailyBackupPath(path, T - 7), dead].sort());
    expect(listDailyBackups(path)).toEqual(Array.from({ length: 7 }, (_v, i) => dailyBackupPath(path, T - i)));
    expect(existsSync(alive)).toBe(true);
    expect(existsSync(join(dir, 'backups', 'collection-manual-2020-01-01T00-00-00.db'))).toBe(true);
    expect(pruneBackups(path)).toEqual([]);
    db.close();
  });

  it('a failed copy leaves nothing with a backup name', () => {
    const db = collection();
    expect(() => snapshot(db, join(dir, 'no-such-dir', 'x.db'))).toThrow();
    expect(readdirSync(dir).sort()).toEqual(['collection.db', 'collection.db-shm', 'collection.db-wal']);
    db.close();
  });
});

describe('lockWithCopy', () => {
  // what the copy must be in both of its ways: the collection as it was when the lock was taken,
  // whatever the caller writes before the promise resolves; self-contained, in rollback mode
  function expectSoundCopy(copy: string, reviews: number): void {
    expect(existsSync(`${copy}-wal`)).toBe(false);
    const d = new Database(copy, { readonly: true });
    try {
      expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(d.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(d.prepare('SELECT count(*) FROM reviews').pluck().get()).toBe(reviews);
    } finally {
      d.close();
    }
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  }
  const answer = (db: Db, i: number): void => {
    db.prepare(`INSERT INTO reviews (item_id, session, reviewed_at, day, kind, grade, duration_ms, reps_before, ef_before, interval_before,
        due_before, lapses_before, suspended_before, leech_before, reps_after, ef_after, interval_after, due_after, lapses_after)
      VALUES ('t.c0', 1, ?, 1, 'drill', 4, 0, 0, 250, 0, NULL, 0, 0, 0, 0, 250, 0, NULL, 0)`).run(i);
  };

  it('copies the file in the background under the lock; what the caller writes meanwhile is not in it', async () => {
    const db = collection();
    for (let i = 0; i < 5; i++) answer(db, i);
    const copy = join(dir, 'copy.db');
    const done = lockWithCopy(db, path, copy);
    expect(db.inTransaction).toBe(true);
    // the fast way: nothing is copied yet when the call returns
    expect(existsSync(copy)).toBe(false);
    // another connection cannot write while the lock is held
    const other = new Database(path, { timeout: 50 });
    expect(() => other.prepare("INSERT INTO config (key, value) VALUES ('x', 'y')").run()).toThrow(/locked|busy/i);
    for (let i = 5; i < 2000; i++) answer(db, i);
    await done;
    db.exec('COMMIT');
    other.close();
    expectSoundCopy(copy, 5);
    expect(db.prepare('SELECT count(*) FROM reviews').pluck().get()).toBe(2000);
    db.close();
  });

  it('falls back to a snapshot when a reader keeps the WAL from being emptied', async () => {
    const db = collection();
    answer(db, 0);
    // a reader holding a snapshot that needs the WAL: the checkpoint cannot truncate it
    const reader = new Database(path, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM reviews').get();
    answer(db, 1);
    const copy = join(dir, 'copy.db');
    const done = lockWithCopy(db, path, copy);
    expect(db.inTransaction).toBe(true);
    expect(existsSync(copy)).toBe(true); // made before the lock, synchronously
    answer(db, 2);
    await done;
    db.exec('COMMIT');
    reader.exec('COMMIT');
    reader.close();
    expectSoundCopy(copy, 2);
    db.close();
  });
});

describe('openValidated', () => {
  it('accepts a deepcards collection and summarizes it', () => {
    collection(join(dir, 'b.db')).close();
    const { db, summary } = openValidated(join(dir, 'b.db'), LATEST);
    db.close();
    expect(summary).toEqual({ version: LATEST, cards: 3, items: 3, reviews: 0, lastReviewDay: null });
  });

  it('rejects what is not a sound deepcards collection, saying why', () => {
    writeFileSync(join(dir, 'text.db'), 'hello world, this is not a database at all');
    expect(() => openValidated(join(dir, 'text.db'), LATEST)).toThrow(/not a SQLite database \(bad header\)/);
    expect(() => openValidated(join(dir, 'missing.db'), LATEST)).toThrow(/no such file/);

    const other = new Database(join(dir, 'other.db'));
    other.exec('CREATE TABLE notes (x)');
    other.pragma('user_version = 1');
    other.close();
    expect(() => openValidated(join(dir, 'other.db'), LATEST)).toThrow(/not a deepcards collection \(missing tables: meta, cards, items, reviews\)/);

    const future = collection(join(dir, 'future.db'));
    future.pragma(`user_version = ${LATEST + 1}`);
    future.close();
    expect(() => openValidated(join(dir, 'future.db'), LATEST)).toThrow(/schema version \d+ is newer/);

    const broken = join(dir, 'broken.db');
    const b = collection(broken, 400);
    b.pragma('journal_mode = DELETE');
    b.close();
    const bytes = readFileSync(broken);
    bytes.fill(0x55, 4096, 4096 * 3); // scribble over two b-tree pages
    writeFileSync(broken, bytes);
    expect(() => openValidated(broken, LATEST)).toThrow(/damaged|malformed|integrity/);
  });
});

describe('restoreCollection', () => {
  it('swaps the backup in, keeps the replaced collection, leaves no -wal to replay', () => {
    const cur = collection(path, 5);
    cur.close();
    const backup = join(dir, 'b.db');
    collection(backup, 2).close();
    const r = restoreCollection(path, backup, LATEST, Date.UTC(2026, 2, 2, 9));
    expect(r.restored.cards).toBe(2);
    expect(r.previous).toBe(join(dir, 'backups', 'collection-before-restore-2026-03-02T09-00-00-000.db'));
    expect(count(r.previous!, 'cards')).toBe(5);
    expect(count(path, 'cards')).toBe(2);
    expect(readdirSync(dir).filter((f) => f.startsWith('collection.db')).sort()).toEqual(['collection.db']);
  });

  it('refuses while another connection has the collection open, changing nothing', () => {
    const cur = collection(path, 5);
    const backup = join(dir, 'b.db');
    collection(backup, 2).close();
    expect(() => restoreCollection(path, backup, LATEST, 0)).toThrow(/in use by another deepcards command/);
    expect(cur.prepare('SELECT count(*) FROM cards').pluck().get()).toBe(5);
    cur.prepare("INSERT INTO cards (id, topic, type, content, hash, position, added_at, modified_at) VALUES ('t.y', 't', 'basic', '{}', 'h', 9, 0, 0)").run();
    cur.close();
    expect(count(path, 'cards')).toBe(6);
  });

  it('replaces a collection that is not even a database, keeping its bytes', () => {
    writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(5000, 7)]));
    const backup = join(dir, 'b.db');
    collection(backup, 2).close();
    const r = restoreCollection(path, backup, LATEST, 0);
    expect(readFileSync(r.previous!).length).toBe(5016);
    expect(count(path, 'cards')).toBe(2);
  });

  it('rejects a bad file before touching anything', () => {
    collection(path, 5).close();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'x.db'), 'nope');
    const before = readFileSync(path);
    expect(() => restoreCollection(path, join(dir, 'sub', 'x.db'), LATEST, 0)).toThrow(/nothing was changed/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });
});
