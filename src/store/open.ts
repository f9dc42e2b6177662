// Opening a collection: path checks with one-line errors, connection settings, migrations.
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../errors.js';
import { migrate, type Migration } from './migrate.js';

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
    if (st.size > 0) {
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

export function openCollection(path: string, options: OpenOptions): Db {
  checkPath(path, options);
  let db: Db;
  try {
    db = new Database(path, { readonly: !!options.readonly && existsSync(path), fileMustExist: !!options.readonly && existsSync(path) });
  } catch (e) {
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
