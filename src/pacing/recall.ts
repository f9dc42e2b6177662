// Pure: the learner's own forgetting curve, read from the review log. Every scheduled review is an
// observation "after E days since the last review, recalled or not" (grade ≥ 3). Observations are
// bucketed by E; a bucket's recall is passed / n. Re-drills (same-day step-7 repeats), cram answers
// and exam rows are not observations and do not restart the clock: only 'new' and 'review' answers
// move an item along its schedule.

export interface LogRow {
  itemId: string;
  topic: string;
  day: number;
  kind: string;
  grade: number;
}

export interface Observation {
  topic: string;
  /** Days since the item's previous scheduled answer. */
  elapsed: number;
  passed: boolean;
}

/** Elapsed-day buckets: [from, to] inclusive; the last is open-ended. */
export const BUCKETS: readonly { from: number; to: number; label: string }[] = [
  { from: 0, to: 1, label: '≤1d' },
  { from: 2, to: 3, label: '2–3d' },
  { from: 4, to: 7, label: '4–7d' },
  { from: 8, to: 14, label: '8–14d' },
  { from: 15, to: 30, label: '15–30d' },
  { from: 31, to: 60, label: '31–60d' },
  { from: 61, to: Infinity, label: '>60d' },
];

export function bucketOf(elapsed: number): number {
  const i = BUCKETS.findIndex((b) => elapsed <= b.to);
  return i === -1 ? BUCKETS.length - 1 : i;
}

const SCHEDULED = new Set(['new', 'review']);

/** Observations from log rows in log order (by item, then time). */
export function observations(rows: readonly LogRow[]): Observation[] {
  const last = new Map<string, number>();
  const out: Observation[] = [];
  for (const r of rows) {
    if (!SCHEDULED.has(r.kind)) continue;
    const prev = last.get(r.itemId);
    if (r.kind === 'review' && prev !== undefined) out.push({ topic: r.topic, elapsed: r.day - prev, passed: r.grade >= 3 });
    last.set(r.itemId, r.day);
  }
  return out;
}

export interface Bucket {
  label: string;
  n: number;
  passed: number;
}

export type Curve = Bucket[];

export function curve(obs: readonly Observation[]): Curve {
  const c = BUCKETS.map((b) => ({ label: b.label, n: 0, passed: 0 }));
  for (const o of obs) {
    const b = c[bucketOf(o.elapsed)]!;
    b.n++;
    if (o.passed) b.passed++;
  }
  return c;
}

/** A bucket is trusted on its own from this many observations; below, the learner's whole log answers. */
export const MIN_BUCKET = 5;

/**
 * Recall after `elapsed` days: the topic's own bucket when it has MIN_BUCKET observations, else the
 * same bucket over all topics, else the nearest bucket over all topics that has any (a longer one
 * on a tie: the cautious side). Null when the log has no observation at all.
 */
export function recallAt(elapsed: number, topic: Curve, all: Curve): number | null {
  const i = bucketOf(elapsed);
  const own = topic[i]!;
  if (own.n >= MIN_BUCKET) return own.passed / own.n;
  for (let d = 0; d < BUCKETS.length; d++) {
    for (const j of [i + d, i - d]) {
      const b = all[j];
      if (b && b.n > 0) return b.passed / b.n;
    }
  }
  return null;
}

export interface Estimate {
  /** Mean predicted recall over the items (items never introduced count as not recalled). */
  share: number;
  /** Observations in the topic's own log (the sample the estimate rests on first). */
  topicObservations: number;
  /** Observations in the whole log. */
  allObservations: number;
  items: number;
}

/**
 * The share of items recalled on the exam day. `elapsed` per item: days from its last (projected)
 * review to the exam day, or null when it will not have been introduced by then.
 */
export function estimateShare(elapsed: readonly (number | null)[], topic: Curve, all: Curve): Estimate | null {
  if (elapsed.length === 0) return null;
  let sum = 0;
  for (const e of elapsed) {
    if (e === null) continue;
    const r = recallAt(e, topic, all);
    if (r === null) return null;
    sum += r;
  }
  const n = (c: Curve): number => c.reduce((s, b) => s + b.n, 0);
  return { share: sum / elapsed.length, topicObservations: n(topic), allObservations: n(all), items: elapsed.length };
}
