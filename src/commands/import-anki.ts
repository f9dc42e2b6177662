// `deepcards import anki FILE [--dry-run]`: reviews done in Anki or AnkiDroid brought back into the
// SM-2 schedule. Reads the package (src/import/anki/package.ts), plans in the pure core
// (src/import/anki/plan.ts), then — unless --dry-run — copies the collection to backups/ and writes
// every added row, rewritten row and item state in one transaction, so a kill leaves either nothing
// or the whole import.
import { readFileSync, statSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { studyDay } from '../clock.js';
import { displayPath } from '../decks/load.js';
import { UserError } from '../errors.js';
import { PackageError, readPackage, type AnkiPackage } from '../import/anki/package.js';
import {
  EXPORTED_ID_WINDOW, matchRevlog, planItem, type DeckCardRef, type ItemPlan, type ItemRef, type LoggedReview, type SkipReason,
} from '../import/anki/plan.js';
import type { Grade } from '../scheduler/sm2.js';
import { backupDir, collectionStem, snapshot, stamp } from '../store/backup.js';
import { readSettings } from '../store/config.js';
import type { Db } from '../store/open.js';
import type { CommandContext } from './context.js';
import { openForCommand } from './open-collection.js';

export interface ImportAnkiOptions {
  dryRun?: boolean;
}

/** Text from a file shown on the terminal: control characters escaped, never interpreted. */
function visible(s: string, max = 60): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function readFile(path: string): Uint8Array {
  try {
    if (statSync(path).isDirectory()) throw new UserError(`${visible(path, 200)}: is a directory, not an Anki package`);
    return readFileSync(path);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${visible(path, 200)}: no such file`);
    throw new UserError(`${visible(path, 200)}: cannot read (${code ?? (e as Error).message})`);
  }
}

interface Loaded {
  cards: DeckCardRef[];
  items: ItemRef[];
  knownAnkiIds: Set<number>;
}

function loadCollection(db: Db): Loaded {
  const cards = (db.prepare('SELECT id, topic, type, content, retired_at FROM cards').all() as
    { id: string; topic: string; type: DeckCardRef['type']; content: string; retired_at: number | null }[]).map((r): DeckCardRef => {
    const ref: DeckCardRef = { id: r.id, topic: r.topic, type: r.type, retired: r.retired_at !== null };
    if (r.type === 'numeric') {
      const c = JSON.parse(r.content) as { family: string; level: number };
      ref.numeric = { family: c.family, level: c.level };
    }
    return ref;
  });
  const items = (db.prepare(`SELECT id, card_id, ord, reps, ef, interval, due, lapses, reviews, suspended, leech, retired, again_day FROM items`).all() as
    { id: string; card_id: string; ord: number; reps: number; ef: number; interval: number; due: number | null; lapses: number; reviews: number;
      suspended: number; leech: number; retired: number; again_day: number | null }[]).map((r): ItemRef => ({
    id: r.id, cardId: r.card_id, ord: r.ord, reps: r.reps, ef: r.ef, interval: r.interval, due: r.due, lapses: r.lapses, reviews: r.reviews,
    suspended: r.suspended === 1, leech: r.leech === 1, retired: r.retired === 1, againDay: r.again_day,
  }));
  const knownAnkiIds = new Set(db.prepare('SELECT anki_id FROM reviews WHERE anki_id IS NOT NULL').pluck().all() as number[]);
  return { cards, items, knownAnkiIds };
}

interface LogRow {
  id: number; item_id: string; reviewed_at: number; day: number; kind: 'new' | 'review' | 'drill'; grade: number; source: 'deepcards' | 'anki';
  reps_before: number; ef_before: number; interval_before: number; due_before: number | null; lapses_before: number;
  reps_after: number; ef_after: number; interval_after: number; due_after: number | null; lapses_after: number;
}

export interface ImportResult {
  plans: ItemPlan[];
  topics: Map<string, { added: number; drills: number; rescheduled: number; rewritten: number }>;
  matched: ReturnType<typeof matchRevlog>;
  pkg: AnkiPackage;
}

/** The whole plan for a package against an open collection (reads only). */
export function planImport(db: Db, pkg: AnkiPackage, now: number): ImportResult {
  const { cards, items, knownAnkiIds } = loadCollection(db);
  const matched = matchRevlog(pkg, cards, items, knownAnkiIds);
  const settings = readSettings(db);
  const itemById = new Map(items.map((it) => [it.id, it]));
  const topicOf = new Map(cards.map((c) => [c.id, c.topic]));
  // one session per study day of imported answers: its first answer's time
  const sessions = new Map<number, number>();
  const dayOf = (ms: number): number => studyDay(ms);
  for (const list of matched.byItem.values()) {
    for (const m of list) {
      const d = dayOf(m.row.id);
      const s = sessions.get(d);
      if (s === undefined || m.row.id < s) sessions.set(d, m.row.id);
    }
  }
  const cols = `id, item_id, reviewed_at, day, kind, grade, source, reps_before, ef_before, interval_before, due_before,
      lapses_before, reps_after, ef_after, interval_after, due_after, lapses_after`;
  const toLogged = (r: LogRow): LoggedReview => ({
    id: r.id, itemId: r.item_id, reviewedAt: r.reviewed_at, day: r.day, kind: r.kind, grade: r.grade as Grade, source: r.source,
    before: { reps: r.reps_before, ef: r.ef_before, interval: r.interval_before, due: r.due_before, lapses: r.lapses_before },
    after: { reps: r.reps_after, ef: r.ef_after, interval: r.interval_after, due: r.due_after, lapses: r.lapses_after },
  });
  // The logs of the items answered in Anki. An item whose logged answers all lie before its first Anki
  // answer (less the export's id window) needs only its last row: the replay continues from its state
  // and no exported answer can be among the rows. The others need the whole log.
  const logs = new Map<string, LoggedReview[]>();
  const firstAnki = new Map<string, number>();
  for (const [itemId, rows] of matched.byItem) firstAnki.set(itemId, rows[0]!.row.id);
  const whole: string[] = [];
  const lastRows = db.prepare(`SELECT ${cols}, max(reviewed_at) FROM reviews WHERE kind IN ('new', 'review', 'drill') AND item_id = ?`);
  const lastAll = matched.byItem.size * 20 > (db.prepare('SELECT count(*) FROM items').pluck().get() as number)
    ? db.prepare(`SELECT ${cols}, max(reviewed_at) FROM reviews WHERE kind IN ('new', 'review', 'drill') GROUP BY item_id`).all() as LogRow[]
    : [...matched.byItem.keys()].map((id) => lastRows.get(id) as LogRow).filter((r) => r.id !== null);
  for (const r of lastAll) {
    const first = firstAnki.get(r.item_id);
    if (first === undefined) continue;
    if (r.reviewed_at >= first - EXPORTED_ID_WINDOW) whole.push(r.item_id);
    else logs.set(r.item_id, [toLogged(r)]);
  }
  const one = db.prepare(`SELECT ${cols} FROM reviews WHERE item_id = ? AND kind IN ('new', 'review', 'drill') ORDER BY reviewed_at, id`);
  for (const itemId of whole) logs.set(itemId, (one.all(itemId) as LogRow[]).map(toLogged));
  const plans: ItemPlan[] = [];
  const topics: ImportResult['topics'] = new Map();
  for (const [itemId, rows] of matched.byItem) {
    const item = itemById.get(itemId)!;
    const logged = logs.get(itemId) ?? [];
    const p = planItem(item, logged, rows, {
      dayOf, leechThreshold: settings.leechThreshold, leechSuspends: settings.leechAction === 'suspend',
      sessionOf: (d) => sessions.get(d) ?? now,
    });
    plans.push(p);
    const topic = topicOf.get(item.cardId) ?? '?';
    const t = topics.get(topic) ?? { added: 0, drills: 0, rescheduled: 0, rewritten: 0 };
    t.added += p.inserts.length;
    t.drills += p.inserts.filter((r) => r.kind === 'drill').length;
    if (p.inserts.length && p.item.rescheduled) t.rescheduled++;
    t.rewritten += p.updates.length;
    topics.set(topic, t);
  }
  return { plans, topics, matched, pkg };
}

/** Write a plan (inside the caller's transaction). */
export function writePlans(db: Db, plans: readonly ItemPlan[]): void {
  const ins = db.prepare(`INSERT INTO reviews (item_id, session, reviewed_at, day, kind, grade, duration_ms,
      reps_before, ef_before, interval_before, due_before, lapses_before, suspended_before, leech_before,
      reps_after, ef_after, interval_after, due_after, lapses_after, family, seed, level, source, anki_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'anki', ?)`);
  const upd = db.prepare(`UPDATE reviews SET kind = ?, reps_before = ?, ef_before = ?, interval_before = ?, due_before = ?, lapses_before = ?,
      reps_after = ?, ef_after = ?, interval_after = ?, due_after = ?, lapses_after = ? WHERE id = ?`);
  const item = db.prepare(`UPDATE items SET reps = ?, ef = ?, interval = ?, due = ?, lapses = ?, reviews = ?, again_day = ?, leech = ?,
      suspended = ? WHERE id = ?`);
  for (const p of plans) {
    if (!p.inserts.length) continue;
    for (const u of p.updates) {
      upd.run(u.kind, u.before.reps, u.before.ef, u.before.interval, u.before.due, u.before.lapses,
        u.after.reps, u.after.ef, u.after.interval, u.after.due, u.after.lapses, u.id);
    }
    for (const r of p.inserts) {
      ins.run(r.itemId, r.session, r.at, r.day, r.kind, r.grade, r.durationMs,
        r.before.reps, r.before.ef, r.before.interval, r.before.due, r.before.lapses, r.suspendedBefore ? 1 : 0, r.leechBefore ? 1 : 0,
        r.after.reps, r.after.ef, r.after.interval, r.after.due, r.after.lapses,
        r.numeric?.family ?? null, r.numeric?.seed ?? null, r.numeric?.level ?? null, r.ankiId);
    }
    const s = p.item.state;
    item.run(s.reps, s.ef, s.interval, s.due, s.lapses, p.item.reviews, p.item.againDay, p.item.leech ? 1 : 0, p.item.suspended ? 1 : 0, p.item.itemId);
  }
}

/** Plan and write in one IMMEDIATE transaction (tests and benchmarks). */
export function importPackage(db: Db, pkg: AnkiPackage, now: number): ImportResult {
  return db.transaction(() => {
    const r = planImport(db, pkg, now);
    writePlans(db, r.plans);
    return r;
  }).immediate();
}

const REASON_ORDER: readonly SkipReason[] = [
  'already imported', 'exported from deepcards', 'note not from deepcards', 'card retired in deepcards',
  'cloze deletion removed in deepcards', 'not an answer (manual reschedule)', 'card not in the package',
];

export async function runImportAnki(file: string, opts: ImportAnkiOptions, ctx: CommandContext): Promise<number> {
  const path = resolve(file);
  const bytes = readFile(path);
  let pkg: AnkiPackage;
  try {
    pkg = readPackage(bytes);
  } catch (e) {
    if (e instanceof PackageError) throw new UserError(`${visible(displayPath(path), 200)}: ${visible(e.message, 300)}; nothing was imported`);
    throw e;
  }
  const db = await openForCommand(ctx, { backup: false });
  try {
    const now = ctx.clock.now();
    // another connection's commit changes data_version: then the plan is made again inside the write
    const version = (): number => db.pragma('data_version', { simple: true }) as number;
    const planned = version();
    let r = planImport(db, pkg, now);
    const plans = (): ItemPlan[] => r.plans.filter((p) => p.inserts.length > 0);
    if (!opts.dryRun && plans().length) {
      // a copy of the collection as it was, under a name of its own, before anything is written
      mkdirSync(backupDir(ctx.dbPath), { recursive: true });
      const backup = join(backupDir(ctx.dbPath), `${collectionStem(ctx.dbPath)}-before-anki-import-${stamp(now)}-${process.pid}.db`);
      snapshot(db, backup);
      r = db.transaction(() => {
        const fresh = version() === planned ? r : planImport(db, pkg, now);
        writePlans(db, fresh.plans);
        return fresh;
      }).immediate();
      report(r, path, pkg, ctx, backup);
    } else {
      report(r, path, pkg, ctx, opts.dryRun ? 'dry-run' : null);
    }
    return 0;
  } finally {
    db.close();
  }
}

function report(r: ImportResult, path: string, pkg: AnkiPackage, ctx: CommandContext, backup: string | 'dry-run' | null): void {
  const plans = r.plans.filter((p) => p.inserts.length > 0);
  const added = plans.reduce((n, p) => n + p.inserts.length, 0);
  const drills = plans.reduce((n, p) => n + p.inserts.filter((x) => x.kind === 'drill').length, 0);
  const rescheduled = plans.filter((p) => p.item.rescheduled).length;
  const rewritten = plans.reduce((n, p) => n + p.updates.length, 0);
  const fromDeepcards = r.plans.reduce((n, p) => n + p.fromDeepcards, 0);
  const skipped = new Map(r.matched.skipped);
  if (fromDeepcards) skipped.set('exported from deepcards', fromDeepcards);

  const out = ctx.out;
  out.write(`${visible(displayPath(path), 200)}: ${pkg.format} (schema ${pkg.ver}), ${plural(pkg.notes.length, 'note')}, ${plural(pkg.revlog.length, 'review log row')}\n`);
  for (const [topic, t] of [...r.topics].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!t.added) continue;
    out.write(`  ${visible(topic)}: ${plural(t.added, 'review')} (${t.drills} same-day ${t.drills === 1 ? 'drill' : 'drills'}), ${plural(t.rescheduled, 'item')} rescheduled`
      + `${t.rewritten ? `, ${plural(t.rewritten, 'logged answer')} re-sequenced` : ''}\n`);
  }
  const foreign = r.matched.foreignNotes;
  if (foreign.length) {
    out.write(`Skipped ${plural(foreign.length, 'note')} not from deepcards:\n`);
    for (const n of foreign.slice(0, 10)) out.write(`  ${visible(n.sfld || n.guid)}${n.reviews ? ` (${plural(n.reviews, 'review')})` : ''}\n`);
    if (foreign.length > 10) out.write(`  … and ${foreign.length - 10} more\n`);
  }
  if (r.matched.retiredCards.length) {
    out.write(`Skipped reviews of ${plural(r.matched.retiredCards.length, 'card')} no longer in deepcards' decks:\n`);
    for (const c of r.matched.retiredCards.slice(0, 10)) out.write(`  ${visible(c.cardId)} (${plural(c.reviews, 'review')})\n`);
    if (r.matched.retiredCards.length > 10) out.write(`  … and ${r.matched.retiredCards.length - 10} more\n`);
  }
  const skippedText = REASON_ORDER.filter((k) => skipped.get(k)).map((k) => `${skipped.get(k)} ${k}`).join(', ');

  if (backup === 'dry-run') {
    out.write(`Dry run: would add ${plural(added, 'review')}, reschedule ${plural(rescheduled, 'item')}`
      + `${rewritten ? `, re-sequence ${plural(rewritten, 'logged answer')}` : ''}; skipped: ${skippedText || 'none'}. Nothing was written.\n`);
    return;
  }
  if (backup === null) {
    out.write(`Nothing to import: no new reviews (skipped: ${skippedText || 'none'}). Nothing was written.\n`);
    return;
  }
  out.write(`Imported ${plural(added, 'review')} (${drills} same-day ${drills === 1 ? 'drill' : 'drills'}), ${plural(rescheduled, 'item')} rescheduled`
    + `${rewritten ? `, ${plural(rewritten, 'logged answer')} re-sequenced` : ''}; skipped: ${skippedText || 'none'}.\n`);
  out.write(`Backup of the collection before the import: ${displayPath(backup)}\n`);
}
