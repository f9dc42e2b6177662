// The exam command called directly with a fake context (no build needed): printing in every format,
// determinism across runs, the clock seed, usage errors, a piped --take stored in the collection,
// and the history with its trend.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/context.js';
import { clockSeed, runExam, runExamHistory, sparkline, type ExamCommandOptions } from '../../src/commands/exam.js';
import { loadDecksOrThrow } from '../../src/decks/load.js';
import { UserError } from '../../src/errors.js';
import { assembleExam } from '../../src/exam/assemble.js';
import type { Question } from '../../src/exam/types.js';

// study days and the history's time stamps are local: pin the zone as the spawned tests do
process.env['TZ'] = 'UTC';

const ROOT = resolve(__dirname, '../..');
const FIXTURE = join(ROOT, 'tests/fixtures/exam/decks');
const NOW = Date.UTC(2026, 2, 2, 9); // study day 20514 in UTC
const TODAY = 20514;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dc-exam-cmd-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function context(input = ''): { ctx: CommandContext; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const stdin = Readable.from([input]) as unknown as NodeJS.ReadStream;
  const ctx: CommandContext = {
    out: { write: (t) => void (out += t) },
    err: { write: (t) => void (err += t) },
    env: {},
    clock: { now: () => NOW },
    dbPath: join(dir, 'c.db'),
    dbIsDefault: false,
    packageRoot: ROOT,
    color: false,
    decksDir: FIXTURE,
    stdin,
  };
  return { ctx, out: () => out, err: () => err };
}

async function usage(opts: ExamCommandOptions, message: RegExp): Promise<void> {
  const { ctx } = context();
  await expect(runExam(opts, ctx)).rejects.toSatisfy((e: unknown) => e instanceof UserError && e.exitCode === 2 && message.test(e.message));
}

