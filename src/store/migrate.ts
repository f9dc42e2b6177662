// Schema migrations: numbered SQL files applied in order, each in its own transaction together with
// PRAGMA user_version, after a backup copy of an existing collection (Signal-Desktop's runner).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
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

export function migrate(db: Database.Database, path: string, migrations: Migration[], opts: { now: number; readonly: boolean }): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestVersion(migrations);
  if (current > latest) {
    throw new UserError(
      `${path}: collection schema version ${current} is newer than this deepcards understands (${latest}); upgrade deepcards — the file was left untouched`,
    );
  }
  if (current === latest) return;
  if (opts.readonly) throw new UserError(`${path}: collection needs an upgrade (schema ${current} → ${latest}) but was opened read-only`);
  const hasTables = (db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() as number) > 0;
  if (hasTables) {
    // A consistent copy, even with a WAL file beside it.
    const backup = `${path}.v${current}-${new Date(opts.now).toISOString().replace(/[:.]/g, '-')}.bak`;
    if (!existsSync(backup)) db.exec(`VACUUM INTO '${backup.replace(/'/g, "''")}'`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
