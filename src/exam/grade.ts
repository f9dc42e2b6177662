// Scoring a sitting: responses -> points per question, per topic, and the questions missed. Pure:
// numeric answers arrive already checked (the engine's verdict), so this module needs no parser.
//
// Rules (docs/exams.md): numeric — all points when the checker says correct, else 0; choice — all
// points for the right option, else 0; recall — the points the student gives themself after seeing
// the answer (0 wrong, 1 partly, 2 right); skipped or unanswered — 0. A question is missed when it
// earned less than its full points.
import type { Exam, Question, QuestionKind } from './types.js';

export type Response =
  | { kind: 'numeric'; input: string; correct: boolean; readText?: string; mistake?: string }
  | { kind: 'choice'; picked: number }
  | { kind: 'recall'; points: number };

export interface AnswerResult {
  position: number;
  cardId: string;
  itemId: string;
  topic: string;
  kind: QuestionKind;
  points: number;
  earned: number;
  /** As stored: the typed numeric answer, the picked option's number (1–N, as the terminal shows it) and text, `self: 1/2`; null if unanswered. */
  answer: string | null;
  correct: boolean;
  answered: boolean;
}

export interface TopicScore {
  topic: string;
  title: string;
  questions: number;
  answered: number;
  correct: number;
  earned: number;
  max: number;
}

export interface ExamResult {
  score: number;
  maxScore: number;
  answered: number;
  correct: number;
  answers: AnswerResult[];
  topics: TopicScore[];
  /** Questions that earned less than their points, in exam order. */
  missed: AnswerResult[];
}


export function gradeQuestion(q: Question, r: Response | undefined): AnswerResult {
  const base = { position: q.position, cardId: q.cardId, itemId: q.itemId, topic: q.topic, kind: q.kind, points: q.points };
  if (!r || r.kind !== q.kind) return { ...base, earned: 0, answer: null, correct: false, answered: false };
  switch (r.kind) {
    case 'numeric':
      return { ...base, earned: r.correct ? q.points : 0, answer: r.input, correct: r.correct, answered: true };
    case 'choice': {
      if (q.kind !== 'choice' || !Number.isInteger(r.picked) || r.picked < 0 || r.picked >= q.options.length) {
        return { ...base, earned: 0, answer: null, correct: false, answered: false };
      }
      const correct = r.picked === q.answerIndex;
      return { ...base, earned: correct ? q.points : 0, answer: `${r.picked + 1}. ${q.options[r.picked]}`, correct, answered: true };
    }
    case 'recall': {
      const earned = Math.min(q.points, Math.max(0, Math.round(r.points)));
      return { ...base, earned, answer: `self: ${earned}/${q.points}`, correct: earned === q.points, answered: true };
    }
  }
}

export function scoreExam(exam: Exam, responses: ReadonlyMap<number, Response>): ExamResult {
  const answers = exam.questions.map((q) => gradeQuestion(q, responses.get(q.position)));
  const topics: TopicScore[] = exam.topics
    .filter((t) => t.count > 0)
    .map((t) => {
      const mine = answers.filter((a) => a.topic === t.topic);
      return {
        topic: t.topic,
        title: t.title,
        questions: mine.length,
        answered: mine.filter((a) => a.answered).length,
        correct: mine.filter((a) => a.correct).length,
        earned: mine.reduce((s, a) => s + a.earned, 0),
        max: mine.reduce((s, a) => s + a.points, 0),
      };
    });
  return {
    score: answers.reduce((s, a) => s + a.earned, 0),
    maxScore: exam.maxScore,
    answered: answers.filter((a) => a.answered).length,
    correct: answers.filter((a) => a.correct).length,
    answers,
    topics,
    missed: answers.filter((a) => a.earned < a.points),
  };
}

/** Percent with no decimals, 0 for an empty exam. */
export function percent(earned: number, max: number): number {
  return max > 0 ? Math.round((100 * earned) / max) : 0;
}
