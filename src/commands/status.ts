// `deepcards status [--json]`: due now, new available, reviewed today, per topic. Kept lean:
// SQLite and the clock only.
import { studyDay } from '../clock.js';
import type { CommandContext } from './context.js';
import { openForCommand } from './open-collection.js';
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
  const db = await openForCommand(ctx, { backup: false }); // reads only: no daily backup
  const today = studyDay(ctx.clock.now());
  const rows = db.prepare(`SELECT c.topic AS topic,
        sum(CASE WHEN i.due IS NOT NULL AND i.due <= @today AND i.suspended = 0 THEN 1 ELSE 0 END) AS due,
        sum(CASE WHEN i.due IS NULL AND i.suspended = 0 THEN 1 ELSE 0 END) AS new,
        count(*) AS total,
        sum(i.suspended) AS suspended
      FROM items i JOIN cards c ON c.id = i.card_id
      WHERE i.retired = 0 AND c.retired_at IS NULL GROUP BY c.topic ORDER BY min(c.position)`).all({ today }) as Omit<TopicStatus, 'reviewedToday'>[];
  const reviewed = new Map((db.prepare(`SELECT c.topic AS topic, count(*) AS n FROM reviews r JOIN items i ON i.id = r.item_id
      JOIN cards c ON c.id = i.card_id WHERE r.day = ? AND r.kind IN ('new', 'review') GROUP BY c.topic`).all(today) as { topic: string; n: number }[]).map((r) => [r.topic, r.n]));
  const newToday = db.prepare(`SELECT count(*) FROM reviews WHERE day = ? AND kind = 'new'`).pluck().get(today) as number;
  db.close();
  const topics: TopicStatus[] = rows.map((r) => ({ ...r, reviewedToday: reviewed.get(r.topic) ?? 0 }));
  const sum = (k: keyof Omit<TopicStatus, 'topic'>): number => topics.reduce((n, t) => n + t[k], 0);
  const totals = { due: sum('due'), new: sum('new'), reviewedToday: sum('reviewedToday'), newToday, total: sum('total'), suspended: sum('suspended') };
  if (opts.json) {
    ctx.out.write(`${JSON.stringify({ collection: ctx.dbPath, day: today, ...totals, topics }, null, 2)}\n`);
    return 0;
  }
  const s = makeStyle(ctx.color);
  ctx.out.write(`${s.bold('deepcards')} · ${ctx.dbPath}\n`);
  ctx.out.write(`due now ${s.bold(String(totals.due))} · new available ${totals.new} · reviewed today ${totals.reviewedToday} (${newToday} new)\n\n`);
  const w = Math.max(5, ...topics.map((t) => t.topic.length));
  ctx.out.write(s.dim(`${'topic'.padEnd(w)}   due   new  total  today\n`));
  for (const t of topics) {
    ctx.out.write(`${t.topic.padEnd(w)} ${String(t.due).padStart(5)} ${String(t.new).padStart(5)} ${String(t.total).padStart(6)} ${String(t.reviewedToday).padStart(6)}\n`);
  }
  return 0;
}
