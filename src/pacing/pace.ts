// Pure: how many new cards today so that every item of the exam's topics is introduced by
// (exam date − margin). The items still new at the start of today are spread evenly over the days
// left up to and including that deadline day, rounded up (front-loaded, so the last day is never
// the heavy one), then clamped to [minimum, cap]. Computed from the start of the day (new now + new
// introduced today), so the limit stays the same while the learner studies through the day.

export interface PaceInput {
  /** Study day number (days since 1970-01-01). */
  today: number;
  /** The exam date as a study day number. */
  examDay: number;
  /** Days before the exam by which every item should be introduced. */
  margin: number;
  /** Items of the exam's topics that are still new (not suspended, not retired). */
  remaining: number;
  /** Items of the exam's topics introduced today so far. */
  introducedToday: number;
  /** The configured new-per-day: paced days never go below it. */
  minimum: number;
  /** The configured new-cap: paced days never go above it. */
  cap: number;
}

export interface Pace {
  /** Today's new-card limit (a total for the day, compared with the new answers logged today). */
  limit: number;
  /** The study day by which everything should be introduced (examDay − margin). */
  deadline: number;
  /** Days from today to the deadline, both included; 0 when the deadline has passed. */
  daysLeft: number;
  /** What an even spread would ask for today, before the clamp (null when the deadline has passed). */
  even: number | null;
  /** Why pacing cannot keep its promise, or null. */
  warning: PaceWarning | null;
}

export type PaceWarning =
  /** The exam day itself has passed: pacing is over, the minimum applies. */
  | { kind: 'exam-passed' }
  /** Today is after examDay − margin (inside the margin): introduce at the cap. */
  | { kind: 'inside-margin'; remaining: number }
  /** The even spread needs more than the cap: the deadline will be missed at this cap. */
  | { kind: 'over-cap'; needed: number; lateDays: number };

export function pace(p: PaceInput): Pace {
  const minimum = Math.max(0, p.minimum);
  const cap = Math.max(minimum, p.cap);
  const deadline = p.examDay - p.margin;
  const atStart = p.remaining + p.introducedToday;
  if (p.today > p.examDay) return { limit: minimum, deadline, daysLeft: 0, even: null, warning: { kind: 'exam-passed' } };
  if (p.today > deadline) {
    // nothing left: no warning, the minimum (there is nothing to introduce anyway)
    if (p.remaining === 0) return { limit: minimum, deadline, daysLeft: 0, even: null, warning: null };
    return { limit: cap, deadline, daysLeft: 0, even: null, warning: { kind: 'inside-margin', remaining: p.remaining } };
  }
  const daysLeft = deadline - p.today + 1;
  const even = Math.ceil(atStart / daysLeft);
  if (even > cap) {
    // days needed at the cap beyond the deadline
    const lateDays = Math.ceil(atStart / cap) - daysLeft;
    return { limit: cap, deadline, daysLeft, even, warning: { kind: 'over-cap', needed: even, lateDays } };
  }
  return { limit: Math.max(minimum, even), deadline, daysLeft, even, warning: null };
}

/** The study day number of an ISO date (YYYY-MM-DD), as studyDay numbers days. */
export function isoToDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a date: ${iso}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

/** The warning as one sentence, for the session header, status and plan. */
export function describeWarning(w: PaceWarning, examDate: string, deadlineIso: string, cap: number): string {
  switch (w.kind) {
    case 'exam-passed':
      return `the exam date ${examDate} has passed: new cards are not paced (deepcards config set exam-date …)`;
    case 'inside-margin':
      return `${w.remaining} exam items are still new after ${deadlineIso} (the exam-margin before ${examDate}): introducing up to new-cap ${cap} a day`;
    case 'over-cap':
      return `introducing every exam item by ${deadlineIso} needs ${w.needed} new a day, above new-cap ${cap}: at the cap the last arrive ${w.lateDays} day${w.lateDays === 1 ? '' : 's'} later`;
  }
}

/**
 * The new cards of each day from `today` to the deadline if the learner takes exactly each day's
 * limit (for `plan`'s load and the estimate). Day 0 is today, with `introducedToday` already done.
 */
export function paceSchedule(p: PaceInput): number[] {
  const out: number[] = [];
  let remaining = p.remaining;
  let introducedToday = p.introducedToday;
  for (let day = p.today; day < p.examDay && remaining > 0; day++) {
    const { limit } = pace({ ...p, today: day, remaining, introducedToday });
    const n = Math.min(remaining, Math.max(0, limit - introducedToday));
    out.push(n);
    remaining -= n;
    introducedToday = 0;
  }
  return out;
}
