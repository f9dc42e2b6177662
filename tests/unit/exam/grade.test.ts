// Scoring a sitting: points per kind, per topic, and what counts as missed.
import { describe, expect, it } from 'vitest';
import { loadDecksOrThrow } from '../../../src/decks/load.js';
import { assembleExam } from '../../../src/exam/assemble.js';
import { gradeQuestion, percent, scoreExam, type Response } from '../../../src/exam/grade.js';

const exam = assembleExam(loadDecksOrThrow(['tests/fixtures/exam/decks']), { seed: 4, count: 8 });
const find = (kind: string) => exam.questions.find((q) => q.kind === kind)!;

describe('gradeQuestion', () => {
  it('numeric: all points when the checker said correct, else 0', () => {
    const q = find('numeric');
    expect(gradeQuestion(q, { kind: 'numeric', input: '1.5', correct: true })).toMatchObject({ earned: 3, correct: true, answered: true, answer: '1.5' });
    expect(gradeQuestion(q, { kind: 'numeric', input: '2', correct: false })).toMatchObject({ earned: 0, correct: false, answered: true });
  });

  it('choice: the right option earns the points; the answer is stored as its number (1–N, as shown when sitting) and text', () => {
    const q = find('choice');
    if (q.kind !== 'choice') throw new Error();
    const right = gradeQuestion(q, { kind: 'choice', picked: q.answerIndex });
    expect(right).toMatchObject({ earned: 2, correct: true });
    expect(right.answer).toBe(`${q.answerIndex + 1}. ${q.options[q.answerIndex]}`);
    const wrong = (q.answerIndex + 1) % q.options.length;
    expect(gradeQuestion(q, { kind: 'choice', picked: wrong })).toMatchObject({ earned: 0, correct: false, answered: true });
    expect(gradeQuestion(q, { kind: 'choice', picked: 99 })).toMatchObject({ earned: 0, answered: false });
  });

  it('recall: self-graded 0–2, clamped; only full marks are correct', () => {
    const q = find('recall');
    expect(gradeQuestion(q, { kind: 'recall', points: 2 })).toMatchObject({ earned: 2, correct: true, answer: 'self: 2/2' });
    expect(gradeQuestion(q, { kind: 'recall', points: 1 })).toMatchObject({ earned: 1, correct: false });
    expect(gradeQuestion(q, { kind: 'recall', points: 7 })).toMatchObject({ earned: 2 });
  });

  it('unanswered, or a response of the wrong kind: 0, not answered', () => {
    const q = find('recall');
    expect(gradeQuestion(q, undefined)).toMatchObject({ earned: 0, answered: false, answer: null, correct: false });
    expect(gradeQuestion(q, { kind: 'choice', picked: 0 })).toMatchObject({ earned: 0, answered: false });
  });
});

describe('scoreExam', () => {
  it('totals, per-topic scores and the missed list', () => {
    const responses = new Map<number, Response>();
    for (const q of exam.questions) {
      if (q.kind === 'choice') responses.set(q.position, { kind: 'choice', picked: q.answerIndex });
      if (q.kind === 'recall') responses.set(q.position, { kind: 'recall', points: q.position % 2 ? 2 : 1 });
      // numeric left unanswered
    }
    const r = scoreExam(exam, responses);
    const expected = exam.questions.reduce((s, q) => s + (q.kind === 'choice' ? 2 : q.kind === 'recall' ? (q.position % 2 ? 2 : 1) : 0), 0);
    expect(r.score).toBe(expected);
    expect(r.maxScore).toBe(exam.maxScore);
    expect(r.topics.reduce((s, t) => s + t.earned, 0)).toBe(r.score);
    expect(r.topics.reduce((s, t) => s + t.max, 0)).toBe(r.maxScore);
    expect(r.missed.map((a) => a.position)).toEqual(
      exam.questions.filter((q) => q.kind === 'numeric' || (q.kind === 'recall' && q.position % 2 === 0)).map((q) => q.position));
    expect(r.answered).toBe(exam.questions.filter((q) => q.kind !== 'numeric').length);
  });

  it('percent', () => {
    expect(percent(23, 30)).toBe(77);
    expect(percent(0, 0)).toBe(0);
  });
});
