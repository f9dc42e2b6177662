// Pure pieces of the stats computation: calendar arithmetic, streaks, buckets, the forecast's today.
import { describe, expect, it } from 'vitest';
import { computeStats, EASE_BUCKETS, heatmapStart, periodStart, streaks, weekday, type StatsRows } from '../../../src/stats/compute.js';

const T = Math.floor(Date.UTC(2026, 2, 4) / 86_400_000); // a Wednesday
const empty: StatsRows = { dueByDay: [], reviewsByDay: [], activeDays: [], retention: [], items: [], ease: [], timeByDay: [], families: [], leeches: [], answers: [], intervals: [] };

describe('calendar', () => {
  it('weekday is Monday-based; day 0 (1970-01-01) was a Thursday', () => {
    expect(weekday(0)).toBe(3);
    expect(weekday(T)).toBe(2);
    expect(weekday(-1)).toBe(2);
  });
  it('the heatmap starts on the Monday 25 weeks before this week', () => {
    expect(heatmapStart(T)).toBe(T - 2 - 175);
    expect(weekday(heatmapStart(T))).toBe(0);
  });
  it('the period is the last N days, today included', () => {
    expect(periodStart(T, 1)).toBe(T);
    expect(periodStart(T, 30)).toBe(T - 29);
  });
});

describe('streaks', () => {
  it('counts back from today, or from yesterday while today has no answer yet', () => {
    expect(streaks([T, T - 1, T - 2, T - 4], T)).toEqual({ current: 3, longest: 3, reviewedToday: true });
    expect(streaks([T - 1, T - 2], T)).toEqual({ current: 2, longest: 2, reviewedToday: false });
    expect(streaks([T - 2, T - 3], T)).toEqual({ current: 0, longest: 2, reviewedToday: false });
    expect(streaks([], T)).toEqual({ current: 0, longest: 0, reviewedToday: false });
  });
  it('ignores duplicates, order and days after today', () => {
    expect(streaks([T - 10, T - 12, T - 11, T - 11, T + 1], T)).toEqual({ current: 0, longest: 3, reviewedToday: false });
  });
});

describe('computeStats', () => {
  it('puts overdue items in today and drops what is beyond the horizon', () => {
    const s = computeStats({ ...empty, dueByDay: [{ due: T - 5, n: 2 }, { due: T, n: 1 }, { due: T + 6, n: 4 }, { due: T + 7, n: 9 }] }, { today: T, days: 7, topics: null });
    expect(s.forecast.days.map((d) => d.due)).toEqual([3, 0, 0, 0, 0, 0, 4]);
    expect(s.forecast).toMatchObject({ total: 7, overdue: 2, max: 4 });
  });
  it('E-Factor buckets: 0.2 wide from 1.30, the last open; counts and means summed over topics', () => {
    expect(EASE_BUCKETS[0]).toEqual({ from: 130, to: 150 });
    expect(EASE_BUCKETS.at(-1)).toEqual({ from: 270, to: null });
    const topic = (name: string, reviewed: number, efSum: number) => ({ topic: name, n: reviewed + 1, isNew: 1, mature: 1, suspended: 0, leech: 0, reviewed, efSum });
    const ease = [130, 149, 150, 269, 270, 400].map((ef) => ({ ef, n: 1 }));
    const s = computeStats({ ...empty, items: [topic('a', 2, 400), topic('b', 1, 300)], ease }, { today: T, days: 30, topics: null });
    expect(s.ease.buckets.map((b) => b.items)).toEqual([2, 1, 0, 0, 0, 0, 1, 2]);
    expect(s.ease.mean).toBeCloseTo(7 / 3, 10);
    expect(s.ease.topics).toEqual([{ topic: 'a', items: 2, mean: 2 }, { topic: 'b', items: 1, mean: 3 }]);
    expect(s.cards).toEqual({ items: 5, new: 2, young: 1, mature: 2, suspended: 0, leeches: 0 });
  });
  it('heatmap levels are quarters of the busiest day', () => {
    const s = computeStats({ ...empty, reviewsByDay: [{ day: T, n: 100 }, { day: T - 1, n: 1 }, { day: T - 2, n: 50 }, { day: T - 3, n: 51 }, { day: T - 400, n: 999 }] }, { today: T, days: 30, topics: null });
    expect(s.heatmap.days.slice(-4).map((d) => d.level)).toEqual([3, 2, 1, 4]);
    expect(s.heatmap.max).toBe(100);
  });
  it('rates without reviews are null, not NaN', () => {
    const s = computeStats(empty, { today: T, days: 30, topics: null });
    expect(s.retention.overall).toEqual({ reviews: 0, passed: 0, rate: null });
    expect(s.ease.mean).toBeNull();
    expect(s.time.msPerAnswer).toBeNull();
    expect(JSON.stringify(s)).not.toContain('NaN');
  });
});
