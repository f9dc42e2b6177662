// Small texts every exam format shares: the header facts, the regenerate command, sheet lines.
import { describeTolerance } from '../questions/registry.js';
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

/** How the numeric answer is judged, for the key. */
export function toleranceText(q: Question): string {
  return q.kind === 'numeric' ? describeTolerance(q.tolerance) : '';
}

export const INSTRUCTIONS = [
  'Numeric questions: give a number or an expression (such as log(2)/2); the tolerance is stated where it matters.',
  'Choice questions: exactly one option is right.',
  'Recall questions: answer in a sentence or a formula; they are marked 2 (right), 1 (partly) or 0.',
];
