// `deepcards card show <id>`: one card as Anki's card info does it — the card rendered, each review
// item's SM-2 state, and every logged answer (numeric ones with the seed and level that replay them
// with `deepcards ask`). The shell reads three queries; formatCardInfo (pure) lays them out.
import { dayToIso, studyDay } from '../clock.js';
import { clozeBack, clozeFront, clozeNumbers } from '../decks/cloze.js';
import type { Card } from '../decks/model.js';
import { UserError } from '../errors.js';
import { richToTerminal } from '../render/rich-text.js';
import { efToNumber, formatInterval } from '../scheduler/sm2.js';
import { makeStyle } from '../ui/style.js';
import type { CommandContext } from './context.js';
import { openForCommand } from './open-collection.js';
import type { ItemSchedule } from '../scheduler/item.js';

export interface ItemInfo extends ItemSchedule {
  id: string;
  leech: boolean;
  retired: boolean;
  buriedUntil: number | null;
  againDay: number | null;
}

export interface HistoryRow {
  id: number;
  itemId: string;
  reviewedAt: number;
  day: number;
  kind: string;
  grade: number;
  durationMs: number;
  efBefore: number;
  efAfter: number;
  intervalBefore: number;
  intervalAfter: number;
  dueAfter: number | null;
  family: string | null;
  seed: number | null;
  level: number | null;
  answerGiven: string | null;
  correct: boolean | null;
  misconception: string | null;
  source: string;
}

export interface CardInfo {
  card: Card;
  topic: string;
  retired: boolean;
  items: ItemInfo[];
  history: HistoryRow[];
}

/** The state word for an item on `today`. */
export function itemStatus(i: ItemInfo, today: number): string {
  if (i.retired) return 'retired';
  if (i.suspended) return i.leech ? 'leech' : 'suspended';
  if (i.buriedUntil !== null && today < i.buriedUntil) return 'buried';
  if (i.due === null) return 'new';
  if (i.againDay === today) return 'again today';
  if (i.due <= today) return i.due < today ? `overdue ${today - i.due}d` : 'due today';
  if (i.reps === 0) return 'learning'; // failed and not yet passed again
  return i.interval >= 21 ? 'mature' : 'young';
}

/** The command that asks the same numeric instance again, or null for other answers. */
export function replayCommand(h: Pick<HistoryRow, 'family' | 'seed' | 'level'>, cardLevel: number | undefined): string | null {
  if (h.family === null || h.seed === null) return null;
  const level = h.level ?? cardLevel ?? 1;
  return `deepcards ask ${h.family} --seed ${h.seed} --level ${level}`;
}

/** UTC minute of an epoch time: `2026-03-02 09:00`. */
function when(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
}

function itemLabel(id: string): string {
  const hash = id.indexOf('#');
  return hash < 0 ? '·' : id.slice(hash + 1);
}

/** The card rendered for the terminal (math through src/render). */
export function renderCard(card: Card, mark: (s: string) => string = (s) => s): string[] {
  const r = (t: string): string => richToTerminal(t);
  switch (card.type) {
    case 'basic':
      return [`Q  ${r(card.front)}`, `A  ${r(card.back)}`];
    case 'cloze': {
      const lines = clozeNumbers(card.text).flatMap((n) => [`c${n} ${r(clozeFront(card.text, n))}`, `   → ${r(clozeBack(card.text, n, mark))}`]);
      return card.back ? [...lines, `   ${r(card.back)}`] : lines;
    }
    case 'choice':
      return [
        `Q  ${r(card.front)}`,
        ...card.choices.map((c, k) => `   ${k + 1}. ${r(c)}${c === card.answer ? mark('  ✓') : ''}`),
        ...(card.explanation ? [`   ${r(card.explanation)}`] : []),
      ];
    case 'numeric':
      return [`${card.front ? `${r(card.front)} ` : ''}(numeric family ${card.family}, level ${card.level}: a fresh instance at each review)`];
  }
}

