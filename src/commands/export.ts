// `deepcards export anki` and `deepcards export csv`: read the cards (and, for --with-scheduling,
// the SM-2 states and review log) from the collection — openForCommand syncs the bundled decks first,
// so every card has its added/modified times — then build the export in the pure core
// (src/export/anki/notes.ts, src/export/csv.ts) and write it atomically.
import { checkTopicNames } from './topics.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ROLLOVER_HOUR, studyDay } from '../clock.js';
import { deckFiles, displayPath } from '../decks/load.js';
import type { Card } from '../decks/model.js';
import { UserError } from '../errors.js';
import { writeApkg, writeFileAtomic } from '../export/anki/apkg.js';
import {
  buildCollection, DEFAULT_INSTANCES, type ExportCard, type ExportItem, type ExportReview, type TopicInfo,
} from '../export/anki/notes.js';
import { ankiText, plainCsv, plainRow } from '../export/csv.js';
import { getFamily, instantiate } from '../questions/registry.js';
import type { Db } from '../store/open.js';
import type { CommandContext } from './context.js';
import { openForCommand } from './open-collection.js';

export interface ExportAnkiOptions {
  out?: string;
  topics?: string[];
  instances?: number;
  withScheduling?: boolean;
}

export interface ExportCsvOptions {
  out?: string;
  anki?: boolean;
  topics?: string[];
}

export const MAX_INSTANCES = 100;
/** The one message for a bad --instances, from the argument parser (cli.ts) and from here. */
export const INSTANCES_MESSAGE = `--instances must be an integer from 0 to ${MAX_INSTANCES}`;

/** Epoch seconds at which study day `day` starts: local 04:00 of that date (clock.ts studyDay). */
export function dayStartSecs(day: number): number {
  const d = new Date(day * 86_400_000);
  return Math.floor(new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), ROLLOVER_HOUR).getTime() / 1000);
}

