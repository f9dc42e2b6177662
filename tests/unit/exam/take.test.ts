// Sitting an exam with piped lines (pipeExamInput), a fixed clock and an injectable timer: answering
// with the review's keys (1–N, Space/Enter reveals, Enter skips a numeric), skipping and coming back,
// going back, unreadable answers, the q menu (hand in with confirmation, abandon, go on), end of
// input, time running out, and the report.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadDecksOrThrow } from '../../../src/decks/load.js';
import { checkAnswer } from '../../../src/engine/check.js';
import { assembleExam } from '../../../src/exam/assemble.js';
import { scoreExam } from '../../../src/exam/grade.js';
import { pipeExamInput } from '../../../src/exam/exam-input.js';
import { clockText, sitExam, wrapText, writeReport, type ExamInput, type TakeDeps } from '../../../src/exam/take.js';
import type { Exam, Question } from '../../../src/exam/types.js';
import { renderLatex } from '../../../src/render/latex-unicode.js';
import { richToTerminal } from '../../../src/render/rich-text.js';

const DECKS = loadDecksOrThrow(['tests/fixtures/exam/decks']);
const exam: Exam = assembleExam(DECKS, { seed: 21, count: 8 });
const plain = { bold: (s: string) => s, dim: (s: string) => s, green: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s };

function sink(): { write: (t: string) => void; text: () => string } {
  let buf = '';
  return { write: (t) => void (buf += t), text: () => buf };
}

function deps(input: ExamInput, out: { write: (t: string) => void }, extra: Partial<TakeDeps> = {}): TakeDeps {
  let t = Date.UTC(2026, 2, 2, 9);
  return {
    input, out, paint: plain, render: (t) => richToTerminal(t), check: checkAnswer,
    clock: { now: () => (t += 1000) },
    ...extra,
  };
}

function lines(out: { write: (t: string) => void }, ...ls: string[]): ExamInput {
  return pipeExamInput(Readable.from([ls.map((l) => `${l}\n`).join('')]), out);
}

/** The keystrokes that answer `q` fully right. */
function right(q: Question): string[] {
  if (q.kind === 'numeric') return [Array.isArray(q.answer) ? q.answer.join(', ') : String(q.answer)];
  if (q.kind === 'choice') return [String(q.answerIndex + 1)];
  return ['', '2']; // Enter reveals, as in the review
}

function wrong(q: Question): string[] {
  if (q.kind === 'numeric') return [Array.isArray(q.answer) ? q.answer.map((x) => x + 1000).join(', ') : String(q.answer + 1000)];
  if (q.kind === 'choice') return [String((q.answerIndex + 1) % q.options.length + 1)];
  return ['', '0'];
}

/** The keystrokes that skip `q`: Enter on an empty answer or at a choice, n at a recall question. */
function skip(q: Question): string {
  return q.kind === 'recall' ? 'n' : '';
}

