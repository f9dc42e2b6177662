// Opening the collection for a command: migrations from the package, and the bundled decks synced
// when their bytes changed (a fingerprint check; the YAML parser loads only when a sync is needed).
import { join } from 'node:path';
import { loadMigrations } from '../store/migrate.js';
import { openCollection, type Db } from '../store/open.js';
import { getMeta } from '../store/collection.js';
import { decksFingerprint } from '../decks/fingerprint.js';
import type { CommandContext } from './context.js';
import { studyDay } from '../clock.js';
import { dailyBackup } from '../store/backup.js';
import { rememberFile } from '../store/guard.js';

export const BUNDLED_HASH_KEY = 'bundled_decks_fingerprint';
export const BUNDLED_TOPICS_KEY = 'bundled_topics';

/**
 * `backup` (default: unless readonly): make today's automatic backup before the command's first write
 * (one stat call when it exists). Commands that only read (status, stats, card list) pass false.
 */
export async function openForCommand(ctx: CommandContext, opts: { sync?: boolean; readonly?: boolean; backup?: boolean } = {}): Promise<Db> {
  const db = openCollection(ctx.dbPath, {
    migrations: loadMigrations(join(ctx.packageRoot, 'migrations')),
    createDir: ctx.dbIsDefault,
    readonly: opts.readonly ?? false,
    now: ctx.clock.now(),
  });
  // -- backups (stats/backup engineer): remember the file's identity, then the daily backup --
  rememberFile(db, ctx.dbPath);
  if (!opts.readonly && opts.backup !== false) {
    try {
      dailyBackup(db, ctx.dbPath, studyDay(ctx.clock.now()));
    } catch (e) {
      ctx.err.write(`deepcards: warning: today's backup of the collection failed (${(e as Error).message}); continuing without it\n`);
    }
  }
  // -- end backups --
  if (opts.sync !== false && !opts.readonly) {
    const fp = decksFingerprint(ctx.decksDir);
    if (getMeta(db, BUNDLED_HASH_KEY) !== fp) {
      const { syncBundled } = await import('./decks-sync.js');
      await syncBundled(db, ctx, fp);
    }
  }
  return db;
}
