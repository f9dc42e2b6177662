// `deepcards card list [--leeches] [--suspended] [--topic T,…] [--json]`: the review items with their
// schedule, in deck order. --leeches and --suspended narrow the list (both: items that are either).
import { dayToIso } from '../clock.js';
import { clozeFront } from '../decks/cloze.js';
import type { Card } from '../decks/model.js';
import { renderLatex } from '../render/latex-unicode.js';
import { itemCard } from '../store/collection.js';
import { makeStyle } from '../ui/style.js';
import type { CommandContext } from './context.js';
import { openForCommand } from './open-collection.js';
import { checkTopics } from './topics.js';
import { parseTopics } from './stats.js';

export interface ListedItem {
  id: string;
  topic: string;
  type: string;
  front: string;
  reps: number;
  ef: number;
  interval: number;
  due: string | null;
  lapses: number;
  suspended: boolean;
  leech: boolean;
}

function frontText(card: Card, ord: number): string {
  const text = card.type === 'cloze' ? clozeFront(card.text, ord) : card.type === 'numeric' ? card.front ?? `numeric: ${card.family}` : card.front;
  return renderLatex(text).replace(/\s+/g, ' ').trim();
}

export async function runCardList(opts: { leeches?: boolean; suspended?: boolean; topic?: string; json?: boolean }, ctx: CommandContext): Promise<number> {
  const topics = parseTopics(opts.topic);
  const db = await openForCommand(ctx, { backup: false, readOnlyFallback: true });
  let rows: { id: string; ord: number; topic: string; type: string; content: string; reps: number; ef: number; interval: number; due: number | null; lapses: number; suspended: number; leech: number }[];
  try {
    checkTopics(db, topics);
    const flags = [opts.leeches ? 'i.leech = 1' : null, opts.suspended ? 'i.suspended = 1' : null].filter(Boolean);
    const where = [
      'i.retired = 0',
      'c.retired_at IS NULL',
      ...(flags.length ? [`(${flags.join(' OR ')})`] : []),
      ...(topics ? [`c.topic IN (${topics.map(() => '?').join(', ')})`] : []),
    ];
    rows = db.prepare(`SELECT i.id, i.ord, c.topic, c.type, c.content, i.reps, i.ef, i.interval, i.due, i.lapses, i.suspended, i.leech
      FROM items i JOIN cards c ON c.id = i.card_id WHERE ${where.join(' AND ')} ORDER BY c.topic, c.position, i.ord`).all(...(topics ?? [])) as typeof rows;
  } finally {
    db.close();
  }
  const items: ListedItem[] = rows.map((r) => ({
    id: r.id,
    topic: r.topic,
    type: r.type,
    front: frontText(itemCard(r), r.ord),
    reps: r.reps,
    ef: r.ef / 100,
    interval: r.interval,
    due: r.due === null ? null : dayToIso(r.due),
    lapses: r.lapses,
    suspended: r.suspended === 1,
    leech: r.leech === 1,
  }));
  if (opts.json) {
    ctx.out.write(`${JSON.stringify(items, null, 2)}\n`);
    return 0;
  }
  const what = [opts.leeches ? 'leeches' : null, opts.suspended ? 'suspended items' : null].filter(Boolean).join(' or ') || 'items';
  if (!items.length) {
    ctx.out.write(`no ${what}${topics ? ` in ${topics.join(', ')}` : ''}\n`);
    return 0;
  }
  const s = makeStyle(ctx.color);
  const w = Math.min(40, Math.max(2, ...items.map((i) => i.id.length)));
  ctx.out.write(s.dim(`${'id'.padEnd(w)}  ${'due'.padEnd(10)}  ivl  ease  lapses  flags      front\n`));
  for (const i of items) {
    const flags = [i.leech ? 'leech' : '', i.suspended ? 'susp' : ''].filter(Boolean).join(',');
    const front = i.front.length > 60 ? `${i.front.slice(0, 59)}…` : i.front;
    const flagCell = flags.padEnd(9);
    ctx.out.write(`${i.id.padEnd(w)}  ${(i.due ?? 'new').padEnd(10)}  ${String(i.interval).padStart(3)}  ${i.ef.toFixed(2)}  ${String(i.lapses).padStart(6)}  ${i.leech ? s.red(flagCell) : i.suspended ? s.yellow(flagCell) : flagCell}  ${front}\n`);
  }
  // "1 suspended item", "1 leech", "3 items"
  const counted = items.length === 1 ? what.replace(/leeches/g, 'leech').replace(/items/g, 'item') : what;
  ctx.out.write(`${items.length} ${counted}${topics ? ` in ${topics.join(', ')}` : ''}\n`);
  return 0;
}
