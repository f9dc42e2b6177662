// `deepcards stats [--days N] [--topic T,…] [--json]`: the shell around src/stats/compute.ts — runs the
// queries (src/store/stats-queries.ts), computes, and lays the figures out with src/ui/charts.ts.
import { studyDay } from '../clock.js';
import { UserError } from '../errors.js';
import { ANSWER_KINDS, computeStats, heatmapStart, MATURE_DAYS, periodStart, type AnswerKind, type Rate, type Stats } from '../stats/compute.js';
import { loadStatsRows } from '../store/stats-queries.js';
import { calendarHeatmap, columnChart, fmtDuration, fmtInt, fmtPct, hbar, stackedChart, wrapText, type Series } from '../ui/charts.js';
import { makeStyle } from '../ui/style.js';
import type { CommandContext } from './context.js';
import { openForCommand } from './open-collection.js';
import { checkTopics } from './topics.js';

export const DEFAULT_DAYS = 30;
export const DEFAULT_FORECAST = 30;
/** The report fits this many columns. */
export const WIDTH = 80;
/** Columns a two-character-per-column chart can have within WIDTH (beside its y labels). */
const MAX_COLUMNS = 36;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function parseTopics(topic: string | undefined): string[] | null {
  if (topic === undefined) return null;
  const list = topic.split(',').map((t) => t.trim()).filter(Boolean);
  return list.length ? list : null;
}

export async function runStats(opts: { days?: number; forecast?: number; topic?: string; json?: boolean }, ctx: CommandContext): Promise<number> {
  const days = opts.days ?? DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new UserError('--days must be an integer from 1 to 3650', 2);
  const forecast = opts.forecast ?? DEFAULT_FORECAST;
  if (!Number.isInteger(forecast) || forecast < 2 || forecast > 3650) throw new UserError('--forecast must be an integer from 2 to 3650', 2);
  const topics = parseTopics(opts.topic);
  const db = await openForCommand(ctx, { backup: false, readOnlyFallback: true });
  let stats: Stats;
  try {
    checkTopics(db, topics);
    const today = studyDay(ctx.clock.now());
    const rows = loadStatsRows(db, { today, from: periodStart(today, days), dueBefore: today + forecast, heatmapFrom: heatmapStart(today), topics });
    stats = computeStats(rows, { today, days, forecast, topics });
  } finally {
    db.close();
  }
  ctx.out.write(opts.json ? `${JSON.stringify(stats, null, 2)}\n` : formatStats(stats, ctx.color));
  return 0;
}

function rateCell(r: Rate, color: boolean): string {
  return r.reviews ? `${fmtPct(r.rate, color).padStart(6)} ${`(${fmtInt(r.reviews)})`.padEnd(8)}` : `${(color ? '—' : '-').padStart(6)} ${''.padEnd(8)}`;
}

/** Colours and plain letters of the answer kinds (Anki's: new blue, learning red, young and mature green). */
function kindSeries(color: boolean): Record<AnswerKind, Series> {
  const s = makeStyle(color);
  return {
    new: { char: 'N', paint: (t) => s.blue(t) },
    learning: { char: 'L', paint: (t) => s.red(t) },
    young: { char: 'Y', paint: (t) => s.greenBright(t) },
    mature: { char: 'M', paint: (t) => s.green(t) },
    cram: { char: 'C', paint: (t) => s.magenta(t) },
    exam: { char: 'E', paint: (t) => s.yellow(t) },
  };
}

/** Consecutive groups of `size` (the last may be shorter), so a long period fits MAX_COLUMNS. */
function groups<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** x labels for a chart of `n` columns: the first, then every `every` columns. */
function everyLabel(n: number, every: number, text: (i: number) => string): Map<number, string> {
  const m = new Map<number, string>();
  for (let i = 0; i < n; i += every) m.set(i, text(i));
  return m;
}

function shortDate(iso: string): string {
  return `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}`;
}