/** A top-level `key: value` scalar read from its own line, or undefined when it needs a full parse. */
function topLevelScalar(text: string, key: string): string | undefined {
  const m = new RegExp(`^${key}:[ \\t]*(.*)$`, 'm').exec(text);
  const raw = m?.[1]?.trim();
  if (!raw || /^[|>]/.test(raw)) return undefined;
  try {
    const v = parse(raw) as unknown;
    return typeof v === 'string' ? v : typeof v === 'number' ? raw : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Topic titles and descriptions from the deck files of `dir` (the collection keeps only slugs).
 * Read from their top-level lines, not by parsing whole decks: a 10,000-card deck parses in seconds.
 */
export function topicInfos(dir: string): TopicInfo[] {
  const out: TopicInfo[] = [];
  let files: string[];
  try {
    files = deckFiles([dir]);
  } catch {
    return out;
  }
  for (const f of files) {
    try {
      const text = readFileSync(f, 'utf8');
      let topic = topLevelScalar(text, 'topic');
      let title = topLevelScalar(text, 'title');
      let description = topLevelScalar(text, 'description');
      if (topic === undefined || title === undefined) {
        const doc = parse(text) as { topic?: unknown; title?: unknown; description?: unknown } | null;
        topic = typeof doc?.topic === 'string' ? doc.topic : undefined;
        title = typeof doc?.title === 'string' ? doc.title : undefined;
        description = typeof doc?.description === 'string' ? doc.description : undefined;
      }
      if (topic !== undefined && title !== undefined) out.push({ topic, title, ...(description !== undefined ? { description } : {}) });
    } catch {
      // a deck that does not parse is reported by `decks check`; its cards keep the topic slug as title
    }
  }
  return out;
}

interface Source {
  cards: ExportCard[];
  items: ExportItem[];
  reviews: ExportReview[];
}

function readSource(db: Db, topics: readonly string[] | undefined, withScheduling: boolean): Source {
  const known = db.prepare('SELECT DISTINCT topic FROM cards WHERE retired_at IS NULL ORDER BY topic').pluck().all() as string[];
  checkTopicNames(topics, known);
  const filter = topics && topics.length ? ` AND topic IN (${topics.map(() => '?').join(', ')})` : '';
  const args = topics && topics.length ? [...topics] : [];
  // retired cards too: they go out suspended and tagged deepcards::retired, so Anki learns of them
  const rows = db.prepare(`SELECT id, topic, content, position, added_at, modified_at, retired_at FROM cards
      WHERE 1 = 1${filter} ORDER BY position, id`).all(...args) as
    { id: string; topic: string; content: string; position: number; added_at: number; modified_at: number; retired_at: number | null }[];
  const marks = new Map<string, { leech: boolean; retiredOrds: number[] }>();
  for (const r of db.prepare('SELECT card_id, ord, leech, retired FROM items WHERE leech = 1 OR retired = 1').all() as
    { card_id: string; ord: number; leech: number; retired: number }[]) {
    const m = marks.get(r.card_id) ?? { leech: false, retiredOrds: [] };
    if (r.leech === 1 && r.retired === 0) m.leech = true;
    if (r.retired === 1 && r.ord > 0) m.retiredOrds.push(r.ord);
    marks.set(r.card_id, m);
  }
  const cards = rows.map((r): ExportCard => ({
    card: JSON.parse(r.content) as Card, topic: r.topic, position: r.position, addedAt: r.added_at, modifiedAt: r.modified_at,
    retiredAt: r.retired_at, leech: marks.get(r.id)?.leech ?? false,
    retiredOrds: r.retired_at === null ? marks.get(r.id)?.retiredOrds ?? [] : [],
  }));
  if (!withScheduling) return { cards, items: [], reviews: [] };
  const ids = new Set(rows.map((r) => r.id));
  const items = (db.prepare(`SELECT card_id, ord, reps, ef, interval, due, lapses, reviews, suspended FROM items`).all() as
    { card_id: string; ord: number; reps: number; ef: number; interval: number; due: number | null; lapses: number; reviews: number; suspended: number }[])
    .filter((r) => ids.has(r.card_id))
    .map((r): ExportItem => ({
      cardId: r.card_id, ord: r.ord, reps: r.reps, ef: r.ef, interval: r.interval, due: r.due, lapses: r.lapses,
      reviews: r.reviews, suspended: r.suspended === 1,
    }));
  // streamed row by row: a million review rows are never held twice (raw rows and mapped ones)
  const reviews: ExportReview[] = [];
  for (const r of db.prepare(`SELECT i.card_id, i.ord, r.reviewed_at, r.day, r.kind, r.grade, r.duration_ms, r.reps_before,
        r.interval_before, r.lapses_before, r.ef_after, r.interval_after
      FROM reviews r JOIN items i ON i.id = r.item_id WHERE r.kind IN ('new', 'review') ORDER BY r.reviewed_at, r.id`).iterate() as
    IterableIterator<{ card_id: string; ord: number; reviewed_at: number; day: number; kind: 'new' | 'review'; grade: number; duration_ms: number;
      reps_before: number; interval_before: number; lapses_before: number; ef_after: number; interval_after: number }>) {
    if (!ids.has(r.card_id)) continue;
    reviews.push({
      cardId: r.card_id, ord: r.ord, reviewedAt: r.reviewed_at, day: r.day, kind: r.kind, grade: r.grade, durationMs: r.duration_ms,
      repsBefore: r.reps_before, intervalBefore: r.interval_before, lapsesBefore: r.lapses_before, efAfter: r.ef_after,
      intervalAfter: r.interval_after,
    });
  }
  return { cards, items, reviews };
}

/** Cards still in a deck (the CSV exports only those). */
function activeCards(src: Source): Source {
  return { ...src, cards: src.cards.filter((c) => c.retiredAt == null) };
}

async function loadSource(ctx: CommandContext, topics: readonly string[] | undefined, withScheduling: boolean): Promise<Source> {
  // reads only (the bundled-deck sync aside): no daily backup copy first, as for `card list`
  const db = await openForCommand(ctx, { backup: false });
  try {
    return readSource(db, topics, withScheduling);
  } finally {
    db.close();
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function warnSkipped(ctx: CommandContext, skipped: readonly { cardId: string; reason: string }[]): void {
  for (const s of skipped) ctx.err.write(`warning: ${s.cardId}: numeric card skipped: ${s.reason}\n`);
}

const familyTitle = (id: string): string | undefined => getFamily(id)?.title;

export async function runExportAnki(opts: ExportAnkiOptions, ctx: CommandContext): Promise<number> {
  const instances = opts.instances ?? DEFAULT_INSTANCES;
  if (!Number.isInteger(instances) || instances < 0 || instances > MAX_INSTANCES) {
    throw new UserError(INSTANCES_MESSAGE, 2);
  }
  const withScheduling = !!opts.withScheduling;
  const out = resolve(opts.out ?? 'deepcards.apkg');
  const src = await loadSource(ctx, opts.topics, withScheduling);
  const now = ctx.clock.now();
  const collection = buildCollection(src.cards, src.items, src.reviews, topicInfos(ctx.decksDir), {
    instances, withScheduling, now, today: studyDay(now), dayStart: dayStartSecs, instantiate,
  }, familyTitle);
  if (collection.notes.length === 0) throw new UserError('nothing to export: no cards in the collection for these topics');
  const bytes = writeApkg(out, collection);
  warnSkipped(ctx, collection.skipped);
  const topicDecks = collection.decks.size - 1;
  ctx.out.write(`Wrote ${displayPath(out)}: ${plural(collection.notes.length, 'note')}, ${plural(collection.cards.length, 'card')}, `
    + `${plural(topicDecks, 'deck')} under "Deep Learning" (${(bytes / 1024).toFixed(0)} KiB)\n`);
  if (withScheduling) {
    ctx.out.write(`Scheduling: ${plural(collection.reviewedCards, 'reviewed card')}, ${plural(collection.revlog.length, 'review log entry').replace(/entrys$/, 'entries')}\n`);
  }
  return 0;
}

export async function runExportCsv(opts: ExportCsvOptions, ctx: CommandContext): Promise<number> {
  const out = resolve(opts.out ?? 'deepcards.csv');
  const src = activeCards(await loadSource(ctx, opts.topics, false));
  if (src.cards.length === 0) throw new UserError('nothing to export: no cards in the collection for these topics');
  if (opts.anki) {
    const r = ankiText(src.cards, topicInfos(ctx.decksDir), { instances: DEFAULT_INSTANCES, instantiate, familyTitle });
    writeFileAtomic(out, Buffer.from(r.text, 'utf8'));
    warnSkipped(ctx, r.skipped);
    ctx.out.write(`Wrote ${displayPath(out)}: ${plural(r.notes, 'note')} in ${plural(r.decks, 'deck')}, Anki text import (note types Basic and Cloze)\n`);
    return 0;
  }
  const text = plainCsv(src.cards.map((c) => plainRow(c, instantiate)));
  writeFileAtomic(out, Buffer.from(text, 'utf8'));
  ctx.out.write(`Wrote ${displayPath(out)}: ${plural(src.cards.length, 'card')}\n`);
  return 0;
}
