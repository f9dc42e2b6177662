// Backups of the collection: the automatic copy made once per study day before the first write
// (the last KEEP_DAILY kept), manual copies, validation of a file before it is restored, and the
// atomic swap that restores it.
//
// Copies are made with `VACUUM INTO` rather than better-sqlite3's `db.backup()`: it is synchronous
// (it fits in openForCommand without making every command's start asynchronous), it reads one
// consistent snapshot even while another terminal writes (a read transaction in WAL mode, where the
// online backup API restarts whenever another connection writes), and it writes a compact,
// self-contained file in rollback-journal mode — no -wal beside it to lose. Every copy is written
// to a temporary name, fsynced, then renamed, so a file with a backup's name is always complete.
// One exception, for a command about to write much (import anki): lockWithCopy copies the file
// itself under the write lock, in the background, when that is provably the same snapshot.
import Database from 'better-sqlite3';
import { closeSync, constants as fsConstants, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { dayToIso } from '../clock.js';
import { UserError } from '../errors.js';
import type { Db } from './open.js';
import { fsyncPath, publishNew } from './publish.js';

export { publishNew } from './publish.js';

export const KEEP_DAILY = 7;
const SQLITE_HEADER = 'SQLite format 3\0';
/** The tables every deepcards collection has (schema 1). */
export const REQUIRED_TABLES = ['meta', 'cards', 'items', 'reviews'] as const;

/** `<collection dir>/backups`. */
export function backupDir(dbPath: string): string {
  return join(dirname(dbPath), 'backups');
}

/** The collection file's name without `.db`: `collection` for the default path. */
export function collectionStem(dbPath: string): string {
  return basename(dbPath).replace(/\.(db|sqlite3?)$/i, '');
}

/** `<collection dir>/backups/<stem>-YYYY-MM-DD.db` for a study day. */
export function dailyBackupPath(dbPath: string, day: number): string {
  return join(backupDir(dbPath), `${collectionStem(dbPath)}-${dayToIso(day)}.db`);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Daily backups of this collection, newest first. */
export function listDailyBackups(dbPath: string): string[] {
  const dir = backupDir(dbPath);
  if (!existsSync(dir)) return [];
  const re = new RegExp(`^${escapeRe(collectionStem(dbPath))}-\\d{4}-\\d{2}-\\d{2}\\.db$`);
  return readdirSync(dir).filter((f) => re.test(f)).sort().reverse().map((f) => join(dir, f));
}

/** Every backup file of this collection (daily, manual, before-restore, rescued), newest first by mtime. */
export function listBackups(dbPath: string): { path: string; mtimeMs: number; size: number }[] {
  const dir = backupDir(dbPath);
  if (!existsSync(dir)) return [];
  const stem = collectionStem(dbPath);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${stem}-`) && f.endsWith('.db'))
    .map((f) => {
      const st = statSync(join(dir, f));
      return { path: join(dir, f), mtimeMs: st.mtimeMs, size: st.size };
    })
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function fsyncDir(dir: string): void {
  try {
    fsyncPath(dir);
  } catch {
    // some file systems refuse to fsync a directory; the rename is still atomic
  }
}

/**
 * A consistent copy of an open database at `target`, atomically: VACUUM INTO a temporary file in the
 * same directory, fsync, rename. A killed or failed copy leaves at most a `.tmp-<pid>` file (and its
 * `-journal`), removed here on failure, or by pruneBackups/doctor after a kill; never a truncated file
 * with a backup's name. `overwrite: false` never replaces an existing file (see publishNew).
 */
export function snapshot(db: Db, target: string, opts: { overwrite?: boolean } = {}): void {
  const tmp = `${target}.tmp-${process.pid}`;
  removeWithJournals(tmp);
  try {
    db.exec(`VACUUM INTO ${sqlString(tmp)}`);
    fsyncPath(tmp);
    if (opts.overwrite === false) publishNew(tmp, target);
    else renameSync(tmp, target);
  } catch (e) {
    removeWithJournals(tmp);
    throw e;
  }
  fsyncDir(dirname(target));
}

/**
 * Take the write lock (BEGIN IMMEDIATE) with a copy of the collection as it is under that lock, made
 * at `target`. For a large collection the copy is the one of snapshot()'s cost that can run beside
 * the caller's work: when every frame of the WAL is already in the database file, the file is copied
 * as it is by libuv's thread pool while the caller goes on in its transaction on the main thread.
 * That copy is sound because in WAL mode only a checkpoint writes the database file, and nothing can
 * be checkpointed while we hold the lock: no other connection has committed a frame since ours was
 * checkpointed (data_version is unchanged), none can commit, and our own frames stay uncommitted
 * until the caller commits — which it must do only after the returned promise resolves. The copy's
 * header is set to rollback-journal mode, as a VACUUM INTO copy is. Otherwise (a reader kept part of
 * the WAL from the file, another writer got in first, or no WAL mode) the lock is taken after a
 * snapshot() and the promise is resolved. The checkpoint is PASSIVE: it never waits for a reader.
 * On return the lock is held in every case; the caller ends the transaction.
 */
export function lockWithCopy(db: Db, dbPath: string, target: string): Promise<void> {
  if (db.pragma('journal_mode', { simple: true }) === 'wal') {
    const version = db.pragma('data_version', { simple: true }) as number;
    const [cp] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    db.exec('BEGIN IMMEDIATE');
    if (cp && cp.busy === 0 && cp.log === cp.checkpointed && db.pragma('data_version', { simple: true }) === version) {
      return copyInBackground(dbPath, target);
    }
    db.exec('ROLLBACK');
  }
  snapshot(db, target);
  db.exec('BEGIN IMMEDIATE');
  return Promise.resolve();
}

async function copyInBackground(dbPath: string, target: string): Promise<void> {
  const tmp = `${target}.tmp-${process.pid}`;
  removeWithJournals(tmp);
  try {
    await fsp.copyFile(dbPath, tmp);
    const fh = await fsp.open(tmp, 'r+');
    try {
      // header bytes 18–19 (file format write/read version): 1 = rollback journal, 2 = WAL
      await fh.write(Uint8Array.of(1, 1), 0, 2, 18);
      await fh.sync();
    } finally {
      await fh.close();
    }
    renameSync(tmp, target);
  } catch (e) {
    removeWithJournals(tmp);
    throw e;
  }
  fsyncDir(dirname(target));
}

/** A file and the journal files SQLite may have left beside it. */
export function removeWithJournals(file: string): void {
  for (const ext of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${ext}`, { force: true });
}

/**
 * A copy of `db` under a name that no other copy has ever had: `<base>.db`, else `<base>-2.db`, … —
 * publishNew refuses to replace, so two commands in the same millisecond still get two files.
 */
export function snapshotUnique(db: Db, dir: string, base: string): string {
  for (let n = 1; ; n++) {
    const target = join(dir, `${base}${n === 1 ? '' : `-${n}`}.db`);
    if (existsSync(target)) continue;
    try {
      snapshot(db, target, { overwrite: false });
      return target;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `name.tmp-<pid>` and the journals SQLite writes beside it: `-journal`, `-wal`, `-shm`. */
const TEMP_RE = /\.tmp-(\d+)(?:-journal|-wal|-shm)?$/;

/** Temporary files left by a killed copy, restore, migration backup or creation (their process is gone). */
export function staleTempFiles(dbPath: string): string[] {
  const out: string[] = [];
  const dirs = [backupDir(dbPath), dirname(dbPath)];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      const m = TEMP_RE.exec(f);
      if (!m || !f.startsWith(basename(dbPath)) && !f.startsWith(`${collectionStem(dbPath)}-`)) continue;
      if (Number(m[1]) !== process.pid && !pidAlive(Number(m[1]))) out.push(join(dir, f));
    }
  }
  return out;
}

/**
 * Journal files in backups/ whose database is gone (a backup deleted by hand, or pruned while a
 * reader held it open): they belong to nothing and can be removed. A journal beside an existing
 * backup is left alone: removing a hot journal could damage that backup.
 */
export function orphanJournals(dbPath: string): string[] {
  const dir = backupDir(dbPath);
  if (!existsSync(dir)) return [];
  const names = new Set(readdirSync(dir));
  return [...names]
    .filter((f) => !TEMP_RE.test(f))
    .filter((f) => /-(journal|wal|shm)$/.test(f) && !names.has(f.replace(/-(journal|wal|shm)$/, '')))
    .map((f) => join(dir, f));
}

/** Keep the newest `keep` daily backups; also drop temporary files of killed copies. Returns what was removed. */
export function pruneBackups(dbPath: string, keep = KEEP_DAILY): string[] {
  const removed = listDailyBackups(dbPath).slice(keep).concat(staleTempFiles(dbPath), orphanJournals(dbPath));
  for (const f of removed) rmSync(f, { force: true });
  return removed;
}

export interface DailyBackupResult {
  path: string;
  created: boolean;
  pruned: string[];
}

/**
 * The automatic backup: once per study day, before the day's first write. When today's file exists
 * this is one stat call. An empty collection (nothing synced, nothing reviewed) is not copied.
 */
export function dailyBackup(db: Db, dbPath: string, today: number): DailyBackupResult | null {
  const target = dailyBackupPath(dbPath, today);
  if (existsSync(target)) return { path: target, created: false, pruned: [] };
  const empty = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM cards) AND NOT EXISTS (SELECT 1 FROM reviews)').pluck().get() === 1;
  if (empty) return null;
  mkdirSync(dirname(target), { recursive: true });
  try {
    snapshot(db, target, { overwrite: false });
  } catch (e) {
    // another command made today's copy meanwhile: it is the state before the day's first write too
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { path: target, created: false, pruned: [] };
    throw e;
  }
  return { path: target, created: true, pruned: pruneBackups(dbPath) };
}

export interface CollectionSummary {
  version: number;
  cards: number;
  items: number;
  reviews: number;
  lastReviewDay: number | null;
}

export function summarize(db: Db): CollectionSummary {
  const n = (sql: string): number => db.prepare(sql).pluck().get() as number;
  return {
    version: db.pragma('user_version', { simple: true }) as number,
    cards: n('SELECT count(*) FROM cards'),
    items: n('SELECT count(*) FROM items'),
    reviews: n('SELECT count(*) FROM reviews'),
    lastReviewDay: db.prepare('SELECT max(day) FROM reviews').pluck().get() as number | null,
  };
}

function readHeader(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/**
 * Open a file that is to be restored, read-only, and check it is a sound deepcards collection:
 * SQLite header, integrity_check, 1 ≤ user_version ≤ latest, the deepcards tables. Returns the open
 * connection (the caller copies from it and closes it) and a summary; throws a UserError naming what
 * is wrong otherwise.
 */
export function openValidated(file: string, latest: number): { db: Db; summary: CollectionSummary } {
  if (!existsSync(file)) throw new UserError(`${file}: no such file`, 2);
  const st = statSync(file);
  if (!st.isFile()) throw new UserError(`${file}: not a file`, 2);
  if (readHeader(file) !== SQLITE_HEADER) throw new UserError(`${file}: not a SQLite database (bad header); nothing was changed`);
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new UserError(`${file}: cannot open: ${(e as Error).message}; nothing was changed`);
  }
  try {
    let problems: string[];
    try {
      problems = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (e) {
      throw new UserError(`${file}: integrity check failed: ${(e as Error).message}; nothing was changed`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new UserError(`${file}: damaged (integrity_check: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}); nothing was changed`);
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latest) throw new UserError(`${file}: schema version ${version} is newer than this deepcards understands (${latest}); upgrade deepcards; nothing was changed`);
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (version < 1 || missing.length) {
      throw new UserError(`${file}: not a deepcards collection (${missing.length ? `missing tables: ${missing.join(', ')}` : 'schema version 0'}); nothing was changed`);
    }
    return { db, summary: summarize(db) };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** A file name stamp from epoch ms: 2026-03-02T09-00-00. */
export function stamp(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace(/:/g, '-');
}

/** A finer stamp for safety copies, 2026-03-02T09-00-00-123 (snapshotUnique still adds -2, -3 on a tie). */
export function stampMs(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 23).replace(/[:.]/g, '-');
}

export interface RestoreResult {
  restored: CollectionSummary;
  /** Copy of the collection that was replaced (null when there was none). */
  previous: string | null;
}

/**
 * Replace the collection at `dbPath` with the validated backup `file`:
 * 1. validate `file` (openValidated);
 * 2. if a collection exists: checkpoint its WAL and switch it to rollback mode — SQLite refuses while
 *    another connection is open, which is how a running session is detected (then nothing changes) —,
 *    keep a copy of it in backups/, and hold an exclusive lock on it until the swap is done;
 * 3. copy `file` (VACUUM INTO: one consistent snapshot, even of a file with its own -wal) to a
 *    temporary file in the collection's directory, fsync, rename over the collection, fsync the dir;
 * 4. remove `-wal`/`-shm` beside it only when they cannot hold anything (the checkpoint emptied them,
 *    or they belonged to a collection that could not be opened and were copied to the backup too).
 */
export function restoreCollection(dbPath: string, file: string, latest: number, now: number): RestoreResult {
  const { db: src, summary } = openValidated(file, latest);
  let current: Db | undefined;
  let previous: string | null = null;
  try {
    if (existsSync(dbPath) && statSync(dbPath).size > 0) {
      mkdirSync(backupDir(dbPath), { recursive: true });
      const base = `${collectionStem(dbPath)}-before-restore-${stampMs(now)}`;
      try {
        current = new Database(dbPath, { fileMustExist: true });
        current.pragma('busy_timeout = 2000');
        current.prepare('SELECT count(*) FROM sqlite_master').get();
      } catch (e) {
        current?.close();
        current = undefined;
        const code = (e as { code?: string }).code;
        if (code === 'SQLITE_BUSY') throw new UserError(`${dbPath}: the collection is in use by another deepcards command; close it and try again; nothing was changed`);
        // Not readable as a database: keep the raw bytes (and its WAL) before replacing it.
        previous = copyRawUnique(dbPath, backupDir(dbPath), base);
      }
      if (current) {
        let mode: string;
        try {
          current.pragma('wal_checkpoint(TRUNCATE)');
          mode = current.pragma('journal_mode = DELETE', { simple: true }) as string;
        } catch (e) {
          if ((e as { code?: string }).code === 'SQLITE_BUSY') mode = 'busy';
          else throw e;
        }
        if (mode !== 'delete') {
          throw new UserError(`${dbPath}: the collection is in use by another deepcards command (a review session?); close it and try again; nothing was changed`);
        }
        // never overwritten: a second restore in the same instant gets its own copy (F1)
        previous = snapshotUnique(current, backupDir(dbPath), base);
        // Hold an exclusive lock so no other command reads or writes the old file during the swap. In
        // exclusive locking mode the lock outlives the (empty) transaction that took it, and ending the
        // transaction now finalises the old file's rollback journal: a kill after the swap can leave
        // that journal beside the restored file, but never a hot one that SQLite would play back into it.
        current.pragma('locking_mode = EXCLUSIVE');
        current.exec('BEGIN EXCLUSIVE');
        current.exec('COMMIT');
      }
    }
    const tmp = `${dbPath}.restore.tmp-${process.pid}`;
    removeWithJournals(tmp);
    try {
      src.exec(`VACUUM INTO ${sqlString(tmp)}`);
      fsyncPath(tmp);
      renameSync(tmp, dbPath);
    } catch (e) {
      removeWithJournals(tmp);
      throw e;
    }
    fsyncDir(dirname(dbPath));
    if (current) {
      current.close();
      current = undefined;
    }
    // The old collection's -wal was checkpointed and truncated (or copied with it): it holds nothing,
    // and it must not be replayed into the restored file.
    for (const ext of ['-wal', '-shm', '-journal']) rmSync(`${dbPath}${ext}`, { force: true });
    return { restored: summary, previous };
  } finally {
    if (current) {
      try {
        if (current.inTransaction) current.exec('ROLLBACK');
      } catch {
        // closing releases the lock anyway
      }
      current.close();
    }
    src.close();
  }
}

/** The raw bytes of an unreadable collection (and its WAL), under a name nothing else has used. */
function copyRawUnique(dbPath: string, dir: string, base: string): string {
  for (let n = 1; ; n++) {
    const target = join(dir, `${base}${n === 1 ? '' : `-${n}`}.db`);
    try {
      copyFileSync(dbPath, target, fsConstants.COPYFILE_EXCL);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    for (const ext of ['-wal', '-shm']) {
      if (existsSync(`${dbPath}${ext}`)) copyFileSync(`${dbPath}${ext}`, `${target}${ext}`);
    }
    fsyncPath(target);
    return target;
  }
}
