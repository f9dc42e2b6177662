// Opening the collection for a command: migrations from the package, and the bundled decks synced
// when their bytes changed (a fingerprint check; the YAML parser loads only when a sync is needed).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadMigrations } from '../store/migrate.js';
import { openCollection, ReadOnlyCollectionError, type Db } from '../store/open.js';
import { getMeta } from '../store/collection.js';
import { decksFingerprint } from '../decks/fingerprint.js';
import type { CommandContext } from './context.js';
import { studyDay } from '../clock.js';
import { dailyBackup } from '../store/backup.js';
import { rememberFile } from '../store/guard.js';

export const BUNDLED_HASH_KEY = 'bundled_decks_fingerprint';
export const BUNDLED_TOPICS_KEY = 'bundled_topics';

/**
 * Today's automatic backup, made before the first write of the study day (one stat call when it
 * exists). A failure is a warning: the command goes on.
 */
export function ensureDailyBackup(db: Db, ctx: CommandContext): void {
  try {
    dailyBackup(db, ctx.dbPath, studyDay(ctx.clock.now()));
  } catch (e) {
    ctx.err.write(`deepcards: warning: today's backup of the collection failed (${(e as Error).message}); continuing without it\n`);
  }
}

/**
 * Opens the collection, then syncs the bundled decks if their files changed.
 * `backup`: true (default) backs up now; 'deferred' leaves it to the command, which calls
 * ensureDailyBackup before its first write (the review session does, so the first card is not kept
 * waiting behind a copy of the collection); false for commands that only read. Whatever the mode, a
 * deck sync is a write and is preceded by the backup.
 */
export async function openForCommand(
  ctx: CommandContext,
  opts: { sync?: boolean; readonly?: boolean; backup?: boolean | 'deferred'; readOnlyFallback?: boolean } = {},
): Promise<Db> {
  const open = (readonly: boolean): Db => openCollection(ctx.dbPath, {
    migrations: loadMigrations(join(ctx.packageRoot, 'migrations')),
    createDir: ctx.dbIsDefault,
    readonly,
    now: ctx.clock.now(),
  });
  // a first run (or a mistyped --db) says where the new collection goes, so nobody mistakes it for lost history
  const creating = !existsSync(ctx.dbPath);
  let db: Db;
  try {
    db = open(opts.readonly ?? false);
  } catch (e) {
    // a command that only reads (status, stats, card list) still shows a collection it cannot write
    if (!(e instanceof ReadOnlyCollectionError) || !opts.readOnlyFallback) throw e;
    ctx.err.write(`deepcards: ${ctx.dbPath} is read-only: showing it as it is (no deck sync)\n`);
    db = open(true);
    rememberFile(db, ctx.dbPath);
    return db;
  }
  // remember the file's identity: an answer is refused if the file is deleted or replaced meanwhile
  rememberFile(db, ctx.dbPath);
  if (creating) ctx.err.write(`deepcards: no collection at ${ctx.dbPath} yet: creating a new one there${ctx.dbIsDefault ? '' : ' (check --db / DEEPCARDS_DB if you meant an existing one)'}\n`);
  if (opts.readonly) return db;
  try {
    const fp = opts.sync === false ? undefined : decksFingerprint(ctx.decksDir);
    const needsSync = fp !== undefined && getMeta(db, BUNDLED_HASH_KEY) !== fp;
    // decks are read and validated before the backup: a deck error writes nothing, not even the backup
    const decks = needsSync ? await (await import('./bundled-decks.js')).loadBundledDecks(ctx, fp) : undefined;
    if ((opts.backup ?? true) === true || needsSync) ensureDailyBackup(db, ctx);
    if (needsSync) {
      const { syncBundled } = await import('./decks-sync.js');
      await syncBundled(db, ctx, fp, decks);
    }
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