describe('sitExam', () => {
  it('the exam has every kind (fixture sanity)', () => {
    expect(new Set(exam.questions.map((q) => q.kind))).toEqual(new Set(['numeric', 'choice', 'recall']));
  });

  it('answers in order: every question right, full score', async () => {
    const out = sink();
    const s = await sitExam(exam, deps(lines(out, ...exam.questions.flatMap(right)), out));
    expect(s.reason).toBe('done');
    const r = scoreExam(exam, s.responses);
    expect(r.score).toBe(exam.maxScore);
    expect(r.missed).toEqual([]);
    // the countdown is printed with each question and in the prompt
    expect(out.text()).toMatch(/── 1\/8 · \S+ · \w+ · \d pts ──/);
    expect(out.text()).toMatch(/\[\d+:\d\d\] /);
    // no feedback on right or wrong during the sitting
    expect(out.text()).not.toMatch(/✓|✗|correct|likely mistake/i);
  });

  it('skips come back after the last question; p goes back and an answer can be changed', async () => {
    const [q1, q2, ...rest] = exam.questions;
    const keys = [
      skip(q1!),                // skip q1
      ...wrong(q2!),            // q2 wrong …
      'p',                      // … back from q3 to q2
      ...right(q2!),            // q2 again, right
      ...rest.flatMap(right),   // q3 … q8
      ...right(q1!),            // q1 comes back
    ];
    const out = sink();
    const s = await sitExam(exam, deps(lines(out, ...keys), out));
    expect(s.reason).toBe('done');
    expect(scoreExam(exam, s.responses).score).toBe(exam.maxScore);
    expect(out.text()).toContain('1 question still open');
    expect(out.text()).toMatch(/your answer so far|marked so far/);
  });

  it('an unreadable numeric answer is asked again, not recorded', async () => {
    const n = exam.questions.find((q) => q.kind === 'numeric')!;
    const keys = exam.questions.flatMap((q) => (q === n ? ['2 +* 3', ...right(q)] : right(q)));
    const out = sink();
    const s = await sitExam(exam, deps(lines(out, ...keys), out));
    expect(out.text()).toContain('could not read that');
    expect(scoreExam(exam, s.responses).score).toBe(exam.maxScore);
  });

  it('choices are picked with 1–N and shown numbered, not lettered', async () => {
    const c = exam.questions.find((q) => q.kind === 'choice')!;
    if (c.kind !== 'choice') throw new Error('fixture');
    const o = sink();
    await sitExam(exam, deps(lines(o, ...exam.questions.flatMap(right)), o));
    c.options.forEach((opt, i) => expect(o.text()).toContain(`  ${i + 1}. ${richToTerminal(opt)}`));
    expect(o.text()).toContain(`1–${c.options.length} picks`);
    // a letter is no key at a choice prompt: asked again
    const o2 = sink();
    const keys = exam.questions.flatMap((q) => (q === c ? ['a', ...right(q)] : right(q)));
    const s = await sitExam(exam, deps(lines(o2, ...keys), o2));
    expect(o2.text()).toContain('unknown key "a"');
    expect(scoreExam(exam, s.responses).score).toBe(exam.maxScore);
  });

  it('q with every question answered hands in at once; with questions open it asks first', async () => {
    const [q1] = exam.questions;
    const o = sink();
    // q → menu → h → "7 questions are unanswered: hand in anyway?" → n goes on … then q, h, y
    const a = await sitExam(exam, deps(lines(o, ...right(q1!), 'q', 'h', 'n', 'q', 'h', 'y'), o));
    expect(a.reason).toBe('handed-in');
    expect([...a.responses.keys()]).toEqual([1]);
    expect(o.text().match(/7 questions are unanswered: hand in anyway\?/g)).toHaveLength(2);
    const all = sink();
    const keys = exam.questions.flatMap((q, i) => (i === exam.questions.length - 1 ? [skip(q)] : right(q)));
    // the last one skipped comes back; answered, it ends the sitting; q there asks nothing more than the menu
    const b = await sitExam(exam, deps(lines(all, ...keys, 'q', 'h', 'y'), all));
    expect(b.reason).toBe('handed-in');
    expect(all.text()).toContain('1 question is unanswered');
  });

  it('q then a (confirmed) abandons the sitting; c goes on', async () => {
    const [q1, q2] = exam.questions;
    const o = sink();
    const a = await sitExam(exam, deps(lines(o, ...right(q1!), 'q', 'c', ...right(q2!), 'q', 'a', 'y'), o));
    expect(a.reason).toBe('abandoned');
    expect([...a.responses.keys()]).toEqual([1, 2]);
    expect(o.text()).toContain('a abandons (nothing saved)');
  });

  it('end of input hands in what was answered', async () => {
    const [q1, q2] = exam.questions;
    const o = sink();
    const b = await sitExam(exam, deps(lines(o, ...right(q1!), ...right(q2!)), o));
    expect(b.reason).toBe('end-of-input');
    expect([...b.responses.keys()]).toEqual([1, 2]);
  });

  it('when the time runs out the pending prompt is abandoned and the exam handed in', async () => {
    const [q1] = exam.questions;
    // answers for q1, then the student stalls: the input never answers again
    const given = right(q1!);
    let i = 0;
    const stalled: ExamInput = {
      key: () => (i < given.length ? Promise.resolve(given[i++]!) : new Promise(() => undefined)),
      line: () => (i < given.length ? Promise.resolve(given[i++]!) : new Promise(() => undefined)),
      close: () => undefined,
    };
    const out = sink();
    const s = await sitExam(exam, deps(stalled, out, {
      sleep: () => {
        let timer: NodeJS.Timeout | undefined;
        return { promise: new Promise<void>((res) => (timer = setTimeout(res, 30))), cancel: () => clearTimeout(timer) };
      },
    }));
    expect(s.reason).toBe('time-up');
    expect([...s.responses.keys()]).toEqual([1]);
    expect(out.text()).toContain('Time is up.');
  });

  it('a deadline already past ends the sitting before the first question', async () => {
    let t = 0;
    const o = sink();
    const s = await sitExam({ ...exam, minutes: 1 }, deps(lines(o, 'x'), o, { clock: { now: () => (t += 120_000) } }));
    expect(s.reason).toBe('time-up');
    expect(s.responses.size).toBe(0);
  });
});

