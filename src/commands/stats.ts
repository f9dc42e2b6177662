// `deepcards stats [--days N] [--topic T,…] [--json]`: the shell around src/stats/compute.ts — runs the
// queries (src/store/stats-queries.ts), computes, and lays the figures out with src/ui/charts.ts.
import { studyDay } from '../clock.js';
import { UserError } from '../errors.js';
import { computeStats, heatmapStart, MATURE_DAYS, periodStart, type Rate, type Stats } from '../stats/compute.js';
import { loadStatsRows } from '../store/stats-queries.js';
import { calendarHeatmap, columnChart, fmtDuration, fmtInt, fmtPct, hbar } from '../ui/charts.js';
import { makeStyle } from '../ui/style.js';
import type { CommandContext } from './context.js';
import { openForCommand } from './open-collection.js';
import { checkTopics } from './topics.js';

export const DEFAULT_DAYS = 30;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function parseTopics(topic: string | undefined): string[] | null {
  if (topic === undefined) return null;
  const list = topic.split(',').map((t) => t.trim()).filter(Boolean);
  return list.length ? list : null;
}

export async function runStats(opts: { days?: number; topic?: string; json?: boolean }, ctx: CommandContext): Promise<number> {
  const days = opts.days ?? DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new UserError('--days must be an integer from 1 to 3650', 2);
  const topics = parseTopics(opts.topic);
  const db = await openForCommand(ctx, { backup: false, readOnlyFallback: true });
  let stats: Stats;
  try {
    checkTopics(db, topics);
    const today = studyDay(ctx.clock.now());
    const rows = loadStatsRows(db, { today, from: periodStart(today, days), dueBefore: today + days, heatmapFrom: heatmapStart(today), topics });
    stats = computeStats(rows, { today, days, topics });
  } finally {
    db.close();
  }
  ctx.out.write(opts.json ? `${JSON.stringify(stats, null, 2)}\n` : formatStats(stats, ctx.color));
  return 0;
}

function rateCell(r: Rate, color: boolean): string {
  return r.reviews ? `${fmtPct(r.rate, color).padStart(6)} ${`(${fmtInt(r.reviews)})`.padEnd(8)}` : `${(color ? '—' : '-').padStart(6)} ${''.padEnd(8)}`;
}