/** The text report (pure: stats and the colour choice in, text out); no line is wider than WIDTH. */
export function formatStats(st: Stats, color: boolean): string {
  const s = makeStyle(color);
  const o = { color };
  const out: string[] = [];
  const text = (line: string): void => void out.push(...wrapText(line, WIDTH));
  const h = (title: string, note = ''): void => {
    out.push('');
    text(`${s.bold(title)}${note ? ` ${s.dim(note)}` : ''}`);
  };
  text(`${s.bold('deepcards stats')} · ${st.today.date} · last ${st.period.days} day${st.period.days === 1 ? '' : 's'} (since ${st.period.fromDate}) · ${st.topics ? `topics ${st.topics.join(', ')}` : 'all topics'}`);
  const c = st.cards;
  text(`${fmtInt(c.items)} items: ${fmtInt(c.new)} new · ${fmtInt(c.young)} young · ${fmtInt(c.mature)} mature (interval ≥ ${MATURE_DAYS} d) · ${fmtInt(c.suspended)} suspended · ${fmtInt(c.leeches)} leech${c.leeches === 1 ? '' : 'es'}`);

  // forecast: one column per day, or per few days when the horizon is longer than fits
  const f = st.forecast;
  const fSize = Math.ceil(f.days.length / MAX_COLUMNS);
  const fCols = groups(f.days, fSize);
  h(`Due in the next ${f.days.length} days${fSize > 1 ? ` (a column is ${fSize} days)` : ''}`,
    `${fmtInt(f.total)} reviews · due tomorrow ${fmtInt(f.tomorrow)}${f.overdue ? ` · today's include ${fmtInt(f.overdue)} overdue` : ''}`);
  out.push(...columnChart(fCols.map((g) => g.reduce((n, d) => n + d.due, 0)), {
    ...o, height: 6,
    xLabels: everyLabel(fCols.length, fSize > 1 ? 6 : 7, (i) => (i === 0 ? 'today' : `+${i * fSize}`)),
  }));

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
  text(`streak ${s.bold(`${streak.current} day${streak.current === 1 ? '' : 's'}`)}${streak.current && !streak.reviewedToday ? ' (review today to keep it)' : ''} · longest ${streak.longest} day${streak.longest === 1 ? '' : 's'}`);

  // answers and time per day, by kind
  const series = kindSeries(color);
  const shown = ANSWER_KINDS.filter((k) => st.buttons[k].answers > 0);
  const legend = shown.map((k) => `${color ? series[k].paint('█') : series[k].char} ${k}`).join('  ');
  const dSize = Math.ceil(st.perDay.length / MAX_COLUMNS);
  const dCols = groups(st.perDay, dSize);
  const dLabels = everyLabel(dCols.length, 7, (i) => shortDate(dCols[i]![0]!.date));
  const per = dSize > 1 ? ` (a column is ${dSize} days)` : '';
  const totalAnswers = st.perDay.reduce((n, d) => n + d.answers, 0);
  h(`Answers per day by kind${per}`, totalAnswers ? legend : 'none in the period');
  if (totalAnswers) {
    out.push(...stackedChart(dCols.map((g) => shown.map((k) => g.reduce((n, d) => n + d.kinds[k].answers, 0))), shown.map((k) => series[k]), { ...o, height: 6, xLabels: dLabels }));
    const totalMs = st.perDay.reduce((n, d) => n + d.ms, 0);
    h(`Minutes per day by kind${per}`, `${fmtDuration(totalMs)} in all`);
    out.push(...stackedChart(dCols.map((g) => shown.map((k) => g.reduce((n, d) => n + d.kinds[k].ms, 0) / 60_000)), shown.map((k) => series[k]), { ...o, height: 6, xLabels: dLabels }));
  }

  // answer buttons
  h('Grades by kind of answer', 'in the period; passed = graded 3 or more');
  if (!totalAnswers) out.push('no answers in the period');
  else {
    out.push(s.dim(`${'kind'.padEnd(9)}${'answers'.padStart(8)}  ${[0, 1, 2, 3, 4, 5].map((g) => String(g).padStart(6)).join('')}  ${'passed'.padStart(6)}`));
    for (const k of shown) {
      const b = st.buttons[k];
      out.push(`${k.padEnd(9)}${fmtInt(b.answers).padStart(8)}  ${b.counts.map((n) => fmtInt(n).padStart(6)).join('')}  ${fmtPct(b.rate, color).padStart(6)}`);
    }
  }

  // hours
  const hourMax = Math.max(...st.hours.map((x) => x.answers));
  if (hourMax > 0) {
    const best = st.hours.filter((x) => x.answers >= Math.max(5, totalAnswers / 50)).sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0) || a.hour - b.hour)[0];
    h('Answers by hour of the day', best ? `best hour ${String(best.hour).padStart(2, '0')}:00 (${fmtPct(best.rate, color)} passed of ${fmtInt(best.answers)})` : 'local time');
    out.push(...columnChart(st.hours.map((x) => x.answers), { ...o, height: 5, xLabels: everyLabel(24, 6, (i) => `${String(i).padStart(2, '0')}h`) }));
    const rates = st.hours.map((x) => (x.rate === null ? (color ? '·' : '.') : x.rate >= 0.995 ? 'T' : String(Math.floor(x.rate * 10)))).join(' ');
    out.push(`${' '.repeat(String(hourMax).length + 2)}${rates}  ${s.dim('passed: tens of %, T = all')}`);
  }

  // retention
  const r = st.retention;
  h('True retention', 'scheduled reviews graded ≥ 3 in the period; young/mature by the interval before the review');
  if (!r.overall.reviews) out.push('no scheduled reviews in the period');
  else {
    const w = Math.max(5, ...r.topics.map((t) => t.topic.length));
    const bar = Math.max(4, WIDTH - (w + 2 + 3 * 16));
    out.push(s.dim(`${'topic'.padEnd(w)}  ${'young'.padStart(6)} ${''.padEnd(8)} ${'mature'.padStart(6)} ${''.padEnd(8)} ${'all'.padStart(6)}`));
    const line = (name: string, t: { young: Rate; mature: Rate; overall: Rate }, bold: boolean): string =>
      `${bold ? s.bold(name.padEnd(w)) : name.padEnd(w)}  ${rateCell(t.young, color)} ${rateCell(t.mature, color)} ${rateCell(t.overall, color)} ${hbar(t.overall.rate ?? 0, 1, bar - 1, o)}`;
    if (r.topics.length > 1) for (const t of r.topics) out.push(line(t.topic, t, false));
    out.push(line('all', r, true));
    const rot = st.retentionOverTime;
    const single = rot.every((x) => x.from === x.to);
    h(`Retention over time, by ${single ? 'day' : 'week'}`, 'scheduled reviews; cram, drills and exams left out');
    for (const x of rot) {
      const label = single ? shortDate(x.fromDate) : `${shortDate(x.fromDate)}–${shortDate(x.toDate)}`;
      out.push(`${label.padEnd(13)} ${rateCell(x, color)} ${x.reviews ? hbar(x.rate ?? 0, 1, 40, o) : ''}`.trimEnd());
    }
  }

  // intervals
  const iv = st.intervals;
  h('Intervals', iv.items ? `${fmtInt(iv.items)} scheduled items · median ${iv.median} d` : 'no scheduled items yet');
  if (iv.items) {
    const max = Math.max(...iv.buckets.map((b) => b.items));
    for (const b of iv.buckets) out.push(`${b.label.padStart(9)}  ${hbar(b.items, max, 40, o)} ${fmtInt(b.items)}`);
  }

  // ease
  const e = st.ease;
  h('E-Factor', e.items ? `${fmtInt(e.items)} reviewed items · mean ${e.mean!.toFixed(2)}` : 'no reviewed items yet');
  if (e.items) {
    const max = Math.max(...e.buckets.map((b) => b.items));
    for (const b of e.buckets) out.push(`${b.label.padStart(9)}  ${hbar(b.items, max, 40, o)} ${fmtInt(b.items)}`);
    if (e.topics.length > 1) text(s.dim('mean by topic: ') + e.topics.map((t) => `${t.topic} ${t.mean!.toFixed(2)}`).join(' · '));
  }

  // time
  const t = st.time;
  h('Time');
  text(`today ${fmtDuration(t.todayMs)} (${fmtInt(t.todayAnswers)} answers) · last ${st.period.days} days ${fmtDuration(t.periodMs)} (${fmtInt(t.periodAnswers)} answers${t.msPerAnswer !== null ? `, ${(t.msPerAnswer / 1000).toFixed(1)} s each` : ''})`);

  // numeric families
  if (st.families.length) {
    h('Numeric questions', 'answers checked right, by family, in the period');
    const w = Math.min(40, Math.max(...st.families.map((f) => f.family.length)));
    for (const f of st.families) {
      out.push(`${f.family.padEnd(w)}  ${`${f.correct}/${f.answers}`.padStart(9)} ${fmtPct(f.accuracy, color).padStart(6)} ${hbar(f.accuracy ?? 0, 1, 20, o)}`);
    }
  }

  // leeches
  if (st.leeches.count) {
    h(`Leeches (${st.leeches.count})`, 'lapsed 8 times and suspended: rewrite or split them, then deepcards card unsuspend <id>');
    for (const l of st.leeches.items.slice(0, 10)) text(`  ${s.red(l.id)} ${s.dim(`(${l.topic}, ${l.lapses} lapses)`)}`);
    if (st.leeches.count > 10) text(`  … and ${st.leeches.count - 10} more (deepcards card list --leeches)`);
  }
  return `${out.join('\n')}\n`;
}