describe('writeReport', () => {
  it('score, points per topic, the missed table and worked solutions without raw LaTeX', async () => {
    const keys = exam.questions.flatMap(wrong);
    const o = sink();
    const s = await sitExam(exam, deps(lines(o, ...keys), o));
    const result = scoreExam(exam, s.responses);
    const out = sink();
    writeReport(exam, result, s, { out, paint: plain, render: (t) => richToTerminal(t) });
    const text = out.text();
    expect(text).toMatch(new RegExp(`Result: 0/${exam.maxScore} points \\(0%\\)`));
    expect(text).toMatch(/topic\s+questions\s+answered\s+points/);
    for (const t of result.topics) expect(text).toMatch(new RegExp(`${t.topic}\\s+${t.questions}\\s+${t.answered}\\s+0/${t.max}\\s+0%`));
    expect(text).toContain(`Missed (${exam.questions.length})`);
    for (const q of exam.questions) if (q.kind === 'numeric') expect(text).toContain(renderLatex(q.steps[0]!));
    expect(text).not.toMatch(/\\(frac|sum|gamma|alpha|leftarrow)\b/);
    expect(text).not.toMatch(/\$/);
    // no raw scripts or Markdown code marks from prompts, steps or misconception messages
    expect(text).not.toMatch(/[_^]\{|`/);
  });

  it('wrapText: at spaces, never wider than the terminal, colour codes not counted, hanging indent', () => {
    const text = 'Fitting a unimodal q to a bimodal p by minimising the reverse KL typically gives a q that';
    const w = wrapText(text, 30);
    expect(w.split('\n')).toEqual(['Fitting a unimodal q to a', 'bimodal p by minimising the', 'reverse KL typically gives a q', 'that']);
    expect(wrapText(`\x1b[1m1\x1b[22m. ${'word '.repeat(12).trim()}`, 24, 3).split('\n')).toEqual([
      '\x1b[1m1\x1b[22m. word word word word', '   word word word word', '   word word word word']);
    expect(wrapText(text, Infinity)).toBe(text);
  });

  it('with a terminal width, the sitting and its report fit it', async () => {
    const o = sink();
    const s = await sitExam(exam, deps(lines(o, ...exam.questions.flatMap(wrong)), o, { columns: () => 60 }));
    const out = sink();
    writeReport(exam, scoreExam(exam, s.responses), s, { out, paint: plain, render: (t) => richToTerminal(t), columns: () => 60 });
    const long = [...o.text().split('\n'), ...out.text().split('\n')].filter((l) => [...l].length > 60 && / /.test(l.trim()));
    // only a single word longer than a line may stick out
    expect(long.filter((l) => l.trim().split(' ').some((w) => [...w].length < 60))).toEqual([]);
  });

  it('clockText', () => {
    expect(clockText(0)).toBe('0:00');
    expect(clockText(61_000)).toBe('1:01');
    expect(clockText(59_001)).toBe('1:00');
    expect(clockText(3_600_000 + 5_000)).toBe('1:00:05');
  });
});