/** The text report (pure: stats and the colour choice in, text out). */
export function formatStats(st: Stats, color: boolean): string {
  const s = makeStyle(color);
  const o = { color };
  const out: string[] = [];
  const h = (title: string, note = ''): void => {
    out.push('', `${s.bold(title)}${note ? ` ${s.dim(note)}` : ''}`);
  };
  out.push(`${s.bold('deepcards stats')} · ${st.today.date} · last ${st.period.days} day${st.period.days === 1 ? '' : 's'} (since ${st.period.fromDate}) · ${st.topics ? `topics ${st.topics.join(', ')}` : 'all topics'}`);
  const c = st.cards;
  out.push(`${fmtInt(c.items)} items: ${fmtInt(c.new)} new · ${fmtInt(c.young)} young · ${fmtInt(c.mature)} mature (interval ≥ ${MATURE_DAYS} d) · ${fmtInt(c.suspended)} suspended · ${fmtInt(c.leeches)} leech${c.leeches === 1 ? '' : 'es'}`);

  // forecast
  h(`Due in the next ${st.forecast.days.length} days`, `${fmtInt(st.forecast.total)} reviews${st.forecast.overdue ? `, today's include ${fmtInt(st.forecast.overdue)} overdue` : ''}`);
  const labels = new Map<number, string>();
  st.forecast.days.forEach((_d, i) => {
    if (i === 0) labels.set(0, 'today');
    else if (i % 7 === 0) labels.set(i, `+${i}`);
  });
  out.push(...columnChart(st.forecast.days.map((d) => d.due), { ...o, height: 6, xLabels: labels }));

  // heatmap
  const hm = st.heatmap;
  h(`Answers per day, last ${hm.weeks} weeks`, `${fmtInt(hm.total)} on ${hm.activeDays} days · busiest day ${fmtInt(hm.max)}`);
  const cells: (number | null)[][] = [];
  const monthLabels: (string | null)[] = [];
  for (let w = 0; w < hm.weeks; w++) {
    const week: (number | null)[] = [];
    for (let wd = 0; wd < 7; wd++) week.push(hm.days[w * 7 + wd]?.level ?? null);
    cells.push(week);
    const monday = hm.from + w * 7;
    const month = new Date(monday * 86_400_000).getUTCMonth();
    const prev = new Date((monday - 7) * 86_400_000).getUTCMonth();
    monthLabels.push(w === 0 || month !== prev ? MONTHS[month]! : null);
  }
  out.push(...calendarHeatmap(cells, monthLabels, o));
  const streak = st.streak;
  out.push(`streak ${s.bold(`${streak.current} day${streak.current === 1 ? '' : 's'}`)}${streak.current && !streak.reviewedToday ? ' (review today to keep it)' : ''} · longest ${streak.longest} day${streak.longest === 1 ? '' : 's'}`);

  // retention
  const r = st.retention;
  h('True retention', `scheduled reviews graded ≥ 3 in the period; young/mature by the interval before the review`);
  if (!r.overall.reviews) out.push('no scheduled reviews in the period');
  else {
    const w = Math.max(5, ...r.topics.map((t) => t.topic.length));
    out.push(s.dim(`${'topic'.padEnd(w)}  ${'young'.padStart(6)} ${''.padEnd(8)} ${'mature'.padStart(6)} ${''.padEnd(8)} ${'all'.padStart(6)}`));
    const line = (name: string, t: { young: Rate; mature: Rate; overall: Rate }, bold: boolean): string =>
      `${bold ? s.bold(name.padEnd(w)) : name.padEnd(w)}  ${rateCell(t.young, color)} ${rateCell(t.mature, color)} ${rateCell(t.overall, color)} ${hbar(t.overall.rate ?? 0, 1, 20, o)}`;
    if (r.topics.length > 1) for (const t of r.topics) out.push(line(t.topic, t, false));
    out.push(line('all', r, true));
  }

  // ease
  const e = st.ease;
  h('E-Factor', e.items ? `${fmtInt(e.items)} reviewed items · mean ${e.mean!.toFixed(2)}` : 'no reviewed items yet');
  if (e.items) {
    const max = Math.max(...e.buckets.map((b) => b.items));
    for (const b of e.buckets) out.push(`${b.label.padStart(9)}  ${hbar(b.items, max, 30, o)} ${fmtInt(b.items)}`);
    if (e.topics.length > 1) {
      out.push(s.dim('mean by topic: ') + e.topics.map((t) => `${t.topic} ${t.mean!.toFixed(2)}`).join(' · '));
    }
  }

  // time
  const t = st.time;
  h('Time');
  out.push(`today ${fmtDuration(t.todayMs)} (${fmtInt(t.todayAnswers)} answers) · last ${st.period.days} days ${fmtDuration(t.periodMs)} (${fmtInt(t.periodAnswers)} answers${t.msPerAnswer !== null ? `, ${(t.msPerAnswer / 1000).toFixed(1)} s each` : ''})`);

  // numeric families
  if (st.families.length) {
    h('Numeric questions', 'answers checked right, by family, in the period');
    const w = Math.max(...st.families.map((f) => f.family.length));
    for (const f of st.families) {
      out.push(`${f.family.padEnd(w)}  ${`${f.correct}/${f.answers}`.padStart(9)} ${fmtPct(f.accuracy, color).padStart(6)} ${hbar(f.accuracy ?? 0, 1, 20, o)}`);
    }
  }

  // leeches
  if (st.leeches.count) {
    h(`Leeches (${st.leeches.count})`, 'lapsed 8 times and suspended: rewrite or split them, then deepcards card unsuspend <id>');
    for (const l of st.leeches.items.slice(0, 10)) out.push(`  ${s.red(l.id)} ${s.dim(`(${l.topic}, ${l.lapses} lapses)`)}`);
    if (st.leeches.count > 10) out.push(`  … and ${st.leeches.count - 10} more (deepcards card list --leeches)`);
  }
  return `${out.join('\n')}\n`;
}
