// `deepcards import anki FILE [--dry-run]`: reviews done in Anki or AnkiDroid brought back into the
// SM-2 schedule. Reads the package (src/import/anki/package.ts) and plans each item in the pure core
// (src/import/anki/plan.ts); unless --dry-run, it copies the collection to backups/ and writes every
// added row, rewritten row and item state, each item's as soon as its plan is made, in one
// transaction, so a kill leaves either nothing or the whole import.
import { readFileSync, statSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { studyDay } from '../clock.js';
import { displayPath } from '../decks/load.js';
import { UserError } from '../errors.js';
import { collectionOf, PackageError, readCollection, sortFieldsOf, type AnkiPackage } from '../import/anki/package.js';
import {
  matchRevlog, planItem, type DeckCardRef, type ItemPlan, type ItemRef, type LoggedReview, type SkipReason,
} from '../import/anki/plan.js';
import type { CardType } from '../decks/model.js';
import type { Grade } from '../scheduler/sm2.js';
import { backupDir, collectionStem, lockWithCopy, removeWithJournals, stamp } from '../store/backup.js';
import { readSettings } from '../store/config.js';
import { batchReviewDays } from '../store/review-days.js';
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

/**
 * The collection's side of the matching (CollectionSide). Every card's id and type come from the
 * covering index cards_position as one JSON array per type; the answered cards (from that index too)
 * and their items are read in one query each.
 */
function loadCollection(db: Db) {
  // one JSON array built by SQLite: half the cost of a row at a time from the driver
  const idsByType = new Map((db.prepare('SELECT type, json_group_array(id) FROM cards INDEXED BY cards_position GROUP BY type').raw().all() as [CardType, string][])
    .map(([type, ids]) => [type, JSON.parse(ids) as string[]]));
  const cardCount = [...idsByType.values()].reduce((n, ids) => n + ids.length, 0);
  // the answered cards from the covering index too; a numeric card's family and level (few cards) from its content
  const cards = (ids: readonly string[]): DeckCardRef[] => {
    const found = (db.prepare(`SELECT id, topic, type, retired_at IS NOT NULL FROM cards INDEXED BY cards_position
      WHERE id IN (SELECT value FROM json_each(?))`).raw().all(JSON.stringify(ids)) as [string, string, CardType, number][])
      .map(([id, topic, type, retired]): DeckCardRef => ({ id, topic, type, retired: retired === 1 }));
    const numeric = db.prepare("SELECT content ->> '$.family', content ->> '$.level' FROM cards WHERE id = ?").raw();
    for (const c of found) {
      if (c.type !== 'numeric') continue;
      const [family, level] = numeric.get(c.id) as [string, number];
      c.numeric = { family, level };
    }
    return found;
  };
  type Row = [string, string, number, number, number, number, number | null, number, number, number, number, number, number | null];
  const toItem = ([id, cardId, ord, reps, ef, interval, due, lapses, reviews, suspended, leech, retired, againDay]: Row): ItemRef => ({
    id, cardId, ord, reps, ef, interval, due, lapses, reviews, suspended: suspended === 1, leech: leech === 1, retired: retired === 1, againDay,
  });
  const cols = 'id, card_id, ord, reps, ef, interval, due, lapses, reviews, suspended, leech, retired, again_day';
  // one JSON array built by SQLite, or raw rows: half the cost of a JS object per row from the driver
  const items = (cardIds: readonly string[]): ItemRef[] => (cardIds.length * 2 > cardCount
    ? JSON.parse(db.prepare(`SELECT json_group_array(json_array(${cols})) FROM items`).pluck().get() as string) as Row[]
    : db.prepare(`SELECT ${cols} FROM items WHERE card_id IN (SELECT value FROM json_each(?))`).raw().all(JSON.stringify(cardIds)) as Row[]
  ).map(toItem);
  const knownAnkiIds = new Set(db.prepare('SELECT anki_id FROM reviews WHERE anki_id IS NOT NULL').pluck().all() as number[]);
  return { idsByType, cardCount, cards, items, knownAnkiIds };
}

interface LogRow {
  id: number; item_id: string; reviewed_at: number; day: number; kind: 'new' | 'review' | 'drill'; grade: number; source: 'deepcards' | 'anki';
  reps_before: number; ef_before: number; interval_before: number; due_before: number | null; lapses_before: number;
  reps_after: number; ef_after: number; interval_after: number; due_after: number | null; lapses_after: number;
}

/** Logged rows this long before an item's first Anki answer are looked at (see planImport). */
const RECENT_MS = 2 * 86_400_000;

/** What an import adds and changes, for the summary. */
export interface Counts {
  /** review rows added */
  added: number;
  /** of which same-day drills */
  drills: number;
  /** items whose SM-2 state changed */
  rescheduled: number;
  /** logged answers rewritten (an Anki answer fell before them) */
  rewritten: number;
}

export interface ImportResult {
  total: Counts & { fromDeepcards: number };
  topics: Map<string, Counts>;
  matched: ReturnType<typeof matchRevlog>;
  pkg: AnkiPackage;
}

/**
 * The plan for a package against an open collection: each item's plan is handed to `write` as soon
 * as it is made (none when only counting, as --dry-run does), so that 100,000 planned rows are not
 * all kept until the end; the result holds the counts. Reads only, apart from what `write` does.
 */
export function planImport(db: Db, pkg: AnkiPackage, now: number, write?: (p: ItemPlan) => void): ImportResult {
  const { idsByType, cardCount, cards, items, knownAnkiIds } = loadCollection(db);
  const itemById = new Map<string, ItemRef>();
  const matched = matchRevlog(pkg, {
    idsByType,
    cards,
    items: (cardIds) => {
      const found = items(cardIds);
      for (const it of found) itemById.set(it.id, it);
      return found;
    },
  }, knownAnkiIds);
  // one session per study day of imported answers: its first answer's time
  const sessions = new Map<number, number>();
  const settings = readSettings(db);
  // study days as the review counts them: the rollover hour is the user's setting
  const dayOf = (ms: number): number => studyDay(ms, settings.rolloverHour);
  for (const list of matched.byItem.values()) {
    for (const m of list) {
      const d = dayOf(m.ankiId);
      const s = sessions.get(d);
      if (s === undefined || m.ankiId < s) sessions.set(d, m.ankiId);
    }
  }
  const cols = `id, item_id, reviewed_at, day, kind, grade, source, reps_before, ef_before, interval_before, due_before,
      lapses_before, reps_after, ef_after, interval_after, due_after, lapses_after`;
  const toLogged = (r: LogRow): LoggedReview => ({
    id: r.id, itemId: r.item_id, reviewedAt: r.reviewed_at, day: r.day, kind: r.kind, grade: r.grade as Grade, source: r.source,
    before: { reps: r.reps_before, ef: r.ef_before, interval: r.interval_before, due: r.due_before, lapses: r.lapses_before },
    after: { reps: r.reps_after, ef: r.ef_after, interval: r.interval_after, due: r.due_after, lapses: r.lapses_after },
  });
  // The logs of the items answered in Anki. An item with no logged row of any kind from two days
  // before its first Anki answer on needs none: its state is the item's, no answer of the day of the
  // first Anki answer was logged (a study day is 24 h, shifted by the rollover hour), and no exported
  // answer can be among the rows (those lie within EXPORTED_ID_WINDOW before an Anki row's id). The
  // others need the whole log. Both reads stay in the covering index reviews_item (item_id, reviewed_at).
  const logs = new Map<string, LoggedReview[]>();
  const firstAnki = new Map<string, number>();
  for (const [itemId, rows] of matched.byItem) firstAnki.set(itemId, rows[0]!.ankiId - RECENT_MS);
  const whole: string[] = [];
  if (matched.byItem.size * 2 > cardCount) {
    // most cards: one pass over the index beats a seek per item
    const last = db.prepare('SELECT item_id, max(reviewed_at) FROM reviews GROUP BY item_id').raw().all() as [string, number][];
    for (const [itemId, at] of last) {
      const from = firstAnki.get(itemId);
      if (from !== undefined && at >= from) whole.push(itemId);
    }
  } else {
    // one statement for all items: the seeks run in SQLite, not one driver call each
    const recent = db.prepare(`SELECT j.key FROM json_each(?) j
      WHERE EXISTS (SELECT 1 FROM reviews INDEXED BY reviews_item WHERE item_id = j.key AND reviewed_at >= j.value)`).pluck();
    whole.push(...(recent.all(JSON.stringify(Object.fromEntries(firstAnki))) as string[]));
  }
  const one = db.prepare(`SELECT ${cols} FROM reviews WHERE item_id = ? AND kind IN ('new', 'review', 'drill') ORDER BY reviewed_at, id`);
  for (const itemId of whole) logs.set(itemId, (one.all(itemId) as LogRow[]).map(toLogged));
  const total = { added: 0, drills: 0, rescheduled: 0, rewritten: 0, fromDeepcards: 0 };
  const topics: ImportResult['topics'] = new Map();
  for (const [itemId, rows] of matched.byItem) {
    const first = rows[0]!;
    const item = itemById.get(itemId)!;
    const logged = logs.get(itemId) ?? [];
    const p = planItem(item, logged, rows, {
      dayOf, leechThreshold: settings.leechThreshold, leechSuspends: settings.leechAction === 'suspend',
      sessionOf: (d) => sessions.get(d) ?? now,
    });
    total.fromDeepcards += p.fromDeepcards;
    // an item with no answer to add is left as it is
    if (!p.inserts.length) continue;
    write?.(p);
    const topic = first.topic;
    let t = topics.get(topic);
    if (!t) topics.set(topic, (t = { added: 0, drills: 0, rescheduled: 0, rewritten: 0 }));
    const drills = p.inserts.reduce((n, r) => n + (r.kind === 'drill' ? 1 : 0), 0);
    const rescheduled = p.item.rescheduled ? 1 : 0;
    for (const c of [t, total]) {
      c.added += p.inserts.length;
      c.drills += drills;
      c.rescheduled += rescheduled;
      c.rewritten += p.updates.length;
    }
  }
  return { total, topics, matched, pkg };
}

/**
 * Plan and write in the caller's transaction: review_days summed once for the batch
 * (batchReviewDays), each item's rows written as soon as its plan is made.
 */
export function planAndWrite(db: Db, pkg: AnkiPackage, now: number): ImportResult {
  return batchReviewDays(db, () => {
    const writer = rowWriter(db);
    const r = planImport(db, pkg, now, writer.add);
    writer.finish();
    return r;
  });
}

/**
 * Review rows per INSERT statement: a statement per row cost a third more at 100,000 rows, 16 per
 * statement ~0.1 s more than 64; 256 gained nothing more (64 × 23 parameters stay far below SQLite's
 * limit of 32,766).
 */
const ROWS_PER_INSERT = 64;

/** Writes item plans as they come: their review rows ROWS_PER_INSERT to a statement, their rewritten rows and item states. */
function rowWriter(db: Db): { add: (p: ItemPlan) => void; finish: () => void } {
  const insert = (n: number) => db.prepare(`INSERT INTO reviews (item_id, session, reviewed_at, day, kind, grade, duration_ms,
      reps_before, ef_before, interval_before, due_before, lapses_before, suspended_before, leech_before,
      reps_after, ef_after, interval_after, due_after, lapses_after, family, seed, level, source, anki_id)
    VALUES ${Array(n).fill("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'anki', ?)").join(', ')}`);
  const insMany = insert(ROWS_PER_INSERT);
  const insOne = insert(1);
  const upd = db.prepare(`UPDATE reviews SET kind = ?, reps_before = ?, ef_before = ?, interval_before = ?, due_before = ?, lapses_before = ?,
      reps_after = ?, ef_after = ?, interval_after = ?, due_after = ?, lapses_after = ? WHERE id = ?`);
  const item = db.prepare(`UPDATE items SET reps = ?, ef = ?, interval = ?, due = ?, lapses = ?, reviews = ?, again_day = ?, leech = ?,
      suspended = ? WHERE id = ?`);
  let batch: (string | number | null)[] = [];
  let inBatch = 0;
  return {
    add(p) {
      if (!p.inserts.length) return;
      for (const u of p.updates) {
        upd.run(u.kind, u.before.reps, u.before.ef, u.before.interval, u.before.due, u.before.lapses,
          u.after.reps, u.after.ef, u.after.interval, u.after.due, u.after.lapses, u.id);
      }
      for (const r of p.inserts) {
        batch.push(r.itemId, r.session, r.at, r.day, r.kind, r.grade, r.durationMs,
          r.before.reps, r.before.ef, r.before.interval, r.before.due, r.before.lapses, r.suspendedBefore ? 1 : 0, r.leechBefore ? 1 : 0,
          r.after.reps, r.after.ef, r.after.interval, r.after.due, r.after.lapses,
          r.numeric?.family ?? null, r.numeric?.seed ?? null, r.numeric?.level ?? null, r.ankiId);
        if (++inBatch === ROWS_PER_INSERT) {
          insMany.run(batch);
          batch = [];
          inBatch = 0;
        }
      }
      const s = p.item.state;
      item.run(s.reps, s.ef, s.interval, s.due, s.lapses, p.item.reviews, p.item.againDay, p.item.leech ? 1 : 0, p.item.suspended ? 1 : 0, p.item.itemId);
    },
    finish() {
      const width = batch.length / Math.max(1, inBatch);
      for (let i = 0; i < inBatch; i++) insOne.run(batch.slice(i * width, (i + 1) * width));
      batch = [];
      inBatch = 0;
    },
  };
}

const REASON_ORDER: readonly SkipReason[] = [
  'already imported', 'exported from deepcards', 'note not from deepcards', 'card retired in deepcards',
  'cloze deletion removed in deepcards', 'not an answer (manual reschedule)', 'card not in the package',
];

export async function runImportAnki(file: string, opts: ImportAnkiOptions, ctx: CommandContext): Promise<number> {
  const path = resolve(file);
  const refused = (e: unknown): unknown => e instanceof PackageError
    ? new UserError(`${visible(displayPath(path), 200)}: ${visible(e.message, 300)}; nothing was imported`)
    : e;
  // the zip is checked before the collection is opened; its collection file is read under the lock
  let collection: ReturnType<typeof collectionOf>;
  try {
    collection = collectionOf(readFile(path));
  } catch (e) {
    throw refused(e);
  }
  const parse = (): AnkiPackage => {
    try {
      return readCollection(collection);
    } catch (e) {
      throw refused(e);
    }
  };
  // the first notes not from deepcards, by their sort field, for the list in the summary
  const namesOf = (r: ImportResult): Map<string, string> =>
    sortFieldsOf(collection, r.matched.foreignNotes.slice(0, FOREIGN_LISTED).map((n) => n.guid));
  const db = await openForCommand(ctx, { backup: false });
  try {
    const now = ctx.clock.now();
    if (opts.dryRun) {
      const pkg = parse();
      // one read transaction: a consistent view, and no lock taken and dropped around each of the
      // hundred thousand reads (~7 µs each in WAL mode)
      const r = db.transaction(() => planImport(db, pkg, now)).deferred();
      report(r, path, pkg, namesOf(r), ctx, 'dry-run');
      return 0;
    }
    // A copy of the collection as it was, under a name of its own, before anything is written. It is
    // made under the write lock, beside reading the package, planning and writing (lockWithCopy); the
    // import commits only once the copy is complete on disk.
    mkdirSync(backupDir(ctx.dbPath), { recursive: true });
    const backup = join(backupDir(ctx.dbPath), `${collectionStem(ctx.dbPath)}-before-anki-import-${stamp(now)}-${process.pid}.db`);
    const copied = lockWithCopy(db, ctx.dbPath, backup);
    let pkg: AnkiPackage;
    let r: ImportResult;
    let added: boolean;
    try {
      pkg = parse();
      r = planAndWrite(db, pkg, now);
      added = r.total.added > 0;
      await copied;
      db.exec(added ? 'COMMIT' : 'ROLLBACK');
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      await copied.catch(() => undefined);
      removeWithJournals(backup);
      throw e;
    }
    // nothing imported: the copy is not a backup of anything
    if (!added) removeWithJournals(backup);
    report(r, path, pkg, namesOf(r), ctx, added ? backup : null);
    return 0;
  } finally {
    db.close();
  }
}

/** Notes not from deepcards listed by name in the summary (the rest are counted). */
const FOREIGN_LISTED = 10;

function report(r: ImportResult, path: string, pkg: AnkiPackage, names: ReadonlyMap<string, string>, ctx: CommandContext,
  backup: string | 'dry-run' | null): void {
  const { added, drills, rescheduled, rewritten, fromDeepcards } = r.total;
  const skipped = new Map(r.matched.skipped);
  if (fromDeepcards) skipped.set('exported from deepcards', fromDeepcards);

  const out = ctx.out;
  out.write(`${visible(displayPath(path), 200)}: ${pkg.format} (schema ${pkg.ver}), ${plural(pkg.guids.length, 'note')}, ${plural(pkg.revlog.id.length, 'review log row')}\n`);
  for (const [topic, t] of [...r.topics].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!t.added) continue;
    out.write(`  ${visible(topic)}: ${plural(t.added, 'review')} (${t.drills} same-day ${t.drills === 1 ? 'drill' : 'drills'}), ${plural(t.rescheduled, 'item')} rescheduled`
      + `${t.rewritten ? `, ${plural(t.rewritten, 'logged answer')} re-sequenced` : ''}\n`);
  }
  const foreign = r.matched.foreignNotes;
  if (foreign.length) {
    // a GUID is derived from a card id: a note exported from a card this collection never had (another
    // collection's deck, a card since renamed) is as unknown as a note made in Anki
    out.write(`Skipped ${plural(foreign.length, 'note')} not from deepcards (or from cards not in this collection):\n`);
    for (const n of foreign.slice(0, FOREIGN_LISTED)) out.write(`  ${visible(names.get(n.guid) || n.guid)}${n.reviews ? ` (${plural(n.reviews, 'review')})` : ''}\n`);
    if (foreign.length > FOREIGN_LISTED) out.write(`  … and ${foreign.length - FOREIGN_LISTED} more\n`);
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
