// `deepcards doctor [--dry-run]`: checks the collection and fixes what is safe to fix.
//   integrity_check          damage cannot be repaired in place → points at the newest backup (exit 1)
//   schema version           newer than this deepcards → exit 1; older → migrated by the next command
//   items without a card     no history: deleted; with reviews: retired (history kept)
//   reviews without an item  reported only: the review log is append-only
//   retired cards still due  their items are retired, as a sync would have done
//   stale temporary files    of killed backups or restores: removed
// Before the first fix, today's automatic backup is made (if not yet), so every fix can be undone.
import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { studyDay } from '../clock.js';
import { UserError } from '../errors.js';
import { dailyBackup, listBackups, listDailyBackups, orphanJournals, REQUIRED_TABLES, staleTempFiles } from '../store/backup.js';
import { latestVersion, loadMigrations } from '../store/migrate.js';
import { openReadOnly, type Db } from '../store/open.js';
import { makeStyle } from '../ui/style.js';
import type { CommandContext } from './context.js';

type Status = 'ok' | 'fixed' | 'would fix' | 'problem' | 'note';

interface Finding {
  status: Status;
  check: string;
  detail: string;
}

function preview(ids: readonly string[], n = 5): string {
  return ids.slice(0, n).join(', ') + (ids.length > n ? `, … (${ids.length - n} more)` : '');
}

