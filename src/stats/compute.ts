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
  /**
   * Answers in the period grouped by day, log kind, whether the item stood at n = 0 and whether its
   * interval before was mature, grade and local hour (every source, Anki imports included).
   */
  answers: { day: number; kind: string; repsZero: number; mature: number; grade: number; hour: number; n: number; ms: number }[];
  /** Reviewed (scheduled), non-retired items per current interval in days. */
  intervals: { interval: number; n: number }[];
}

export interface StatsOptions {
  today: number;
  /** The period (last N study days, today included) of the history figures. */
  days: number;
  /** Forecast horizon in days (today included); default `days` for callers that predate it. */
  forecast?: number;
  topics: string[] | null;
}

/**
 * What an answer was, in Anki's terms: the first answer of a new item; learning (a step-7 re-drill,
 * or a review of an item that lapsed and has not passed since, n = 0); a young or mature review
 * (interval before < or ≥ 21 days); cram (drilled outside the schedule, no effect on it); an exam answer.
 */
export const ANSWER_KINDS = ['new', 'learning', 'young', 'mature', 'cram', 'exam'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

export function answerKind(kind: string, repsZero: boolean, mature: boolean): AnswerKind {
  switch (kind) {
    case 'new': return 'new';
    case 'drill': return 'learning';
    case 'cram': return 'cram';
    case 'exam': return 'exam';
    default: return repsZero ? 'learning' : mature ? 'mature' : 'young';
  }
}

/** Interval histogram buckets, in days (the last is open). */
export const INTERVAL_BUCKETS: readonly { from: number; to: number | null; label: string }[] = [
  { from: 0, to: 1, label: '1d' },
  { from: 2, to: 3, label: '2–3d' },
  { from: 4, to: 7, label: '4–7d' },
  { from: 8, to: 14, label: '1–2w' },
  { from: 15, to: 30, label: '2w–1m' },
  { from: 31, to: 90, label: '1–3m' },
  { from: 91, to: 180, label: '3–6m' },
  { from: 181, to: 365, label: '6m–1y' },
  { from: 366, to: null, label: '> 1y' },
];

type ByKind<T> = Record<AnswerKind, T>;
function byKind<T>(make: () => T): ByKind<T> {
  return Object.fromEntries(ANSWER_KINDS.map((k) => [k, make()])) as ByKind<T>;
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
  forecast: { horizon: number; total: number; overdue: number; tomorrow: number; max: number; days: { day: number; date: string; due: number }[] };
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
  /** Grades given in the period per kind of answer: counts[g] for g = 0…5. */
  buttons: ByKind<{ answers: number; counts: number[]; passed: number; rate: number | null }>;
  /** Every day of the period: answers and time per kind. */
  perDay: { day: number; date: string; answers: number; ms: number; kinds: ByKind<{ answers: number; ms: number }> }[];
  /** Answers in the period by local hour of the day (0–23); rate = share graded ≥ 3. */
  hours: { hour: number; answers: number; passed: number; rate: number | null }[];
  /** Scheduled, non-retired items by current interval. */
  intervals: { items: number; median: number | null; buckets: { from: number; to: number | null; label: string; items: number }[] };
  /**
   * True retention (scheduled reviews graded ≥ 3; cram, drills, exams and first answers excluded)
   * per stretch of the period: single days up to 14 days, else weeks ending today.
   */
  retentionOverTime: { from: number; to: number; fromDate: string; toDate: string; reviews: number; passed: number; rate: number | null }[];
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
  const horizon = opts.forecast ?? days;
  const from = periodStart(today, days);

  // forecast: today's bar holds what is due today and everything overdue
  const byDue = new Map<number, number>();
  let overdue = 0;
  for (const r of rows.dueByDay) {
    if (r.due < today) overdue += r.n;
    const d = Math.max(r.due, today);
    if (d < today + horizon) byDue.set(d, (byDue.get(d) ?? 0) + r.n);
  }
  const forecastDays = Array.from({ length: horizon }, (_v, i) => ({ day: today + i, date: dayToIso(today + i), due: byDue.get(today + i) ?? 0 }));

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

  // answers by kind, day and hour
  const buttons = byKind(() => ({ answers: 0, counts: [0, 0, 0, 0, 0, 0], passed: 0, rate: null as number | null }));
  const daily = Array.from({ length: days }, (_v, i) => ({ day: from + i, date: dayToIso(from + i), answers: 0, ms: 0, kinds: byKind(() => ({ answers: 0, ms: 0 })) }));
  const hours = Array.from({ length: 24 }, (_v, hour) => ({ hour, answers: 0, passed: 0, rate: null as number | null }));
  const stretch = days <= 14 ? 1 : 7;
  const retentionOverTime: Stats['retentionOverTime'] = [];
  for (let to = today; to >= from; to -= stretch) {
    const f = Math.max(from, to - stretch + 1);
    retentionOverTime.unshift({ from: f, to, fromDate: dayToIso(f), toDate: dayToIso(to), reviews: 0, passed: 0, rate: null });
  }
  for (const a of rows.answers) {
    if (a.day < from || a.day > today) continue;
    const k = answerKind(a.kind, !!a.repsZero, !!a.mature);
    const pass = a.grade >= 3 ? a.n : 0;
    const b = buttons[k];
    b.answers += a.n;
    b.counts[a.grade] = (b.counts[a.grade] ?? 0) + a.n;
    b.passed += pass;
    const d = daily[a.day - from]!;
    d.answers += a.n;
    d.ms += a.ms;
    d.kinds[k].answers += a.n;
    d.kinds[k].ms += a.ms;
    const h = hours[((a.hour % 24) + 24) % 24]!;
    h.answers += a.n;
    h.passed += pass;
    if (a.kind === 'review') {
      const r = retentionOverTime[retentionOverTime.length - 1 - Math.floor((today - a.day) / stretch)]!;
      r.reviews += a.n;
      r.passed += pass;
    }
  }
  for (const b of Object.values(buttons)) b.rate = b.answers ? b.passed / b.answers : null;
  for (const h of hours) h.rate = h.answers ? h.passed / h.answers : null;
  for (const r of retentionOverTime) r.rate = r.reviews ? r.passed / r.reviews : null;

  // intervals
  const iBuckets = INTERVAL_BUCKETS.map((b) => ({ ...b, items: 0 }));
  const sortedIntervals = [...rows.intervals].sort((a, b) => a.interval - b.interval);
  let iItems = 0;
  for (const r of sortedIntervals) {
    iItems += r.n;
    const bucket = iBuckets.find((b) => r.interval >= b.from && (b.to === null || r.interval <= b.to)) ?? iBuckets[0]!;
    bucket.items += r.n;
  }
  // the lower median: the interval of the ⌈n/2⌉-th item in interval order
  let median: number | null = null;
  for (let seen = 0, i = 0; iItems && i < sortedIntervals.length; i++) {
    seen += sortedIntervals[i]!.n;
    if (seen * 2 >= iItems) {
      median = sortedIntervals[i]!.interval;
      break;
    }
  }

  const leechItems = [...rows.leeches].sort((a, b) => b.lapses - a.lapses || a.id.localeCompare(b.id));
  return {
    today: { day: today, date: dayToIso(today) },
    period: { days, from, fromDate: dayToIso(from) },
    topics: opts.topics,
    cards,
    forecast: { horizon, total: forecastDays.reduce((n, d) => n + d.due, 0), overdue, tomorrow: forecastDays[1]?.due ?? (byDue.get(today + 1) ?? 0), max: Math.max(0, ...forecastDays.map((d) => d.due)), days: forecastDays },
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
    buttons,
    perDay: daily,
    hours,
    intervals: { items: iItems, median, buckets: iBuckets },
    retentionOverTime,
  };
}
