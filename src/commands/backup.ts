// `deepcards backup [-o FILE]` and `deepcards restore FILE`.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { dayToIso } from '../clock.js';
import { UserError } from '../errors.js';
import { backupDir, collectionStem, restoreCollection, snapshot, stamp, summarize, type CollectionSummary } from '../store/backup.js';
import { latestVersion, loadMigrations } from '../store/migrate.js';
import type { CommandContext } from './context.js';
import { openForCommand } from './open-collection.js';

function describe(s: CollectionSummary): string {
  return `${s.cards} cards, ${s.items} items, ${s.reviews} reviews${s.lastReviewDay !== null ? `, last review ${dayToIso(s.lastReviewDay)}` : ''}`;
}

function mb(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A consistent copy of the collection; by default into <collection dir>/backups/<stem>-manual-<time>.db. */
export async function runBackup(opts: { out?: string }, ctx: CommandContext): Promise<number> {
  if (!existsSync(ctx.dbPath)) throw new UserError(`${ctx.dbPath}: no collection to back up`);
  let target: string;
  if (opts.out) {
    target = resolve(opts.out);
    if (existsSync(target) && statSync(target).isDirectory()) target = join(target, `${collectionStem(ctx.dbPath)}-${stamp(ctx.clock.now())}.db`);
    if (existsSync(target)) throw new UserError(`${target}: already exists; choose another file name`, 2);
    if (!existsSync(dirname(target))) throw new UserError(`${target}: directory ${dirname(target)} does not exist`, 2);
  } else {
    mkdirSync(backupDir(ctx.dbPath), { recursive: true });
    target = join(backupDir(ctx.dbPath), `${collectionStem(ctx.dbPath)}-manual-${stamp(ctx.clock.now())}.db`);
    if (existsSync(target)) throw new UserError(`${target}: already exists; try again in a second`);
  }
  // read-only: a backup works on a collection that cannot be written, and changes nothing
  const db = await openForCommand(ctx, { readonly: true, sync: false, backup: false });
  try {
    try {
      snapshot(db, target, { overwrite: false });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new UserError(`${target}: already exists; choose another file name`, 2);
      throw e;
    }
    ctx.out.write(`backed up ${ctx.dbPath} (${describe(summarize(db))}) to ${target} (${mb(statSync(target).size)})\n`);
  } finally {
    db.close();
  }
  return 0;
}

/** Validate FILE, keep a copy of the current collection, and swap FILE in atomically. */
export async function runRestore(file: string, ctx: CommandContext): Promise<number> {
  const source = resolve(file);
  if (source === resolve(ctx.dbPath)) throw new UserError(`${source}: that is the collection itself`, 2);
  const dir = dirname(ctx.dbPath);
  if (!existsSync(dir)) {
    if (ctx.dbIsDefault) mkdirSync(dir, { recursive: true });
    else throw new UserError(`${ctx.dbPath}: cannot restore: directory ${dir} does not exist`);
  }
  const latest = latestVersion(loadMigrations(join(ctx.packageRoot, 'migrations')));
  const r = restoreCollection(ctx.dbPath, source, latest, ctx.clock.now());
  // open it as every command does: migrates an older schema (with its own backup) and proves it opens
  const db = await openForCommand(ctx, { sync: false, backup: false });
  db.close();
  ctx.out.write(`restored ${ctx.dbPath} from ${source} (schema ${r.restored.version}, ${describe(r.restored)})\n`);
  ctx.out.write(r.previous ? `the collection it replaced is kept in ${r.previous}\n` : 'there was no collection before\n');
  return 0;
}