export async function runDoctor(opts: { dryRun?: boolean }, ctx: CommandContext): Promise<number> {
  const path = ctx.dbPath;
  if (!existsSync(path)) throw new UserError(`${path}: no collection here (it is created by the first deepcards command)`);
  if (statSync(path).isDirectory()) throw new UserError(`${path}: is a directory`);
  // on a read-only file, directory or mount nothing can be fixed: check only, as with --dry-run
  let readOnlyMedia = false;
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
  } catch {
    readOnlyMedia = true;
  }
  const dry = !!opts.dryRun || readOnlyMedia;
  const latest = latestVersion(loadMigrations(join(ctx.packageRoot, 'migrations')));
  const findings: Finding[] = [];
  const add = (status: Status, check: string, detail: string): void => void findings.push({ status, check, detail });
  const fixVerb = dry ? 'would fix' : 'fixed';

  let db: Db;
  try {
    db = dry ? openReadOnly(path) : new Database(path, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    throw new UserError(`${path}: cannot be opened as a database (${(e as Error).message})${newestBackupHint(path)}`);
  }
  if (readOnlyMedia && !opts.dryRun) add('note', 'read-only', 'the collection or its directory cannot be written: checked only, nothing fixed');
  let backedUp = dry;
  const beforeFix = (): void => {
    if (backedUp) return;
    backedUp = true;
    const b = dailyBackup(db, path, studyDay(ctx.clock.now()));
    if (b?.created) add('note', 'backup', `made today's backup first: ${b.path}`);
  };
  try {
    // integrity
    let problems: string[];
    try {
      problems = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (e) {
      problems = [(e as Error).message];
    }
    if (problems.length === 1 && problems[0] === 'ok') add('ok', 'integrity_check', 'ok');
    else {
      add('problem', 'integrity_check', `${problems.slice(0, 5).join('; ')} — damage cannot be repaired in place${newestBackupHint(path)}`);
      return report(ctx, findings, dry);
    }

    // schema
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (version > latest) {
      add('problem', 'schema', `version ${version} is newer than this deepcards understands (${latest}); upgrade deepcards`);
      return report(ctx, findings, dry);
    }
    if (missing.length) {
      add('problem', 'schema', `version ${version}, missing tables ${missing.join(', ')}: not a deepcards collection`);
      return report(ctx, findings, dry);
    }
    add(version === latest ? 'ok' : 'note', 'schema', version === latest ? `version ${version} (latest)` : `version ${version}; the next command migrates it to ${latest} (with a backup first)`);
    add('note', 'journal', `${String(db.pragma('journal_mode', { simple: true }))} mode, ${db.prepare('SELECT count(*) FROM cards').pluck().get() as number} cards, ${db.prepare('SELECT count(*) FROM reviews').pluck().get() as number} reviews`);

    // items without a card
    const orphans = db.prepare(`SELECT i.id, i.retired, (SELECT count(*) FROM reviews r WHERE r.item_id = i.id) AS reviews
      FROM items i WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE c.id = i.card_id)`).all() as { id: string; retired: number; reviews: number }[];
    if (!orphans.length) add('ok', 'items without a card', 'none');
    else {
      const drop = orphans.filter((o) => o.reviews === 0).map((o) => o.id);
      const retire = orphans.filter((o) => o.reviews > 0 && o.retired === 0).map((o) => o.id);
      if (!dry && (drop.length || retire.length)) {
        beforeFix();
        db.transaction(() => {
          const del = db.prepare('DELETE FROM items WHERE id = ?');
          const ret = db.prepare('UPDATE items SET retired = 1 WHERE id = ?');
          for (const id of drop) del.run(id);
          for (const id of retire) ret.run(id);
        }).immediate();
      }
      const parts = [
        drop.length ? `${drop.length} without history ${dry ? 'would be ' : ''}deleted (${preview(drop)})` : '',
        retire.length ? `${retire.length} with reviews ${dry ? 'would be ' : ''}retired, history kept (${preview(retire)})` : '',
      ].filter(Boolean);
      add(parts.length ? fixVerb : 'ok', 'items without a card', parts.length ? parts.join('; ') : `${orphans.length} already retired (history kept)`);
    }

    // reviews without an item
    const lost = db.prepare('SELECT count(*) FROM reviews r WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = r.item_id)').pluck().get() as number;
    add(lost ? 'note' : 'ok', 'reviews without an item', lost ? `${lost} (kept: the review log is never rewritten; they count in the history only)` : 'none');

    // retired cards still scheduled
    const stillDue = db.prepare(`SELECT i.id FROM items i JOIN cards c ON c.id = i.card_id WHERE c.retired_at IS NOT NULL AND i.retired = 0`).pluck().all() as string[];
    if (!stillDue.length) add('ok', 'retired cards still scheduled', 'none');
    else {
      if (!dry) {
        beforeFix();
        const st = db.prepare('UPDATE items SET retired = 1 WHERE id = ?');
        db.transaction(() => stillDue.forEach((id) => st.run(id))).immediate();
      }
      add(fixVerb, 'retired cards still scheduled', `${stillDue.length} item${stillDue.length === 1 ? '' : 's'} of cards no longer in any deck ${dry ? 'would be' : 'were'} retired (${preview(stillDue)})`);
    }

    // review_days (schema 3): the stats summary of the review log, kept by triggers
    if (tables.has('review_days')) {
      const byLog = `SELECT day, substr(item_id, 1, instr(item_id, '.') - 1) AS topic, kind, interval_before >= 21 AS mature,
          count(*) AS n, sum(grade >= 3) AS passed, sum(duration_ms) AS ms FROM reviews GROUP BY 1, 2, 3, 4`;
      const stored = 'SELECT day, topic, kind, mature, n, passed, ms FROM review_days';
      const diff = db.prepare(`SELECT count(*) FROM (${byLog} EXCEPT ${stored}) UNION ALL SELECT count(*) FROM (${stored} EXCEPT ${byLog})`).pluck().all() as number[];
      const off = diff.reduce((a, b) => a + b, 0);
      if (!off) add('ok', 'stats summary', 'matches the review log');
      else {
        if (!dry) {
          beforeFix();
          db.transaction(() => {
            db.exec('DELETE FROM review_days');
            db.exec(`INSERT INTO review_days (day, topic, kind, mature, n, passed, ms) ${byLog}`);
          }).immediate();
        }
        add(fixVerb, 'stats summary', `${off} row${off === 1 ? '' : 's'} of review_days disagreed with the review log: ${dry ? 'would be' : 'was'} rebuilt from it`);
      }
    }

    // foreign keys (whatever the checks above did not cover)
    const fk = (db.pragma('foreign_key_check') as unknown[]).length;
    add(fk ? 'note' : 'ok', 'foreign keys', fk ? `${fk} row${fk === 1 ? '' : 's'} still point at missing rows (see above)` : 'ok');

    // temporary files of killed copies, restores, migration backups and creations, with their
    // journals; and journals in backups/ whose database is gone
    const stale = staleTempFiles(path).concat(orphanJournals(path));
    // A kill during a restore, after the swap, can leave the replaced file's rollback journal beside
    // the restored collection. The collection runs in WAL mode and SQLite, opening it above, found no
    // hot journal to roll back: the file holds nothing and no other connection uses it.
    const journal = `${path}-journal`;
    if (existsSync(journal) && String(db.pragma('journal_mode', { simple: true })) === 'wal') stale.push(journal);
    if (!stale.length) add('ok', 'temporary files', 'none');
    else {
      if (!dry) for (const f of stale) rmSync(f, { force: true });
      add(fixVerb, 'temporary files', `${stale.length} left by a killed backup, restore or migration ${dry ? 'would be' : 'were'} removed (${preview(stale, 3)})`);
    }

    // backups
    const daily = listDailyBackups(path);
    add(daily.length ? 'ok' : 'note', 'backups', daily.length ? `${daily.length} daily (newest ${daily[0]})` : 'no daily backup yet: one is made before the first answer of each day; deepcards backup makes one now');
  } finally {
    db.close();
  }
  return report(ctx, findings, dry);
}

function newestBackupHint(path: string): string {
  const newest = listBackups(path)[0];
  return newest ? `; restore the newest backup with: deepcards restore ${newest.path}` : '; no backup of it was found';
}

function report(ctx: CommandContext, findings: Finding[], dry: boolean): number {
  const s = makeStyle(ctx.color);
  const paint: Record<Status, (t: string) => string> = { ok: s.green, fixed: s.yellow, 'would fix': s.yellow, problem: s.red, note: s.dim };
  const w = findings.reduce((m, f) => Math.max(m, f.check.length), 0);
  ctx.out.write(`${s.bold('deepcards doctor')} · ${ctx.dbPath}${dry ? ' · dry run: nothing is changed' : ''}\n`);
  for (const f of findings) ctx.out.write(`${paint[f.status](f.status.padEnd(9))} ${f.check.padEnd(w)}  ${f.detail}\n`);
  const problems = findings.filter((f) => f.status === 'problem').length;
  const fixes = findings.filter((f) => f.status === 'fixed' || f.status === 'would fix').length;
  // a failing doctor says so on stderr too: a script that keeps only stderr still sees why it exited 1
  if (problems) ctx.err.write(`deepcards: doctor: ${problems} problem${problems === 1 ? '' : 's'} in ${ctx.dbPath} (see the report above)\n`);
  ctx.out.write(problems ? `${problems} problem${problems === 1 ? '' : 's'} left\n` : fixes ? `${fixes} fix${fixes === 1 ? '' : 'es'} ${dry ? 'to make (run without --dry-run)' : 'made'}\n` : 'all good\n');
  return problems ? 1 : 0;
}
