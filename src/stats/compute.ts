// Pure: aggregated rows from the collection in, the figures of `deepcards stats` out. No clock (the
// study day comes in as `today`), no SQL, no terminal. Days are study-day numbers (src/clock.ts).
import { dayToIso } from '../clock.js';

/** SM-2 items with an interval of at least this many days are "mature" (Anki's convention). */
export const MATURE_DAYS = 21;
export const HEATMAP_WEEKS = 26;

/** What src/store/stats-queries.ts reads; every list is already restricted to the chosen topics. */
export interface StatsRows {
  /** Active (not suspended, not retired) scheduled items per due day, due < today + days (overdue included). */
  dueByDay: { due: number; n: number }[];
  /** Answers of any kind per day, over the heatmap window (heatmapStart(today) … today). */
  reviewsByDay: { day: number; n: number }[];
  /** Distinct days ≤ today with at least one answer (any order), for the streaks. */
  activeDays: number[];
  /** Scheduled reviews (kind 'review') in the period, by topic and by maturity of interval_before. */
  retention: { topic: string; mature: number; n: number; passed: number }[];
  /**
   * Non-retired items per topic: how many, new, mature (reviewed, interval ≥ MATURE_DAYS), suspended,
   * leeches, reviewed (not new), and the sum of the reviewed items' E-Factors (hundredths).
   */
  items: { topic: string; n: number; isNew: number; mature: number; suspended: number; leech: number; reviewed: number; efSum: number }[];
  /** Reviewed, non-retired items per E-Factor (hundredths). */
  ease: { ef: number; n: number }[];
  /** Answers of any kind and their time per day, in the period. */
  timeByDay: { day: number; n: number; ms: number }[];
  /** Numeric answers in the period, by family. */
  families: { family: string; n: number; correct: number }[];
  /** Leech items (not retired). */
  leeches: { id: string; topic: string; lapses: number }[];
}

export interface StatsOptions {
  today: number;
  /** Forecast horizon, and the period (last N study days, today included) of the history figures. */
  days: number;
  topics: string[] | null;
}

export interface Rate {
  reviews: number;
  passed: number;
  /** passed / reviews, null without reviews. */
  rate: number | null;
}

export interface Stats {
  today: { day: number; date: string };
  period: { days: number; from: number; fromDate: string };
  topics: string[] | null;
  cards: { items: number; new: number; young: number; mature: number; suspended: number; leeches: number };
  forecast: { total: number; overdue: number; max: number; days: { day: number; date: string; due: number }[] };
  heatmap: {
    weeks: number;
    from: number;
    fromDate: string;
    total: number;
    activeDays: number;
    max: number;
    /** from … today; level 0 for none, 1–4 by quarters of the busiest day. */
    days: { day: number; date: string; reviews: number; level: number }[];
  };
  streak: { current: number; longest: number; reviewedToday: boolean };
  retention: { overall: Rate; young: Rate; mature: Rate; topics: { topic: string; overall: Rate; young: Rate; mature: Rate }[] };
  ease: {
    items: number;
    mean: number | null;
    buckets: { from: number; to: number | null; label: string; items: number }[];
    topics: { topic: string; items: number; mean: number | null }[];
  };
  time: { todayMs: number; todayAnswers: number; periodMs: number; periodAnswers: number; msPerAnswer: number | null };
  families: { family: string; answers: number; correct: number; accuracy: number | null }[];
  leeches: { count: number; items: { id: string; topic: string; lapses: number }[] };
}

/** Monday-based weekday, 0 = Monday: day 0 (1970-01-01) was a Thursday. */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** First day of the heatmap: the Monday HEATMAP_WEEKS - 1 weeks before this week's Monday. */
export function heatmapStart(today: number, weeks = HEATMAP_WEEKS): number {
  return today - weekday(today) - (weeks - 1) * 7;
}

/** First day of the period: the last `days` study days, today included. */
export function periodStart(today: number, days: number): number {
  return today - days + 1;
}

function rate(reviews: number, passed: number): Rate {
  return { reviews, passed, rate: reviews ? passed / reviews : null };
}

/** E-Factor buckets of width 0.2 from 1.3 (SM-2's floor); the last one is open. */
export const EASE_BUCKETS: readonly { from: number; to: number | null }[] = [130, 150, 170, 190, 210, 230, 250, 270].map((from, i, a) => ({
  from,
  to: a[i + 1] ?? null,
}));

function easeLabel(b: { from: number; to: number | null }): string {
  return b.to === null ? `${(b.from / 100).toFixed(2)}+` : `${(b.from / 100).toFixed(2)}–${((b.to - 1) / 100).toFixed(2)}`;
}