/** The whole report (pure: the info, today and the colour choice in, text out). */
export function formatCardInfo(info: CardInfo, today: number, color: boolean): string {
  const s = makeStyle(color);
  const out: string[] = [];
  const c = info.card;
  const sheet = c.sheet.length ? ` · sheet line${c.sheet.length > 1 ? 's' : ''} ${c.sheet.join(', ')}` : '';
  out.push(`${s.bold(c.id)} ${s.dim(`· ${info.topic} · ${c.type}${sheet}${c.tags.length ? ` · tags ${c.tags.join(', ')}` : ''}${info.retired ? ' · retired from its deck' : ''}`)}`);
  out.push('', ...renderCard(c, (t) => s.green(t)));
  if (c.fix) out.push('', s.dim(`corrects the sheet, which had: ${richToTerminal(c.fix.had)}`));

  out.push('', s.bold('Schedule'));
  out.push(s.dim('  item  state        due         interval  E-Factor  reps  lapses  reviews'));
  for (const i of info.items) {
    out.push(`  ${itemLabel(i.id).padEnd(4)}  ${itemStatus(i, today).padEnd(11)}  ${(i.due === null ? '—' : dayToIso(i.due)).padEnd(10)}  ${(i.due === null ? '—' : formatInterval(i.interval)).padStart(8)}  ${efToNumber(i.ef).toFixed(2).padStart(8)}  ${String(i.reps).padStart(4)}  ${String(i.lapses).padStart(6)}  ${String(i.reviews).padStart(7)}`);
  }

  const cardLevel = c.type === 'numeric' ? c.level : undefined;
  out.push('', `${s.bold('History')} ${s.dim(`· ${info.history.length} answer${info.history.length === 1 ? '' : 's'}, oldest first, times in UTC`)}`);
  if (!info.history.length) out.push('  never answered');
  else out.push(s.dim('  when              item  kind    grade  time    E-Factor     interval'));
  for (const h of info.history) {
    const secs = `${(h.durationMs / 1000).toFixed(1)}s`;
    const ef = h.efBefore === h.efAfter ? efToNumber(h.efAfter).toFixed(2) : `${efToNumber(h.efBefore).toFixed(2)}→${efToNumber(h.efAfter).toFixed(2)}`;
    const ivl = h.intervalBefore === h.intervalAfter ? formatInterval(h.intervalAfter) : `${formatInterval(h.intervalBefore)}→${formatInterval(h.intervalAfter)}`;
    const kind = h.source === 'anki' ? `${h.kind}*` : h.kind;
    out.push(`  ${when(h.reviewedAt)}  ${itemLabel(h.itemId).padEnd(4)}  ${kind.padEnd(6)}  ${String(h.grade).padStart(5)}  ${secs.padStart(6)}  ${ef.padEnd(11)}  ${ivl}`);
    const replay = replayCommand(h, cardLevel);
    if (replay) {
      const verdict = h.correct === null ? '' : h.correct ? s.green(' ✓') : s.red(' ✗');
      out.push(`      seed ${h.seed} · level ${h.level ?? cardLevel ?? 1} · answered ${JSON.stringify(h.answerGiven ?? '').replace(/[\u007f-\u009f]/g, '?')}${verdict}${h.misconception ? ` · ${h.misconception}` : ''}`);
      out.push(s.dim(`      replay: ${replay}`));
    }
  }
  if (info.history.some((h) => h.source === 'anki')) out.push(s.dim('  * imported from Anki'));
  return `${out.join('\n')}\n`;
}

/** JSON form: the same facts with ISO dates and E-Factors as numbers. */
export function cardInfoJson(info: CardInfo, today: number): unknown {
  const cardLevel = info.card.type === 'numeric' ? info.card.level : undefined;
  return {
    id: info.card.id,
    topic: info.topic,
    retired: info.retired,
    card: info.card,
    items: info.items.map((i) => ({
      id: i.id, state: itemStatus(i, today), due: i.due === null ? null : dayToIso(i.due), interval: i.interval, ef: efToNumber(i.ef),
      reps: i.reps, lapses: i.lapses, reviews: i.reviews, suspended: i.suspended, leech: i.leech,
    })),
    history: info.history.map((h) => ({
      at: new Date(h.reviewedAt).toISOString(), item: h.itemId, kind: h.kind, source: h.source, grade: h.grade, durationMs: h.durationMs,
      efBefore: efToNumber(h.efBefore), efAfter: efToNumber(h.efAfter), intervalBefore: h.intervalBefore, intervalAfter: h.intervalAfter,
      dueAfter: h.dueAfter === null ? null : dayToIso(h.dueAfter),
      ...(h.family !== null ? { family: h.family, seed: h.seed, level: h.level ?? cardLevel ?? 1, answer: h.answerGiven, correct: h.correct, misconception: h.misconception, replay: replayCommand(h, cardLevel) } : {}),
    })),
  };
}

