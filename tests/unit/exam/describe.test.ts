// One rounding per answer: the key's answer and the common wrong answers are rounded once, to what the
// tolerance asks (values worked out by hand below), the family's closing "Answer:" step is not repeated,
// and the "near zero" floor is said only where it matters.
import { describe, expect, it } from 'vitest';
import { loadDecksOrThrow } from '../../../src/decks/load.js';
import { assembleExam } from '../../../src/exam/assemble.js';
import { answerTexOf, digitsFor, toleranceText, workedSteps } from '../../../src/exam/describe.js';
import { renderMarkdownKey } from '../../../src/exam/render-markdown.js';
import type { NumericQuestion } from '../../../src/exam/types.js';

describe('answerTexOf', () => {
  it('a relative tolerance: one significant digit more than it resolves', () => {
    expect(digitsFor(0.01)).toBe(4); // 1%: 0.07084 is within 0.0007 of 0.0708368
    expect(digitsFor(0.001)).toBe(5);
    expect(answerTexOf(0.0708368, { kind: 'relative', rel: 0.01, abs: 2e-7 })).toBe('0.07084');
    expect(answerTexOf([0.544643, 0.410256], { kind: 'relative', rel: 0.01, abs: 0.001 })).toBe('(0.5446, 0.4103)');
  });

  it('an absolute tolerance: one decimal finer than it; integers exactly', () => {
    // ±0.001 → 4 decimals, trailing zeros trimmed: 5.9; ±0.0002 → 5 decimals
    expect(answerTexOf(5.9, { kind: 'relative', rel: 0, abs: 0.001 })).toBe('5.9');
    expect(answerTexOf(0.2316227766, { kind: 'relative', rel: 0, abs: 0.0002 })).toBe('0.23162');
    expect(answerTexOf(13, { kind: 'exact' })).toBe('13');
  });
});

describe('the key states each numeric answer once', () => {
  const decks = loadDecksOrThrow(['decks']);
  const exam = assembleExam(decks, { seed: 7, count: 60, mix: { numeric: 1, choice: 0, recall: 0 } });
  const numeric = exam.questions.filter((q): q is NumericQuestion => q.kind === 'numeric');

  it('no closing "Answer:" step in the worked solution', () => {
    expect(numeric.length).toBeGreaterThan(20);
    expect(numeric.some((q) => /^\s*Answer\b/.test(q.steps[q.steps.length - 1] ?? ''))).toBe(true);
    for (const q of numeric) for (const s of workedSteps(q)) expect(s).not.toMatch(/^\s*Answer\b/);
    const key = renderMarkdownKey(exam);
    // each question's section states the answer on one line, and no numbered step states it again
    for (const section of key.split(/\n### /).slice(1)) {
      expect(section.match(/^\*\*Answer:\*\*/gm) ?? []).toHaveLength(1);
      expect(section).not.toMatch(/^\d+\. Answer\b/m);
    }
  });

  it('the answer line uses the exam-wide rounding', () => {
    for (const q of numeric) expect(q.answerTex).toBe(answerTexOf(q.answer, q.tolerance));
  });

  it('"near zero" only where the floor is wider than the relative tolerance', () => {
    const q = numeric.find((x) => x.tolerance.kind === 'relative' && x.tolerance.rel > 0)!;
    const big = { ...q, answer: 1 } as NumericQuestion;
    const tiny = { ...q, answer: 0 } as NumericQuestion;
    expect(toleranceText(big)).not.toMatch(/near (zero|0)/);
    expect(toleranceText(tiny)).toMatch(/near (zero|0)/);
  });
});
