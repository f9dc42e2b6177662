// `deepcards status [--json]`: due now, new available, reviewed today, per topic. Kept lean:
// SQLite and the clock only.
import { studyDay } from '../clock.js';
import { pacedNewLimit } from '../store/pacing.js';
import type { CommandContext } from './context.js';
import { BUNDLED_TOPICS_KEY, openForCommand } from './open-collection.js';
import { getMeta } from '../store/collection.js';
import { readSettings } from '../store/config.js';
import { makeStyle } from '../ui/style.js';

export interface TopicStatus {
  topic: string;
  due: number;
  new: number;
  total: number;
  suspended: number;
  reviewedToday: number;
}

export async function runStatus(opts: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const db = await openForCommand(ctx, { backup: false, readOnlyFallback: true }); // reads only: no daily backup
  const today = studyDay(ctx.clock.now(), readSettings(db).rolloverHour);
  // One pass over the items_topic covering index (migration 003), no join with cards: an item's topic
  // is its id's prefix, and a retired card's items are retired with it (sync-plan.ts).
  const counted = db.prepare(`SELECT substr(card_id, 1, instr(card_id, '.') - 1) AS topic,
        sum(CASE WHEN due IS NOT NULL AND due <= @today AND suspended = 0 THEN 1 ELSE 0 END) AS due,
        sum(CASE WHEN due IS NULL AND suspended = 0 THEN 1 ELSE 0 END) AS new,
        count(*) AS total,
        sum(suspended) AS suspended
      FROM items WHERE retired = 0 GROUP BY 1`).all({ today }) as Omit<TopicStatus, 'reviewedToday'>[];
  // answers today per topic, from the per-day summary of the log kept by triggers (migration 003)
  const today_ = db.prepare(`SELECT topic, kind, sum(n) AS n FROM review_days WHERE day = ? AND kind IN ('new', 'review') GROUP BY topic, kind`)
    .all(today) as { topic: string; kind: string; n: number }[];
  // SM-2 step 7 across sessions: graded below 4 today and not yet 4/5 again (partial index items_again)
  const againToday = db.prepare(`SELECT count(*) FROM items WHERE again_day = ? AND suspended = 0 AND retired = 0
      AND (buried_until IS NULL OR buried_until <= ?)`).pluck().get(today, today) as number;
  const order = JSON.parse(getMeta(db, BUNDLED_TOPICS_KEY) ?? '[]') as string[];
  const paced = pacedNewLimit(db, readSettings(db), today); // today's new-card limit (paced toward exam-date)
  db.close();
  const rank = (t: string): number => (order.includes(t) ? order.indexOf(t) : order.length);
  const rows = counted.sort((a, b) => rank(a.topic) - rank(b.topic) || a.topic.localeCompare(b.topic));
  const reviewed = new Map<string, number>();
  for (const r of today_) reviewed.set(r.topic, (reviewed.get(r.topic) ?? 0) + r.n);
  const newToday = today_.filter((r) => r.kind === 'new').reduce((n, r) => n + r.n, 0);
  const topics: TopicStatus[] = rows.map((r) => ({ ...r, reviewedToday: reviewed.get(r.topic) ?? 0 }));
  const sum = (k: keyof Omit<TopicStatus, 'topic'>): number => topics.reduce((n, t) => n + t[k], 0);
  const totals = { due: sum('due'), againToday, new: sum('new'), reviewedToday: sum('reviewedToday'), newToday, total: sum('total'), suspended: sum('suspended') };
  if (opts.json) {
    const newLimit = { limit: paced.limit, pacedFor: paced.pacedFor, warning: paced.warning };
    ctx.out.write(`${JSON.stringify({ collection: ctx.dbPath, day: today, ...totals, newLimit, topics }, null, 2)}\n`);
    return 0;
  }
  const s = makeStyle(ctx.color);
  ctx.out.write(`${s.bold('deepcards')} · ${ctx.dbPath}\n`);
  ctx.out.write(`due now ${s.bold(String(totals.due))} · again today ${againToday} · new available ${totals.new} · reviewed today ${totals.reviewedToday} (${newToday} new)\n\n`);
  const w = Math.max(5, ...topics.map((t) => t.topic.length));
  ctx.out.write(s.dim(`${'topic'.padEnd(w)}   due   new  total  today\n`));
  for (const t of topics) {
    ctx.out.write(`${t.topic.padEnd(w)} ${String(t.due).padStart(5)} ${String(t.new).padStart(5)} ${String(t.total).padStart(6)} ${String(t.reviewedToday).padStart(6)}\n`);
  }
  ctx.out.write(`\nnew today: ${paced.limit}${paced.pacedFor ? ` (paced for ${paced.pacedFor})` : ''}${paced.warning ? `\n${s.yellow(paced.warning)}` : ''}\n`);
  return 0;
}
