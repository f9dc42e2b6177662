// Schema migrations: numbered SQL files applied in order, each in its own transaction together with
// PRAGMA user_version, after a backup copy of an existing collection (Signal-Desktop's runner).
import DatabaseCtor from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { fsyncPath, publishNew } from './publish.js';
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Read `NNN_name.sql` files; versions must be 1, 2, 3 … without gaps. */
export function loadMigrations(dir: string): Migration[] {
  const files = readdirSync(dir).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const out = files.map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
  out.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations: ${m.name} should be numbered ${String(i + 1).padStart(3, '0')}`);
  });
  return out;
}

export function latestVersion(migrations: Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

/** How long a command waits for another command that is migrating the same collection. */
export const MIGRATION_WAIT_MS = 120_000;

/**
 * Bring the collection to the latest schema. Two commands may open an old collection at once, so the
 * version read before is only a hint: the decision is taken again inside a write transaction
 * (BEGIN IMMEDIATE, waiting up to MIGRATION_WAIT_MS for a migrator that holds it), and a command that
 * finds the work done there does nothing — no "table already exists", no SQLITE_BUSY, one backup.
 * All pending migrations and user_version commit together: a kill leaves the old or the new schema.
 */
export function migrate(db: Database.Database, path: string, migrations: Migration[], opts: { now: number; readonly: boolean }): void {
  const latest = latestVersion(migrations);
  const check = (current: number): boolean => {
    if (current > latest) {
      throw new UserError(
        `${path}: collection schema version ${current} is newer than this deepcards understands (${latest}); upgrade deepcards — the file was left untouched`,
      );
    }
    return current < latest;
  };
  if (!check(db.pragma('user_version', { simple: true }) as number)) return;
  if (opts.readonly) throw new UserError(`${path}: collection needs an upgrade (schema ${db.pragma('user_version', { simple: true }) as number} → ${latest}) but was opened read-only`);
  const busy = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${MIGRATION_WAIT_MS}`);
  try {
    db.exec('BEGIN IMMEDIATE');
  } finally {
    db.pragma(`busy_timeout = ${busy}`);
  }
  try {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (!check(current)) {
      db.exec('COMMIT'); // another command migrated it while we waited
      return;
    }
    const hasTables = (db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() as number) > 0;
    // A consistent copy of the old schema, taken while we hold the write lock (so it is exactly
    // what is migrated). VACUUM cannot run inside a transaction: a second, read-only connection
    // reads the same committed state.
    if (hasTables && path !== ':memory:') preMigrationBackup(path, current, opts.now);
    for (const m of migrations) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
    db.exec('COMMIT');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

/**
 * `<collection>.v<N>-<time>.bak`: written as `….tmp-<pid>`, fsynced and only then given its name
 * (never over an existing file), so a file with a .bak name is always a complete copy.
 */
function preMigrationBackup(path: string, version: number, now: number): string {
  const base = `${path}.v${version}-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  const reader = new DatabaseCtor(path, { readonly: true, fileMustExist: true });
  try {
    for (let n = 1; ; n++) {
      const target = `${base}${n === 1 ? '' : `-${n}`}.bak`;
      if (existsSync(target)) continue;
      const tmp = `${target}.tmp-${process.pid}`;
      try {
        reader.exec(`VACUUM INTO '${tmp.replace(/'/g, "''")}'`);
        fsyncPath(tmp);
        publishNew(tmp, target);
        return target;
      } catch (e) {
        for (const ext of ['', '-journal']) rmSync(`${tmp}${ext}`, { force: true });
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
  } finally {
    reader.close();
  }
}
