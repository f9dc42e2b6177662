// Small texts every exam format shares: the header facts, the regenerate command, sheet lines.
import { fmt, fmtTo } from '../questions/format.js';
import { describeTolerance } from '../questions/registry.js';
import type { Tolerance, Value } from '../questions/types.js';
import type { Exam, Question, QuestionKind } from './types.js';

export type ExamFormat = 'md' | 'html' | 'json';

export const KIND_LABEL: Readonly<Record<QuestionKind, string>> = { numeric: 'Numeric', choice: 'Choice', recall: 'Recall' };

/** The command that writes this exam again (same decks, same build of the question families). */
export function regenerateCommand(exam: Exam, format: ExamFormat): string {
  return `deepcards exam ${exam.args} --format ${format}`;
}

export function summaryLine(exam: Exam): string {
  const n = exam.questions.length;
  return `seed ${exam.seed} · ${n} question${n === 1 ? '' : 's'} · ${exam.maxScore} points · ${exam.minutes} minutes · decks ${exam.decks}`;
}

export function weakNote(exam: Exam): string | null {
  return exam.settings.weak
    ? 'Drawn with --weak: the choice leaned on the review history at the time, so the command regenerates this exam only while that history is unchanged.'
    : null;
}

/** `[331, 332, 333, 340]` → `331–333, 340`. */
export function lineRanges(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

export function pointsLabel(n: number): string {
  return `${n} point${n === 1 ? '' : 's'}`;
}

export function optionLetter(i: number): string {
  return String.fromCharCode(65 + i);
}

/**
 * How the numeric answer is judged, for the exam and the key. The absolute floor of a relative
 * tolerance (`or ±2e-7 near zero`) is said only when it matters: when it is wider than the relative
 * tolerance at this answer.
 */
export function toleranceText(q: Question): string {
  if (q.kind !== 'numeric') return '';
  const t = q.tolerance;
  if (t.kind === 'exact' || t.rel === 0) return describeTolerance(t);
  const values = typeof q.answer === 'number' ? [q.answer] : q.answer;
  const floorMatters = values.some((v) => Math.abs(v) * t.rel < t.abs);
  const pct = t.rel * 100;
  return floorMatters ? describeTolerance(t) : `within ${pct >= 1 ? pct.toFixed(0) : pct.toPrecision(1)}%`;
}

/** The hint under a numeric question: the answer's shape and how it is judged. */
export function answerHintText(q: Question): string {
  if (q.kind !== 'numeric') return '';
  const shape = Array.isArray(q.answer)
    ? `a list of ${q.answer.length} numbers separated by commas`
    : q.tolerance.kind === 'exact' ? 'an integer' : 'a number or an expression such as log(2)/2';
  return q.tolerance.kind === 'exact' ? shape : `${shape}, ${toleranceText(q)}`;
}

/**
 * The worked solution as the key shows it: the steps without a closing `Answer: …` step, which the
 * key states once, rounded once (`answerTex`), instead of a second time at the family's own precision.
 */
export function workedSteps(q: Question): string[] {
  if (q.kind !== 'numeric') return [];
  const last = q.steps[q.steps.length - 1];
  return last !== undefined && /^\s*Answer\b/i.test(last) ? q.steps.slice(0, -1) : q.steps;
}

export const INSTRUCTIONS = [
  'Numeric questions: give a number or an expression (such as log(2)/2); the tolerance is stated where it matters.',
  'Choice questions: exactly one option is right.',
  'Recall questions: answer in a sentence or a formula; they are marked 2 (right), 1 (partly) or 0.',
];

/** Significant digits that resolve a relative tolerance with one digit to spare: 1% → 4, 0.1% → 5. */
export function digitsFor(rel: number): number {
  return Math.max(3, 2 - Math.floor(Math.log10(rel)));
}

/**
 * A numeric answer (or a misconception's value) as LaTeX, rounded once, to the precision its tolerance
 * asks for: integers exactly, an absolute tolerance by fmtTo, a relative one to digitsFor(rel)
 * significant digits. Every place that shows the value (key, take report) uses this one rounding.
 */
export function answerTexOf(v: Value, t: Tolerance): string {
  const one = (x: number): string =>
    t.kind === 'exact' ? fmt(x, 15) : t.rel === 0 ? fmtTo(x, t.abs) : fmt(x, digitsFor(t.rel));
  return typeof v === 'number' ? one(v) : `(${v.map(one).join(', ')})`;
}
