// Pacing toward an exam date: every expected figure is worked out by hand in the comment beside it.
import { describe, expect, it } from 'vitest';
import { describeWarning, isoToDay, pace, paceSchedule, type PaceInput } from '../../../src/pacing/pace.js';

// exam on day 40, margin 7: the deadline is day 33; from day 0 that is days 0..33 = 34 days
const base: PaceInput = { today: 0, examDay: 40, margin: 7, remaining: 100, introducedToday: 0, minimum: 0, cap: 60 };

describe('pace', () => {
  it('spreads the remaining items evenly over the days left, rounded up', () => {
    // 100 / 34 = 2.94 → 3
    expect(pace(base)).toMatchObject({ limit: 3, deadline: 33, daysLeft: 34, even: 3, warning: null });
    // 340 / 34 = 10 exactly → 10
    expect(pace({ ...base, remaining: 340 }).limit).toBe(10);
    // 341 / 34 = 10.03 → 11
    expect(pace({ ...base, remaining: 341 }).limit).toBe(11);
  });

  it('never goes below the configured minimum', () => {
    // 100 / 34 → 3, raised to new-per-day 20
    expect(pace({ ...base, minimum: 20 })).toMatchObject({ limit: 20, even: 3, warning: null });
  });

  it('counts from the start of the day, so the limit does not move while studying', () => {
    // 80 still new + 20 introduced today = 100 at the start of the day → 3, as before studying
    expect(pace({ ...base, remaining: 80, introducedToday: 20 }).limit).toBe(3);
  });

  it('a later day spreads what is left over fewer days', () => {
    // day 30: days 30..33 = 4 days; 10 / 4 = 2.5 → 3
    expect(pace({ ...base, today: 30, remaining: 10 })).toMatchObject({ limit: 3, daysLeft: 4 });
    // the deadline day itself: 1 day left, everything remaining
    expect(pace({ ...base, today: 33, remaining: 7 })).toMatchObject({ limit: 7, daysLeft: 1, warning: null });
  });

  it('the course of the issue: 1,032 items, exam 2027-02-10, from 2026-12-07', () => {
    // Dec 7 → Dec 31 is 24 days, + 31 (January) + 10 = 65 days to the exam; deadline = day +58, so 59 days
    const today = isoToDay('2026-12-07');
    const examDay = isoToDay('2027-02-10');
    expect(examDay - today).toBe(65);
    // 1032 / 59 = 17.49 → 18, below the minimum 20 → 20
    expect(pace({ ...base, today, examDay, remaining: 1032, minimum: 20 })).toMatchObject({ limit: 20, even: 18, daysLeft: 59 });
    // 1500 / 59 = 25.42 → 26
    expect(pace({ ...base, today, examDay, remaining: 1500, minimum: 20 }).limit).toBe(26);
  });

  it('above the cap: the cap, and a warning with how late the last items arrive', () => {
    // 3000 / 34 = 88.2 → 89 > 60; at 60 a day 3000 takes 50 days, 50 − 34 = 16 days late
    expect(pace({ ...base, remaining: 3000 })).toMatchObject({ limit: 60, even: 89, warning: { kind: 'over-cap', needed: 89, lateDays: 16 } });
  });

  it('a date already too close (inside the margin): the cap, with a warning', () => {
    // day 35 > deadline 33, exam on day 40 not passed
    expect(pace({ ...base, today: 35, remaining: 12 })).toMatchObject({ limit: 60, daysLeft: 0, warning: { kind: 'inside-margin', remaining: 12 } });
    // margin larger than the time to the exam: exam in 5 days, margin 7 → deadline already 2 days ago
    expect(pace({ ...base, examDay: 5, remaining: 12 })).toMatchObject({ limit: 60, deadline: -2, warning: { kind: 'inside-margin' } });
    // inside the margin with nothing left to introduce: no warning, the minimum
    expect(pace({ ...base, today: 35, remaining: 0, minimum: 5 })).toMatchObject({ limit: 5, warning: null });
  });

  it('after the exam day: the minimum, and a warning that pacing is over', () => {
    expect(pace({ ...base, today: 41, minimum: 20 })).toMatchObject({ limit: 20, warning: { kind: 'exam-passed' } });
    // the exam day itself is still inside the margin, not passed
    expect(pace({ ...base, today: 40 }).warning?.kind).toBe('inside-margin');
  });

  it('a cap below the minimum never lowers the minimum', () => {
    // new-per-day 30 > new-cap 10: 3000 items → capped at max(30, 10) = 30
    expect(pace({ ...base, remaining: 3000, minimum: 30, cap: 10 }).limit).toBe(30);
  });

  it('nothing left: the minimum', () => {
    expect(pace({ ...base, remaining: 0, minimum: 4 })).toMatchObject({ limit: 4, even: 0, warning: null });
  });
});

describe('paceSchedule', () => {
  it('each day takes its limit; the last item arrives by the deadline', () => {
    // exam day 10, margin 7 → deadline 3: days 0..3. 10 items:
    // day 0: ⌈10/4⌉ = 3 → 7 left; day 1: ⌈7/3⌉ = 3 → 4; day 2: ⌈4/2⌉ = 2 → 2; day 3: ⌈2/1⌉ = 2 → 0
    expect(paceSchedule({ ...base, examDay: 10, remaining: 10 })).toEqual([3, 3, 2, 2]);
    // with 2 already introduced today: 12 at the start, ⌈12/4⌉ = 3 → 1 more today, 9 left;
    // day 1: ⌈9/3⌉ = 3 → 6; day 2: 3 → 3; day 3: 3 → 0
    expect(paceSchedule({ ...base, examDay: 10, remaining: 10, introducedToday: 2 })).toEqual([1, 3, 3, 3]);
    // a minimum of 4: 4, 4, 2 (only 2 left)
    expect(paceSchedule({ ...base, examDay: 10, remaining: 10, minimum: 4 })).toEqual([4, 4, 2]);
  });
});

describe('describeWarning', () => {
  it('names the dates and the cap', () => {
    expect(describeWarning({ kind: 'over-cap', needed: 89, lateDays: 16 }, '2027-02-10', '2027-02-03', 60))
      .toBe('introducing every exam item by 2027-02-03 needs 89 new a day, above new-cap 60: at the cap the last arrive 16 days later');
    expect(describeWarning({ kind: 'inside-margin', remaining: 12 }, '2027-02-10', '2027-02-03', 60)).toContain('12 exam items are still new after 2027-02-03');
  });
});
