// SuperMemo 2 (P. A. Wozniak, 1990), exactly as ../docs/sm2.md decides each ambiguous point.
// Pure: no clock, no storage. E-Factors are integer hundredths (250 = 2.50) so that every update is
// exact; due dates are integer study-day numbers.

/** SM-2's quality of response. 5 perfect … 0 blackout; 3 is the lowest passing grade. */
export type Grade = 0 | 1 | 2 | 3 | 4 | 5;
export const GRADES: readonly Grade[] = [0, 1, 2, 3, 4, 5];

/** Step 2: every item starts with EF 2.5. */
export const INITIAL_EF = 250;
/** Step 5: "If EF is less than 1.3 then let EF be 1.3." */
export const MIN_EF = 130;
/** Step 4: grades below 3 are failures (step 6 restarts the repetitions). */
export const PASS_GRADE = 3;
/** Step 7: grades below 4 are re-drilled the same day. */
export const DRILL_UNTIL_GRADE = 4;
/** Step 3: I(1) and I(2). */
export const FIRST_INTERVAL = 1;
export const SECOND_INTERVAL = 6;
/** Intervals stay exact integers; beyond 2^53 days (2.4e13 years) a JS number cannot hold one. */
const MAX_INTERVAL = Number.MAX_SAFE_INTEGER;

/**
 * Step 5's EF' = EF + (0.1 − (5−q)(0.08 + (5−q)·0.02)) in hundredths, per grade:
 * q5 +10, q4 0, q3 −14, q2 −32, q1 −54, q0 −80.
 */
export const EF_DELTA: Readonly<Record<Grade, number>> = { 5: 10, 4: 0, 3: -14, 2: -32, 1: -54, 0: -80 };

export function isGrade(x: unknown): x is Grade {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 5;
}

/** A card never graded: "new" is its own variant, not a set of nullable fields. */
export interface NewState {
  kind: 'new';
}

/** A card in the repetition cycle. */
export interface ReviewState {
  kind: 'review';
  /** SM-2's n: successful repetitions since the last lapse (0 after a lapse). */
  repetitions: number;
  /** E-Factor in hundredths. */
  ef: number;
  /** The last interval in whole days. */
  interval: number;
  /** Study day on which the card is next due. */
  due: number;
  /** Failed repetitions (grade < 3) of a card that had been graded before. */
  lapses: number;
}

export type CardState = NewState | ReviewState;

export const NEW_STATE: NewState = { kind: 'new' };

/** Step 5, with the 1.3 floor. Applied after every graded repetition, failures included. */
export function nextEf(ef: number, grade: Grade): number {
  return Math.max(MIN_EF, ef + EF_DELTA[grade]);
}

/**
 * Step 3's I(n) for n ≥ 3: I(n−1)·EF rounded to the nearest day, exact halves up, in integers:
 * ⌊(I·EF₁₀₀ + 50) / 100⌋. BigInt keeps the product exact even when it exceeds 2^53.
 */
export function multiplyInterval(previous: number, ef: number): number {
  const product = (BigInt(previous) * BigInt(ef) + 50n) / 100n;
  return product > BigInt(MAX_INTERVAL) ? MAX_INTERVAL : Number(product);
}

/**
 * The state after a scheduled repetition graded `grade` on study day `today`.
 * - EF is updated by step 5 on every grade (step 6 "without changing the E-Factor" is read as
 *   "do not reset it to 2.5").
 * - q < 3: repetitions restart (n := 0), interval 1 day; a lapse if the card had been graded before.
 * - q ≥ 3: n := n + 1; I(1) = 1, I(2) = 6, I(n) = I(n−1)·EF using the EF from BEFORE this update
 *   (the SuperMemo 2 plug-in's order).
 * - Lateness is ignored: the interval grows from the scheduled one, not from the actual delay.
 */
export function review(state: CardState, grade: Grade, today: number): ReviewState {
  const before: ReviewState =
    state.kind === 'new'
      ? { kind: 'review', repetitions: 0, ef: INITIAL_EF, interval: 0, due: today, lapses: 0 }
      : state;
  const ef = nextEf(before.ef, grade);
  if (grade < PASS_GRADE) {
    const lapses = state.kind === 'new' ? 0 : before.lapses + 1;
    return { kind: 'review', repetitions: 0, ef, interval: FIRST_INTERVAL, due: today + FIRST_INTERVAL, lapses };
  }
  const repetitions = before.repetitions + 1;
  const interval =
    repetitions === 1
      ? FIRST_INTERVAL
      : repetitions === 2
        ? SECOND_INTERVAL
        : multiplyInterval(before.interval, before.ef);
  return { kind: 'review', repetitions, ef, interval, due: today + interval, lapses: before.lapses };
}

/** One outcome per grade, so the review screen can label each grade with its interval. */
export type Outcomes = Readonly<Record<Grade, ReviewState>>;

export function previewOutcomes(state: CardState, today: number): Outcomes {
  return {
    0: review(state, 0, today),
    1: review(state, 1, today),
    2: review(state, 2, today),
    3: review(state, 3, today),
    4: review(state, 4, today),
    5: review(state, 5, today),
  };
}

/** Step 7: does this grade put the card in today's re-drill queue? */
export function needsDrill(grade: Grade): boolean {
  return grade < DRILL_UNTIL_GRADE;
}

/** EF hundredths as a number for display/JSON: 236 → 2.36. */
export function efToNumber(ef: number): number {
  return ef / 100;
}

/** Human-readable interval: "1d", "6d", "3.2mo", "1.4y". */
export function formatInterval(days: number): string {
  if (days < 30) return `${days}d`;
  if (days < 365) return `${(days / 30).toFixed(1).replace(/\.0$/, '')}mo`;
  const years = days / 365;
  if (years < 1000) return `${years.toFixed(1).replace(/\.0$/, '')}y`;
  return `${years.toExponential(1)}y`;
}

/** Apply a sequence of grades one day after another was due (for `deepcards simulate`). */
export function simulate(grades: readonly Grade[], startDay = 0): ReviewState[] {
  const out: ReviewState[] = [];
  let state: CardState = NEW_STATE;
  let day = startDay;
  for (const g of grades) {
    const next = review(state, g, day);
    out.push(next);
    state = next;
    day = next.due;
  }
  return out;
}
