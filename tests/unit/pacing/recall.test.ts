// The exam-day recall estimate against a hand-built history whose recall per interval bucket is known.
import { describe, expect, it } from 'vitest';
import { bucketOf, curve, estimateShare, observations, recallAt, type LogRow } from '../../../src/pacing/recall.js';
import { load, medianSeconds, project, projectItems, type PlanItem } from '../../../src/pacing/plan.js';

/** `n` items of `topic`, each introduced on day 100 and reviewed `elapsed` days later; the first `passed` pass. */
function history(topic: string, elapsed: number, n: number, passed: number, tag: string): LogRow[] {
  const rows: LogRow[] = [];
  for (let k = 0; k < n; k++) {
    const itemId = `${topic}.${tag}${k}`;
    rows.push({ itemId, topic, day: 100, kind: 'new', grade: 4 });
    // a re-drill the same day, and a cram answer in between: neither restarts the clock nor counts
    rows.push({ itemId, topic, day: 100, kind: 'drill', grade: 1 });
    rows.push({ itemId, topic, day: 100 + Math.max(0, elapsed - 1), kind: 'cram', grade: 0 });
    rows.push({ itemId, topic, day: 100 + elapsed, kind: 'review', grade: k < passed ? 4 : 1 });
  }
  return rows;
}

// topic a: 10 reviews after 1 day, 9 passed (0.9); 8 after 6 days, 6 passed (0.75); 5 after 20 days, 2 passed (0.4)
const A = [...history('a', 1, 10, 9, 'x'), ...history('a', 6, 8, 6, 'y'), ...history('a', 20, 5, 2, 'z')];