describe('printing', () => {
  it('Markdown exam and key files, byte-identical for the same seed', async () => {
    const a = context();
    expect(await runExam({ seed: '7', count: '8', output: join(dir, 'exam.md') }, a.ctx)).toBe(0);
    expect(a.out()).toBe(`wrote ${join(dir, 'exam.md')} and the key ${join(dir, 'exam-key.md')}: 8 questions, 18 points, 17 min, seed 7\n`);
    const exam1 = readFileSync(join(dir, 'exam.md'), 'utf8');
    const key1 = readFileSync(join(dir, 'exam-key.md'), 'utf8');
    expect(exam1).toContain('Regenerate: `deepcards exam --seed 7 --count 8 --mix numeric=0.4,choice=0.3,recall=0.3 --format md`');
    expect(key1).toContain('# Answer key');
    const b = context();
    await runExam({ seed: 7, count: 8, output: join(dir, 'again.md'), key: join(dir, 'again-answers.md') }, b.ctx);
    expect(readFileSync(join(dir, 'again.md'), 'utf8')).toBe(exam1);
    expect(readFileSync(join(dir, 'again-answers.md'), 'utf8')).toBe(key1);
  });

  it('HTML with the key appended after a page break (--key -); JSON to stdout', async () => {
    const a = context();
    await runExam({ seed: '3', count: '5', format: 'html', output: join(dir, 'e.html'), key: '-' }, a.ctx);
    const html = readFileSync(join(dir, 'e.html'), 'utf8');
    expect(html).toContain('<section class="key">');
    expect(existsSync(join(dir, 'e-key.html'))).toBe(false);
    const b = context();
    await runExam({ seed: '3', count: '5', format: 'json' }, b.ctx);
    const j = JSON.parse(b.out()) as { seed: number; questions: unknown[]; command: string };
    expect(j.seed).toBe(3);
    expect(j.questions).toHaveLength(5);
    expect(j.command).toBe('deepcards exam --seed 3 --count 5 --mix numeric=0.4,choice=0.3,recall=0.3 --format json');
  });

  it('without -o: the exam and then its key on stdout; the format follows -o’s extension', async () => {
    const a = context();
    await runExam({ seed: '3', count: '4' }, a.ctx);
    expect(a.out()).toMatch(/^# Practice exam[\s\S]*\n---\n\n# Answer key/);
    const b = context();
    await runExam({ seed: '3', count: '4', output: join(dir, 'x.html') }, b.ctx);
    expect(readFileSync(join(dir, 'x.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readFileSync(join(dir, 'x-key.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('without --seed: a seed from the clock, printed with the way to replay it', async () => {
    const a = context();
    await runExam({ count: '4' }, a.ctx);
    const seed = clockSeed(NOW);
    expect(a.err()).toContain(`seed ${seed} (from the clock; --seed ${seed} gives this exam again)`);
    expect(a.out()).toContain(`seed ${seed} · 4 questions`);
  });

  it('usage errors exit 2', async () => {
    await usage({ take: true, output: 'x.md' }, /--take/);
    await usage({ format: 'json', key: 'k.json' }, /--key does not apply/);
    await usage({ count: 'many' }, /--count/);
    await usage({ topics: 'nope' }, /unknown topic "nope"/);
    await usage({ mix: 'essay=1' }, /--mix/);
    await usage({ format: 'pdf' }, /--format/);
  });
});

/** Keystrokes answering `q`: right or wrong. */
function keys(q: Question, right: boolean): string[] {
  if (q.kind === 'numeric') {
    const v = Array.isArray(q.answer) ? q.answer.map((x) => (right ? x : x + 1000)).join(', ') : String(right ? q.answer : q.answer + 1000);
    return [v];
  }
  if (q.kind === 'choice') return [String.fromCharCode(97 + (right ? q.answerIndex : (q.answerIndex + 1) % q.options.length))];
  return ['r', right ? '2' : '0'];
}

describe('--take', () => {
  it('answers piped in are graded, stored, and the missed cards become due today', async () => {
    const exam = assembleExam(loadDecksOrThrow([FIXTURE]), { seed: 11, count: 6 });
    // first question skipped, then comes back and is answered wrong; the second is wrong; the rest right
    const [q1, q2, ...rest] = exam.questions;
    const input = ['', ...keys(q2!, false), ...rest.flatMap((q) => keys(q, true)), ...keys(q1!, false)].join('\n');
    const a = context(`${input}\n`);
    expect(await runExam({ seed: '11', count: '6', take: true, format: 'md' }, a.ctx)).toBe(0);
    const out = a.out();
    const max = exam.maxScore;
    const score = max - q1!.points - q2!.points;
    expect(out).toContain(`Result: ${score}/${max} points`);
    expect(out).toContain('Missed (2)');
    expect(out).toContain('saved as exam #1');
    expect(out).toMatch(/2 missed cards are due today \(2026-03-02\)/);
    const db = new Database(join(dir, 'c.db'), { readonly: true });
    expect(db.prepare('SELECT seed, score, max_score, minutes FROM exams').get()).toEqual({ seed: 11, score, max_score: max, minutes: exam.minutes });
    const rows = db.prepare('SELECT position, item_id, earned, correct, made_due FROM exam_answers ORDER BY position').all() as { item_id: string; made_due: number }[];
    expect(rows).toHaveLength(6);
    for (const q of [q1!, q2!]) {
      expect(db.prepare('SELECT due, reps, ef FROM items WHERE id = ?').get(q.itemId)).toEqual({ due: TODAY, reps: 0, ef: 250 });
    }
    for (const q of rest) expect(db.prepare('SELECT due FROM items WHERE id = ?').pluck().get(q.itemId)).toBeNull();
    db.close();

    // history: one sitting, then a second, with the trend
    const h1 = context();
    await runExamHistory({}, h1.ctx);
    expect(h1.out()).toMatch(new RegExp(`#1  2026-03-02 09:00  seed 11  ${score}/${max}`));
    const b = context(`${exam.questions.flatMap((q) => keys(q, true)).join('\n')}\n`);
    await runExam({ seed: '11', count: '6', take: true }, b.ctx);
    expect(b.out()).toContain(`Result: ${max}/${max} points (100%)`);
    const h2 = context();
    await runExamHistory({}, h2.ctx);
    const p1 = Math.round((100 * score) / max);
    expect(h2.out()).toContain(`trend (last 2): ${sparkline([p1, 100])}  ${p1}% → 100% · +${100 - p1} percentage points vs the previous`);
    const hj = context();
    await runExamHistory({ json: true }, hj.ctx);
    const j = JSON.parse(hj.out()) as { exams: { score: number; topics: unknown[] }[]; trend: { last: number[]; change: number } };
    expect(j.exams.map((e) => e.score)).toEqual([score, max]);
    expect(j.trend).toMatchObject({ last: [p1, 100], change: 100 - p1 });
  });

  it('history of an empty collection', async () => {
    const a = context();
    await runExamHistory({}, a.ctx);
    expect(a.out()).toBe('No exams taken yet: deepcards exam --take\n');
  });
});

it('sparkline', () => {
  expect(sparkline([0, 12.5, 50, 87.5, 100])).toBe('▁▂▅██');
});
