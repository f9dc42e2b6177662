// End-to-end: the built CLI prints exams (byte-identical for a seed, in every format) and sits one
// with answers piped in: graded, stored, wrong answers on studied cards due today, listed by
// `exam history`.
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDecksOrThrow } from '../../src/decks/load.js';
import { assembleExam } from '../../src/exam/assemble.js';
import type { Question } from '../../src/exam/types.js';
import { openDb, ROOT, run, spawnCli, tempDir } from './harness.js';

const DECKS = join(ROOT, 'tests', 'fixtures', 'exam', 'decks');
// 2026-03-02 09:00 UTC is study day 20514
const TODAY = Math.floor(Date.UTC(2026, 2, 2) / 86_400_000);

let t: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 'c.db');
});
afterEach(() => t.cleanup());

const env = (): Record<string, string> => ({ DEEPCARDS_DECKS: DECKS, DEEPCARDS_DB: db });

function keys(q: Question, right: boolean): string[] {
  if (q.kind === 'numeric') {
    const wrongBy = (x: number): number => (right ? x : x + 1000);
    return [Array.isArray(q.answer) ? q.answer.map(wrongBy).join(', ') : String(wrongBy(q.answer))];
  }
  if (q.kind === 'choice') return [String(1 + (right ? q.answerIndex : (q.answerIndex + 1) % q.options.length))];
  return ['', right ? '2' : '0'];
}

const skipKey = (q: Question): string => (q.kind === 'recall' ? 'n' : '');

describe('deepcards exam (printing)', () => {
  it('the same seed gives byte-identical exam and key files, in md, html and json', () => {
    for (const format of ['md', 'html', 'json'] as const) {
      const files: string[][] = [];
      for (const n of [1, 2]) {
        const out = join(t.dir, `exam${n}.${format}`);
        const r = run(['exam', '--seed', '99', '--count', '8', '--format', format, '-o', out], { env: env() });
        // the fixture has 2 numeric cards, fewer than 40% of 8: said on stderr
        expect(r.stderr).toBe('note: numeric: 2 questions instead of 3 (the chosen topics have too few numeric cards)\n');
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^wrote ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
        files.push(format === 'json' ? [readFileSync(out, 'utf8')] : [readFileSync(out, 'utf8'), readFileSync(join(t.dir, `exam${n}-key.${format}`), 'utf8')]);
      }
      expect(files[1]).toEqual(files[0]);
      expect(files[0]![0]).toContain('--seed 99 --count 8');
    }
  });

  it('prints the clock seed when none is given, and usage errors exit 2', () => {
    const r = run(['exam', '--count', '3', '-o', join(t.dir, 'e.md')], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^seed \d+ \(from the clock; --seed \d+ gives this exam again\)\n$/);
    expect(run(['exam', '--topic', 'nope'], { env: env() })).toMatchObject({ code: 2 });
    expect(run(['exam', '--topics', 'nope'], { env: env() })).toMatchObject({ code: 2 });
    expect(run(['exam', '--take', '-o', 'x.md'], { env: env() })).toMatchObject({ code: 2 });
  });
});

