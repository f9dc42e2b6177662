// The only place that reads the wall clock or the DEEPCARDS_NOW override.
// A study day is the local calendar date, shifted so that it rolls over at 04:00 (as Anki).

import { UserError } from './errors.js';

export const ROLLOVER_HOUR = 4;

// A date, optionally with a time and a zone: what the README documents (Date.parse alone would also
// take "1" or "March 7" and read them in ways nobody meant).
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch ms of a DEEPCARDS_NOW value, or a one-line usage error (exit 2). */
export function parseNow(text: string): number {
  const t = ISO_DATE_TIME.test(text.trim()) ? Date.parse(text.trim().replace(' ', 'T')) : NaN;
  if (Number.isNaN(t)) {
    const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
    throw new UserError(`DEEPCARDS_NOW=${shown} is not a date-time; use e.g. 2026-01-31T09:00:00 (local time) or unset it`, 2);
  }
  return t;
}

export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
}

/** A clock fixed at DEEPCARDS_NOW (ISO date-time, local time if no zone), else the system clock. */
export function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const fixed = env['DEEPCARDS_NOW'];
  if (fixed !== undefined && fixed !== '') {
    const t = parseNow(fixed);
    // A fixed clock still advances with real time inside one process, so that response times and
    // ordering of log entries stay meaningful; the day does not change unless a test runs for hours.
    const start = Date.now();
    return { now: () => t + (Date.now() - start) };
  }
  return { now: () => Date.now() };
}

/**
 * The study day of an instant: days since 1970-01-01 of the local date, after moving the clock back
 * by the rollover hour (so 03:59 belongs to the previous day). An integer, never a Date: intervals of
 * any length stay exact.
 */
export function studyDay(epochMs: number, rolloverHour = ROLLOVER_HOUR): number {
  const d = new Date(epochMs - rolloverHour * 3_600_000);
  return Math.floor(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86_400_000);
}

/** The ISO date (YYYY-MM-DD) of a day number, for display. */
export function dayToIso(day: number): string {
  if (!Number.isFinite(day) || Math.abs(day) > 1e8) return `day ${day}`;
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
