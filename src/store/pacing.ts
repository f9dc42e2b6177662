// The reads behind pacing toward the exam date: how many items of the exam's topics are still new,
// how many were introduced today, and today's paced new-card limit (src/pacing/pace.ts decides).
import type { Settings } from '../config/keys.js';
import { dayToIso } from '../clock.js';
import { describeWarning, isoToDay, pace, type Pace } from '../pacing/pace.js';
import type { Db } from './open.js';
import { examHistory } from './exams.js';
import type { PlanItem } from '../pacing/plan.js';
import type { LogRow } from '../pacing/recall.js';

export interface PacedLimit {
  /** Today's new-card limit: the paced one with an exam date, else new-per-day. */
  limit: number;
  /** The exam date (YYYY-MM-DD) the limit is paced for, or null when not pacing. */
  pacedFor: string | null;
  /** Why the pace cannot be kept (inside the margin, over the cap, exam passed), or null. */
  warning: string | null;
  /** The pure decision, when an exam date is set. */
  pace: Pace | null;
  /** While pacing: the topics new cards should come from (exam-topics; null = all). */
  newTopics: string[] | null;
}

/** The topic filter on an item id (`<topic>.<slug>`), as SQL and its arguments. */
function topicFilter(col: string, topics: readonly string[] | null): { sql: string; args: string[] } {
  if (!topics || topics.length === 0) return { sql: '', args: [] };
  return { sql: ` AND substr(${col}, 1, instr(${col}, '.') - 1) IN (${topics.map(() => '?').join(', ')})`, args: [...topics] };
}

/** Items of these topics (null = all) still new: not suspended, not retired, card in a deck. */
export function remainingNew(db: Db, topics: readonly string[] | null): number {
  const t = topicFilter('i.id', topics);
  return db.prepare(`SELECT count(*) FROM items i JOIN cards c ON c.id = i.card_id
    WHERE i.due IS NULL AND i.suspended = 0 AND i.retired = 0 AND c.retired_at IS NULL${t.sql}`).pluck().get(...t.args) as number;
}

/** Items of these topics introduced (answered as new) on a study day. */
export function introducedOn(db: Db, day: number, topics: readonly string[] | null): number {
  const t = topicFilter('item_id', topics);
  return db.prepare(`SELECT count(*) FROM reviews WHERE day = ? AND kind = 'new'${t.sql}`).pluck().get(day, ...t.args) as number;
}

/**
 * Today's new-card limit. Without an exam date it is new-per-day; with one, the remaining new items
 * of exam-topics (all topics when unset) are spread over the days to exam-date − exam-margin,
 * between new-per-day and new-cap.
 */
export function pacedNewLimit(db: Db, settings: Settings, today: number): PacedLimit {
  if (settings.examDate === null) return { limit: settings.newPerDay, pacedFor: null, warning: null, pace: null, newTopics: null };
  const examDay = isoToDay(settings.examDate);
  const p = pace({
    today,
    examDay,
    margin: settings.examMargin,
    remaining: remainingNew(db, settings.examTopics),
    introducedToday: introducedOn(db, today, settings.examTopics),
    minimum: settings.newPerDay,
    cap: settings.newCap,
  });
  const warning = p.warning ? describeWarning(p.warning, settings.examDate, dayToIso(p.deadline), Math.max(settings.newPerDay, settings.newCap)) : null;
  // once the exam day has passed, nothing is paced any more
  const pacedFor = p.warning?.kind === 'exam-passed' ? null : settings.examDate;
  return { limit: p.limit, pacedFor, warning, pace: p, newTopics: pacedFor ? settings.examTopics : null };
}

/** What `plan` reads: the active items in sheet order, the scheduled log, answer times, retention, exams. */
export interface PlanRows {
  items: PlanItem[];
  log: LogRow[];
  durationsMs: number[];
  retention: Map<string, { n: number; passed: number }>;
  lastExam: Map<string, { day: number; earned: number; max: number }>;
}

/** Days of scheduled reviews that count as "recent" for retention. */
export const RETENTION_DAYS = 30;
/** The answer times the median is taken over: the most recent ones. */
const TIMED_ANSWERS = 2000;

export function loadPlanRows(db: Db, today: number): PlanRows {
  const items = db.prepare(`SELECT i.id AS id, c.topic AS topic, i.due AS due, i.reps AS reps, i.ef AS ef, i.interval AS interval, i.lapses AS lapses,
      (SELECT max(r.day) FROM reviews r WHERE r.item_id = i.id AND r.kind IN ('new', 'review')) AS lastDay
    FROM items i JOIN cards c ON c.id = i.card_id
    WHERE i.suspended = 0 AND i.retired = 0 AND c.retired_at IS NULL ORDER BY c.position, i.ord`).all() as PlanItem[];
  // only scheduled answers: drills, cram and exam rows are neither observations nor the last review
  const log = (db.prepare(`SELECT item_id, day, kind, grade FROM reviews WHERE kind IN ('new', 'review') ORDER BY item_id, reviewed_at, id`).all() as
    { item_id: string; day: number; kind: string; grade: number }[])
    .map((r) => ({ itemId: r.item_id, topic: r.item_id.slice(0, r.item_id.indexOf('.')), day: r.day, kind: r.kind, grade: r.grade }));
  const durationsMs = db.prepare(`SELECT duration_ms FROM reviews WHERE kind IN ('new', 'review') ORDER BY id DESC LIMIT ?`).pluck().all(TIMED_ANSWERS) as number[];
  const retention = new Map<string, { n: number; passed: number }>();
  for (const r of db.prepare(`SELECT topic, sum(n) AS n, sum(passed) AS passed FROM review_days WHERE kind = 'review' AND day > ? AND day <= ? GROUP BY topic`)
    .all(today - RETENTION_DAYS, today) as { topic: string; n: number; passed: number }[]) retention.set(r.topic, { n: r.n, passed: r.passed });
  const lastExam = new Map<string, { day: number; earned: number; max: number }>();
  for (const e of examHistory(db)) for (const t of e.topics) lastExam.set(t.topic, { day: e.day, earned: t.earned, max: t.max }); // oldest first: the last wins
  return { items, log, durationsMs, retention, lastExam };
}