describe('deepcards exam --take (piped)', () => {
  it('answers are graded, the result stored, wrong answers on studied cards due today, and history shows it', () => {
    const exam = assembleExam(loadDecksOrThrow([DECKS]), { seed: 5, count: 6 });
    const [q1, q2, ...rest] = exam.questions;
    // the collection, with q1 studied (due in 4 days); q2 is new
    expect(run(['exam', '--seed', '5', '--count', '6', '-o', join(t.dir, 'e.md')], { env: env() }).code).toBe(0);
    const w = new Database(db);
    w.prepare('UPDATE items SET reps = 1, interval = 4, due = ? WHERE id = ?').run(TODAY + 4, q1!.itemId);
    w.close();
    // skip the first, get the second wrong, the rest right, then come back to the first and get it wrong
    const input = [skipKey(q1!), ...keys(q2!, false), ...rest.flatMap((q) => keys(q, true)), ...keys(q1!, false)].join('\n');
    const r = run(['exam', '--take', '--seed', '5', '--count', '6'], { input: `${input}\n`, env: env() });
    expect(r.stderr.replace(/^deepcards: no collection at .*\n/, '')).toBe(''); // the first run says where it creates the collection
    expect(r.code).toBe(0);
    const score = exam.maxScore - q1!.points - q2!.points;
    expect(r.stdout).toContain(`Practice exam · 6 questions · ${exam.maxScore} points · ${exam.minutes} min · seed 5`);
    expect(r.stdout).toMatch(/── 1\/6 · \w+ · \w+ · \d pts ──/);
    expect(r.stdout).toMatch(/\[\d+:\d\d\] /); // the time left in every prompt
    expect(r.stdout).toContain('1 question still open');
    expect(r.stdout).toContain(`Result: ${score}/${exam.maxScore} points`);
    expect(r.stdout).toContain('Missed (2)');
    expect(r.stdout).toContain('Solutions');
    expect(r.stdout).toContain(`1 card answered wrong is due today (2026-03-02): ${q1!.itemId}`);
    expect(r.stdout).toContain(`not studied yet, left new (they come with the daily new cards): ${q2!.itemId}`);
    expect(r.stdout).not.toMatch(/\\[a-zA-Z]+/); // no raw LaTeX in the terminal
    expect(r.stdout).not.toMatch(/[_^]\{|`/); // nor raw scripts or Markdown code marks

    const d = openDb(db);
    expect(d.prepare('SELECT seed, score, max_score FROM exams').get()).toEqual({ seed: 5, score, max_score: exam.maxScore });
    const answers = d.prepare('SELECT position, card_id, item_id, kind, points, earned, correct, made_due FROM exam_answers ORDER BY position').all();
    expect(answers).toEqual(exam.questions.map((q, i) => ({
      position: q.position, card_id: q.cardId, item_id: q.itemId, kind: q.kind, points: q.points,
      earned: i < 2 ? 0 : q.points, correct: i < 2 ? 0 : 1, made_due: i === 0 ? 1 : 0,
    })));
    expect(d.prepare('SELECT due, reps, ef, interval FROM items WHERE id = ?').get(q1!.itemId)).toEqual({ due: TODAY, reps: 1, ef: 250, interval: 4 });
    expect(d.prepare('SELECT due, reps, ef, interval FROM items WHERE id = ?').get(q2!.itemId)).toEqual({ due: null, reps: 0, ef: 250, interval: 0 });
    // the review session sees only q1 as due today
    expect(d.prepare('SELECT count(*) FROM items WHERE due <= ?').pluck().get(TODAY)).toBe(1);
    d.close();

    const h = run(['exam', 'history'], { env: env() });
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(new RegExp(`#1  2026-03-02 09:00  seed 5  ${score}/${exam.maxScore}`));
    const hj = JSON.parse(run(['exam', 'history', '--json'], { env: env() }).stdout) as { exams: { score: number }[] };
    expect(hj.exams.map((e) => e.score)).toEqual([score]);
  });

  it('q, h asks before handing in with questions open; y hands in: everything unanswered, nothing made due', () => {
    const r = run(['exam', '--take', '--seed', '5', '--count', '4'], { input: 'q\nh\ny\n', env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 questions are unanswered: hand in anyway?');
    expect(r.stdout).toMatch(/Result: 0\/\d+ points \(0%\) · 0\/4 answered/);
    const d = openDb(db);
    expect(d.prepare('SELECT count(*) FROM exam_answers WHERE answer IS NULL').pluck().get()).toBe(4);
    expect(d.prepare('SELECT count(*) FROM items WHERE due IS NOT NULL').pluck().get()).toBe(0);
    d.close();
  });

  it('q, a, y abandons: no sitting in the history', () => {
    const r = run(['exam', '--take', '--seed', '5', '--count', '4'], { input: 'q\na\ny\n', env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Sitting abandoned: nothing saved');
    expect(run(['exam', 'history'], { env: env() }).stdout).toBe('No exams taken yet: deepcards exam --take\n');
  });

  it('when the time runs out with stdin still open, the exam is handed in and stored', async () => {
    const exam = assembleExam(loadDecksOrThrow([DECKS]), { seed: 8, count: 4, minutes: 0.04 });
    const child = spawnCli(['exam', '--take', '--seed', '8', '--count', '4', '--minutes', '0.04'], env());
    let stdout = '';
    child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stdin!.write(`${keys(exam.questions[0]!, true).join('\n')}\n`); // one answer, then silence
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('Time is up.');
    expect(stdout).toMatch(new RegExp(`Result: ${exam.questions[0]!.points}/${exam.maxScore} points .* · 1/4 answered`));
    const d = openDb(db);
    expect(d.prepare('SELECT count(*) FROM exam_answers WHERE answer IS NOT NULL').pluck().get()).toBe(1);
    expect(d.prepare("SELECT json_extract(options, '$.ended') FROM exams").pluck().get()).toBe('time-up');
    d.close();
  });
});