describe('the recall curve', () => {
  it('buckets the elapsed days', () => {
    expect([0, 1, 2, 3, 4, 7, 8, 14, 15, 30, 31, 60, 61, 400].map(bucketOf)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
  });

  it('observes only scheduled reviews, with the days since the last scheduled answer', () => {
    const obs = observations(A);
    expect(obs).toHaveLength(23);
    const c = curve(obs);
    expect(c.map((b) => [b.n, b.passed])).toEqual([[10, 9], [0, 0], [8, 6], [0, 0], [5, 2], [0, 0], [0, 0]]);
  });

  it('a second review measures from the first review, not from the introduction', () => {
    const rows: LogRow[] = [
      { itemId: 'a.q', topic: 'a', day: 0, kind: 'new', grade: 4 },
      { itemId: 'a.q', topic: 'a', day: 1, kind: 'review', grade: 4 },
      { itemId: 'a.q', topic: 'a', day: 7, kind: 'review', grade: 2 },
    ];
    expect(observations(rows)).toEqual([{ topic: 'a', elapsed: 1, passed: true }, { topic: 'a', elapsed: 6, passed: false }]);
  });

  it('the estimate is the mean recall of each item\'s bucket; never-introduced items count 0', () => {
    const c = curve(observations(A));
    // items at 1, 6 and 20 days, and one not introduced: (0.9 + 0.75 + 0.4 + 0) / 4 = 0.5125
    const e = estimateShare([1, 6, 20, null], c, c)!;
    expect(e.share).toBeCloseTo(0.5125, 10);
    expect(e).toMatchObject({ topicObservations: 23, allObservations: 23, items: 4 });
  });

  it('an empty bucket borrows the nearest one with data, the longer on a tie', () => {
    const c = curve(observations(A));
    // 10 days (8–14, empty): 4–7 (0.75) and 15–30 (0.4) are both one bucket away → the longer, 0.4
    expect(recallAt(10, c, c)).toBe(0.4);
    // 45 days (31–60, empty): >60 is empty, 15–30 → 0.4
    expect(recallAt(45, c, c)).toBe(0.4);
    // 3 days (2–3, empty): 4–7 → 0.75
    expect(recallAt(3, c, c)).toBe(0.75);
    // no log at all: no estimate
    expect(estimateShare([1], curve([]), curve([]))).toBeNull();
  });

  it('a topic with few reviews in a bucket uses the whole log for that bucket', () => {
    // topic b: 2 reviews after 1 day, both failed (below 5: not trusted alone)
    const B2 = history('b', 1, 2, 0, 'w');
    const all = curve(observations([...A, ...B2]));
    const b = curve(observations(B2));
    // whole log ≤1d: 12 reviews, 9 passed → 0.75
    expect(recallAt(1, b, all)).toBe(0.75);
    // with 5 failed reviews of its own, topic b's bucket stands: 0
    const B5 = history('b', 1, 5, 0, 'v');
    expect(recallAt(1, curve(observations(B5)), curve(observations([...A, ...B5])))).toBe(0);
  });
});

describe('projection to the exam day', () => {
  it('follows SM-2 with grade 4 from the current state', () => {
    // n=2, EF 2.50, interval 6, due day 3; exam day 30:
    // day 3: I = 6 × 2.5 = 15 → due 18; day 18: I = 15 × 2.5 = 37.5 → 38 → due 56 (after the exam)
    expect(project({ kind: 'review', repetitions: 2, ef: 250, interval: 6, due: 3, lapses: 0 }, -3, 0, 30)).toEqual({ reviewDays: [3, 18], last: 18 });
    // overdue (due day −4): reviewed today (day 0), then 15 days → 15, then 38 → 53
    expect(project({ kind: 'review', repetitions: 2, ef: 250, interval: 6, due: -4, lapses: 0 }, -10, 0, 30).reviewDays).toEqual([0, 15]);
  });

  it('introduces new items at the paced rate and counts each day\'s load', () => {
    const item = (id: string, due: number | null): PlanItem => ({ id, topic: id.split('.')[0]!, due, reps: due === null ? 0 : 2, ef: 250, interval: due === null ? 0 : 6, lapses: 0, lastDay: due === null ? null : due - 6 });
    const items = [item('a.old', 3), item('a.n1', null), item('a.n2', null), item('a.n3', null), item('b.n4', null)];
    // exam day 10, margin 7 → deadline day 3; 3 exam items (topic a) new: ⌈3/4⌉ = 1 a day on days 0, 1, 2
    const p = projectItems(items, ['a.n1', 'a.n2', 'a.n3'], { today: 0, examDay: 10, margin: 7, remaining: 3, introducedToday: 0, minimum: 0, cap: 60 });
    // a.old: review day 3 (→ 15 days, after the exam): elapsed 10 − 3 = 7
    expect(p[0]).toMatchObject({ reviewDays: [3], elapsedAtExam: 7 });
    // a.n1 introduced day 0: reviews day 1 (→ 6 days) and day 7 (→ 15): elapsed 3
    expect(p[1]).toMatchObject({ introducedOn: 0, reviewDays: [1, 7], elapsedAtExam: 3 });
    expect(p[2]).toMatchObject({ introducedOn: 1, reviewDays: [2, 8], elapsedAtExam: 2 });
    expect(p[3]).toMatchObject({ introducedOn: 2, reviewDays: [3, 9], elapsedAtExam: 1 });
    // b is not an exam topic: stays new
    expect(p[4]).toMatchObject({ introducedOn: null, reviewDays: [], elapsedAtExam: null });
    // 12 s per answer, budget 0.3 min: days 1 and 2 (a review and a new card) and day 3 (2 reviews)
    // have 2 answers → 24 s = 0.4 min, over; the others 1 answer = 0.2 min or none
    const days = load(p, 0, 10, 12, 0.3);
    expect(days.map((d) => [d.reviews, d.new])).toEqual([[0, 1], [1, 1], [1, 1], [2, 0], [0, 0], [0, 0], [0, 0], [1, 0], [1, 0], [1, 0]]);
    expect(days[3]!.minutes).toBeCloseTo(0.4, 10);
    expect(days.filter((d) => d.over).map((d) => d.day)).toEqual([1, 2, 3]);
  });

  it('median seconds per answer', () => {
    expect(medianSeconds([4000, 1000, 9000])).toBe(4);
    expect(medianSeconds([4000, 1000, 9000, 2000])).toBe(3);
    expect(medianSeconds([])).toBeNull();
  });
});