export async function runCardShow(id: string, opts: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const db = await openForCommand(ctx, { backup: false, readOnlyFallback: true });
  let info: CardInfo;
  try {
    const cardId = id.includes('#') ? id.slice(0, id.indexOf('#')) : id;
    const row = db.prepare('SELECT id, topic, content, retired_at FROM cards WHERE id = ?').get(cardId) as { id: string; topic: string; content: string; retired_at: number | null } | undefined;
    if (!row) {
      const { didYouMean } = await import('../suggest.js');
      const ids = db.prepare('SELECT id FROM cards WHERE retired_at IS NULL').pluck().all() as string[];
      throw new UserError(`no such card: ${id}${didYouMean(cardId, ids)} (see deepcards card list)`, 2);
    }
    const only = id.includes('#') ? id : null;
    const items = (db.prepare(`SELECT id, ord, reps, ef, interval, due, lapses, reviews, suspended, leech, retired, buried_until, again_day
        FROM items WHERE card_id = ? ${only ? 'AND id = ?' : ''} ORDER BY ord`).all(...(only ? [cardId, only] : [cardId])) as Record<string, number | string | null>[])
      .map((r): ItemInfo => ({
        id: r['id'] as string, ord: r['ord'] as number, reps: r['reps'] as number, ef: r['ef'] as number, interval: r['interval'] as number,
        due: r['due'] as number | null, lapses: r['lapses'] as number, reviews: r['reviews'] as number, suspended: r['suspended'] === 1,
        leech: r['leech'] === 1, retired: r['retired'] === 1, buriedUntil: r['buried_until'] as number | null, againDay: r['again_day'] as number | null,
      }));
    if (only && !items.length) throw new UserError(`no such item: ${id} (the card has ${db.prepare('SELECT count(*) FROM items WHERE card_id = ?').pluck().get(cardId)} items)`, 2);
    const history = (db.prepare(`SELECT r.id, r.item_id, r.reviewed_at, r.day, r.kind, r.grade, r.duration_ms, r.ef_before, r.ef_after,
          r.interval_before, r.interval_after, r.due_after, r.family, r.seed, r.level, r.answer_given, r.correct, r.misconception, r.source
        FROM reviews r JOIN items i ON i.id = r.item_id WHERE i.card_id = ? ${only ? 'AND r.item_id = ?' : ''} ORDER BY r.reviewed_at, r.id`)
      .all(...(only ? [cardId, only] : [cardId])) as Record<string, number | string | null>[])
      .map((r): HistoryRow => ({
        id: r['id'] as number, itemId: r['item_id'] as string, reviewedAt: r['reviewed_at'] as number, day: r['day'] as number, kind: r['kind'] as string,
        grade: r['grade'] as number, durationMs: r['duration_ms'] as number, efBefore: r['ef_before'] as number, efAfter: r['ef_after'] as number,
        intervalBefore: r['interval_before'] as number, intervalAfter: r['interval_after'] as number, dueAfter: r['due_after'] as number | null,
        family: r['family'] as string | null, seed: r['seed'] as number | null, level: r['level'] as number | null, answerGiven: r['answer_given'] as string | null,
        correct: r['correct'] === null ? null : r['correct'] === 1, misconception: r['misconception'] as string | null, source: r['source'] as string,
      }));
    info = { card: JSON.parse(row.content) as Card, topic: row.topic, retired: row.retired_at !== null, items, history };
  } finally {
    db.close();
  }
  const today = studyDay(ctx.clock.now());
  ctx.out.write(opts.json ? `${JSON.stringify(cardInfoJson(info, today), null, 2)}\n` : formatCardInfo(info, today, ctx.color));
  return 0;
}
