// An SM-2 replay written out by hand for the import tests, independent of src/scheduler and
// src/import: Wozniak's steps with deepcards' documented choices (docs/sm2.md) — EF from step 5 with
// the 1.3 floor, applied on every grade; q < 3 restarts repetitions with a 1-day interval (a lapse if
// graded before); I(1) = 1, I(2) = 6, I(n) = round(I(n−1) · EF before the update), halves up; the first
// answer of a study day is the repetition, later answers that day change nothing (step 7 drills).
// Study days here are UTC dates after moving the clock back 4 hours (the CLI runs with TZ=UTC).

export interface HandState {
  reps: number;
  /** E-Factor as a decimal (2.5), rounded to hundredths after each update */
  ef: number;
  interval: number;
  due: number | null;
  lapses: number;
}

export const NEW: HandState = { reps: 0, ef: 2.5, interval: 0, due: null, lapses: 0 };

export function utcStudyDay(ms: number): number {
  return Math.floor((ms - 4 * 3_600_000) / 86_400_000);
}

/** Anki's buttons as the issue fixes them: Again 1, Hard 3, Good 4, Easy 5. */
export const GRADE_OF_EASE: Record<number, number> = { 1: 1, 2: 3, 3: 4, 4: 5 };

export function handReview(s: HandState, q: number, day: number): HandState {
  const wasNew = s.due === null;
  const d = 5 - q;
  const ef = Math.max(1.3, Math.round((s.ef + 0.1 - d * (0.08 + d * 0.02)) * 100) / 100);
  if (q < 3) return { reps: 0, ef, interval: 1, due: day + 1, lapses: wasNew ? s.lapses : s.lapses + 1 };
  const reps = s.reps + 1;
  // Math.round on I·EF with EF in hundredths: exact in integers, halves up
  const interval = reps === 1 ? 1 : reps === 2 ? 6 : Math.floor((s.interval * Math.round(s.ef * 100) + 50) / 100);
  return { reps, ef, interval, due: day + interval, lapses: s.lapses };
}

/** Replay answers (time ms, grade), oldest first: the first of each study day counts. */
export function handReplay(answers: readonly { at: number; grade: number }[]): { state: HandState; graded: number; drills: number } {
  let s = NEW;
  let last: number | null = null;
  let graded = 0;
  let drills = 0;
  for (const a of [...answers].sort((x, y) => x.at - y.at)) {
    const day = utcStudyDay(a.at);
    if (day !== last) {
      s = handReview(s, a.grade, day);
      graded++;
    } else {
      drills++;
    }
    last = day;
  }
  return { state: s, graded, drills };
}
