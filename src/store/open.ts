// Opening a collection: path checks with one-line errors, connection settings, migrations.
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { noteCollectionPath } from './failure.js';
import { migrate, type Migration } from './migrate.js';
import { publishNew } from './publish.js';

export type Db = Database.Database;

/** The collection file cannot be written; commands that only read may open it read-only instead. */
export class ReadOnlyCollectionError extends UserError {
  constructor(path: string) {
    super(`${path}: collection is read-only (no write permission); left untouched`);
    this.name = 'ReadOnlyCollectionError';
  }
}

const SQLITE_HEADER = 'SQLite format 3\0';

export interface OpenOptions {
  migrations: Migration[];
  /** Create the parent directory (only for the default path; an explicit --db must exist). */
  createDir?: boolean;
  readonly?: boolean;
  /** Epoch ms, for naming the pre-migration backup. */
  now: number;
}

/** Fail early, with the path in the message, before SQLite touches anything. */
function checkPath(path: string, options: OpenOptions): void {
  const dir = dirname(path);
  if (!existsSync(dir)) {
    if (options.createDir) mkdirSync(dir, { recursive: true });
    else throw new UserError(`${path}: cannot open collection: directory ${dir} does not exist`, 2);
  }
  if (existsSync(path)) {
    const st = statSync(path);
    if (st.isDirectory()) throw new UserError(`${path}: cannot open collection: it is a directory`);
    if (!st.isFile()) throw new UserError(`${path}: cannot open collection: not a regular file`);
    // deepcards creates a collection under a temporary name and links it into place complete
    // (createCollection), so an empty file here was put there by something else: refuse it
    if (st.size === 0) {
      throw new UserError(
        `${path}: the file is empty (0 bytes), not a deepcards collection; left untouched — ` +
          'delete it to start a new collection, or bring one back with: deepcards restore FILE',
      );
    }
    {
      const fd = openSync(path, 'r');
      const buf = Buffer.alloc(16);
      try {
        readSync(fd, buf, 0, 16, 0);
      } finally {
        closeSync(fd);
      }
      if (buf.toString('latin1') !== SQLITE_HEADER) {
        throw new UserError(`${path}: not a deepcards collection (not a SQLite database); left untouched`);
      }
    }
    if (!options.readonly) {
      try {
        accessSync(path, constants.W_OK);
      } catch {
        throw new ReadOnlyCollectionError(path);
      }
    }
  } else {
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      throw new UserError(`${path}: cannot create collection: directory ${dir} is not writable`);
    }
  }
}

/**
 * A new collection: schema written under `<path>.create.tmp-<pid>`, switched to WAL, closed, then
 * linked to `path` (never over a file another command created meanwhile). A kill leaves no file, or
 * a temporary one that doctor removes, never an empty or half-made file at the collection's path.
 */
function createCollection(path: string, options: OpenOptions): void {
  const tmp = `${path}.create.tmp-${process.pid}`;
  for (const ext of ['', '-journal', '-wal', '-shm']) rmSync(`${tmp}${ext}`, { force: true });
  try {
    const db = new Database(tmp);
    try {
      migrate(db, tmp, options.migrations, { now: options.now, readonly: false });
      db.pragma('journal_mode = WAL');
    } finally {
      db.close();
    }
    publishNew(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // EEXIST: another command created it first
  } finally {
    for (const ext of ['', '-journal', '-wal', '-shm']) rmSync(`${tmp}${ext}`, { force: true });
  }
}

const READONLY_MEDIA = new Set(['SQLITE_READONLY_DIRECTORY', 'SQLITE_CANTOPEN', 'SQLITE_READONLY_CANTINIT', 'SQLITE_READONLY', 'SQLITE_READONLY_RECOVERY', 'SQLITE_IOERR_SHMOPEN']);

/**
 * Read-only viewing. A collection in WAL mode needs its -shm (and -wal) beside it even to be read;
 * in a read-only directory or on a read-only mount SQLite cannot create them. Then a private copy
 * of the file (and its -wal, whose committed answers it holds) is opened from a temporary directory,
 * removed when the process exits. Only read-only commands take this path: nothing is written back.
 */
export function openReadOnly(path: string): Db {
  const viaCopy = !writableDir(dirname(path));
  if (!viaCopy) {
    let db: Db | undefined;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      return db;
    } catch (e) {
      db?.close();
      if (!READONLY_MEDIA.has((e as { code?: string }).code ?? '')) throw e;
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'deepcards-readonly-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const copy = join(dir, basename(path));
  copyFileSync(path, copy);
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
  // opened read-write (in a directory that is ours) so SQLite can replay the copied -wal
  const db = new Database(copy, { fileMustExist: true });
  db.prepare('SELECT count(*) FROM sqlite_master').get();
  return db;
}

function writableDir(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK); // EROFS on a read-only mount, even for root
    return true;
  } catch {
    return false;
  }
}

export function openCollection(path: string, options: OpenOptions): Db {
  checkPath(path, options);
  noteCollectionPath(path);
  let db: Db;
  try {
    if (!existsSync(path)) createCollection(path, options);
    db = options.readonly ? openReadOnly(path) : new Database(path, { fileMustExist: true });
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${path}: cannot open collection: ${(e as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    // Refuse a newer collection before anything (even WAL mode) writes to it.
    migrate(db, path, options.migrations, { now: options.now, readonly: !!options.readonly });
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // FULL: each answer's commit is fsynced, so not even a power cut loses an acknowledged answer;
      // one fsync per card is nothing at the pace of a review session.
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    // Statement journals in memory: an INSERT into reviews fires the review_days trigger, so SQLite
    // keeps a statement journal for it; in a temp file that cost 4 s per 100,000 imported rows.
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (e) {
    db.close();
    if (e instanceof UserError) throw e;
    const err = e as { code?: string; message: string };
    if (err.code === 'SQLITE_NOTADB') throw new UserError(`${path}: not a deepcards collection (not a SQLite database); left untouched`);
    if (err.code === 'SQLITE_READONLY' || err.code === 'SQLITE_CANTOPEN') throw new UserError(`${path}: cannot write the collection (${err.message})`);
    throw e;
  }
}