/** Current streak (ending today, or yesterday while today has no answer yet) and the longest run. */
export function streaks(activeDays: readonly number[], today: number): { current: number; longest: number; reviewedToday: boolean } {
  const days = [...new Set(activeDays.filter((d) => d <= today))].sort((a, b) => a - b);
  let longest = 0;
  let run = 0;
  for (let i = 0; i < days.length; i++) {
    run = i > 0 && days[i] === days[i - 1]! + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  const set = new Set(days);
  const reviewedToday = set.has(today);
  let current = 0;
  for (let d = reviewedToday ? today : today - 1; set.has(d); d--) current++;
  return { current, longest, reviewedToday };
}

export function computeStats(rows: StatsRows, opts: StatsOptions): Stats {
  const { today, days } = opts;
  const from = periodStart(today, days);

  // forecast: today's bar holds what is due today and everything overdue
  const byDue = new Map<number, number>();
  let overdue = 0;
  for (const r of rows.dueByDay) {
    if (r.due < today) overdue += r.n;
    const d = Math.max(r.due, today);
    if (d < today + days) byDue.set(d, (byDue.get(d) ?? 0) + r.n);
  }
  const forecastDays = Array.from({ length: days }, (_v, i) => ({ day: today + i, date: dayToIso(today + i), due: byDue.get(today + i) ?? 0 }));

  // heatmap
  const hFrom = heatmapStart(today);
  const perDay = new Map<number, number>();
  for (const r of rows.reviewsByDay) if (r.day >= hFrom && r.day <= today) perDay.set(r.day, (perDay.get(r.day) ?? 0) + r.n);
  const hMax = Math.max(0, ...perDay.values());
  const hDays = Array.from({ length: today - hFrom + 1 }, (_v, i) => {
    const n = perDay.get(hFrom + i) ?? 0;
    return { day: hFrom + i, date: dayToIso(hFrom + i), reviews: n, level: n === 0 ? 0 : Math.min(4, Math.ceil((4 * n) / hMax)) };
  });

  // retention
  const topicNames = [...new Set([...rows.retention.map((r) => r.topic), ...rows.items.map((r) => r.topic)])].sort();
  const tally = (pred: (r: StatsRows['retention'][number]) => boolean): Rate => {
    let n = 0;
    let p = 0;
    for (const r of rows.retention) if (pred(r)) {
      n += r.n;
      p += r.passed;
    }
    return rate(n, p);
  };
  const retentionTopics = topicNames
    .map((topic) => ({
      topic,
      overall: tally((r) => r.topic === topic),
      young: tally((r) => r.topic === topic && !r.mature),
      mature: tally((r) => r.topic === topic && !!r.mature),
    }))
    .filter((t) => t.overall.reviews > 0);

  // cards and ease
  const cards = { items: 0, new: 0, young: 0, mature: 0, suspended: 0, leeches: 0 };
  const buckets = EASE_BUCKETS.map((b) => ({ ...b, label: easeLabel(b), items: 0 }));
  const easeByTopic = new Map<string, { items: number; sum: number }>();
  let easeItems = 0;
  let easeSum = 0;
  for (const r of rows.items) {
    cards.items += r.n;
    cards.new += r.isNew;
    cards.mature += r.mature;
    cards.young += r.reviewed - r.mature;
    cards.suspended += r.suspended;
    cards.leeches += r.leech;
    easeItems += r.reviewed;
    easeSum += r.efSum;
    if (r.reviewed) {
      const t = easeByTopic.get(r.topic) ?? { items: 0, sum: 0 };
      t.items += r.reviewed;
      t.sum += r.efSum;
      easeByTopic.set(r.topic, t);
    }
  }

  for (const r of rows.ease) {
    const i = Math.min(buckets.length - 1, Math.max(0, Math.floor((r.ef - 130) / 20)));
    buckets[i]!.items += r.n;
  }

  // time
  let periodMs = 0;
  let periodAnswers = 0;
  let todayMs = 0;
  let todayAnswers = 0;
  for (const r of rows.timeByDay) {
    if (r.day < from || r.day > today) continue;
    periodMs += r.ms;
    periodAnswers += r.n;
    if (r.day === today) {
      todayMs += r.ms;
      todayAnswers += r.n;
    }
  }

  const leechItems = [...rows.leeches].sort((a, b) => b.lapses - a.lapses || a.id.localeCompare(b.id));
  return {
    today: { day: today, date: dayToIso(today) },
    period: { days, from, fromDate: dayToIso(from) },
    topics: opts.topics,
    cards,
    forecast: { total: forecastDays.reduce((n, d) => n + d.due, 0), overdue, max: Math.max(0, ...forecastDays.map((d) => d.due)), days: forecastDays },
    heatmap: {
      weeks: HEATMAP_WEEKS,
      from: hFrom,
      fromDate: dayToIso(hFrom),
      total: hDays.reduce((n, d) => n + d.reviews, 0),
      activeDays: hDays.filter((d) => d.reviews > 0).length,
      max: hMax,
      days: hDays,
    },
    streak: streaks(rows.activeDays, today),
    retention: { overall: tally(() => true), young: tally((r) => !r.mature), mature: tally((r) => !!r.mature), topics: retentionTopics },
    ease: {
      items: easeItems,
      mean: easeItems ? easeSum / easeItems / 100 : null,
      buckets,
      topics: [...easeByTopic.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([topic, t]) => ({ topic, items: t.items, mean: t.sum / t.items / 100 })),
    },
    time: { todayMs, todayAnswers, periodMs, periodAnswers, msPerAnswer: periodAnswers ? periodMs / periodAnswers : null },
    families: [...rows.families]
      .sort((a, b) => a.family.localeCompare(b.family))
      .map((f) => ({ family: f.family, answers: f.n, correct: f.correct, accuracy: f.n ? f.correct / f.n : null })),
    leeches: { count: leechItems.length, items: leechItems },
  };
}
