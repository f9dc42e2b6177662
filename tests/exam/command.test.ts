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
const cwd = process.cwd();
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dc-exam-cmd-'));
  // `exam` without -o writes exam.md and exam-key.md into the current directory
  process.chdir(dir);
});
afterEach(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

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
    await runExam({ seed: '3', count: '5', format: 'json', output: '-' }, b.ctx);
    const j = JSON.parse(b.out()) as { seed: number; questions: unknown[]; command: string };
    expect(j.seed).toBe(3);
    expect(j.questions).toHaveLength(5);
    expect(j.command).toBe('deepcards exam --seed 3 --count 5 --mix numeric=0.4,choice=0.3,recall=0.3 --format json');
  });

  it('without -o: exam.md and exam-key.md here, never the key on stdout; -o - prints the exam alone', async () => {
    const a = context();
    await runExam({ seed: '3', count: '4' }, a.ctx);
    expect(a.out()).toMatch(/^wrote exam\.md and the key exam-key\.md: 4 questions, \d+ points, \d+ min, seed 3\n$/);
    expect(readFileSync(join(dir, 'exam.md'), 'utf8')).toMatch(/^# Practice exam/);
    expect(readFileSync(join(dir, 'exam.md'), 'utf8')).not.toContain('# Answer key');
    expect(readFileSync(join(dir, 'exam-key.md'), 'utf8')).toMatch(/^# Answer key/);
    const html = context();
    await runExam({ seed: '3', count: '4', format: 'html' }, html.ctx);
    expect(html.out()).toMatch(/^wrote exam\.html and the key exam-key\.html: /);
    const dash = context();
    await runExam({ seed: '3', count: '4', output: '-' }, dash.ctx);
    expect(dash.out()).toBe(readFileSync(join(dir, 'exam.md'), 'utf8'));
    expect(dash.err()).toBe(a.out().replace('wrote exam.md and the key', 'wrote the key'));
    await usage({ output: '-', key: '-' }, /never goes to stdout/);
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
    expect(readFileSync(join(dir, 'exam.md'), 'utf8')).toContain(`seed ${seed} · 4 questions`);
  });

  it('usage errors exit 2', async () => {
    await usage({ take: true, output: 'x.md' }, /--take/);
    await usage({ format: 'json', key: 'k.json' }, /--key does not apply/);
    await usage({ count: 'many' }, /--count/);
    await usage({ topic: 'nope' }, /unknown topic "nope"/);
    await usage({ topics: 'nope' }, /unknown topic "nope"/); // the old spelling still works
    await usage({ mix: 'essay=1' }, /--mix/);
    await usage({ format: 'pdf' }, /--format/);
  });
});

/** Keystrokes answering `q`: right or wrong, with the review's keys (1–N, Enter reveals). */
function keys(q: Question, right: boolean): string[] {
  if (q.kind === 'numeric') {
    const v = Array.isArray(q.answer) ? q.answer.map((x) => (right ? x : x + 1000)).join(', ') : String(right ? q.answer : q.answer + 1000);
    return [v];
  }
  if (q.kind === 'choice') return [String(1 + (right ? q.answerIndex : (q.answerIndex + 1) % q.options.length))];
  return ['', right ? '2' : '0'];
}

/** The keystroke that skips `q`. */
function skipKey(q: Question): string {
  return q.kind === 'recall' ? 'n' : '';
}

/** Study an item in the collection: in review, due in `days` days. */
function study(itemId: string, days: number): void {
  const db = new Database(join(dir, 'c.db'));
  db.prepare('UPDATE items SET reps = 1, interval = ?, due = ? WHERE id = ?').run(days, TODAY + days, itemId);
  db.close();
}

describe('--take', () => {
  it('only questions answered wrong on studied cards become due today; unanswered and never-studied stay', async () => {
    const exam = assembleExam(loadDecksOrThrow([FIXTURE]), { seed: 11, count: 6 });
    const [q1, q2, q3, ...rest] = exam.questions;
    // the collection first (printing syncs the decks), then q1 and q3 studied: due in 5 days
    await runExam({ seed: '11', count: '6', output: join(dir, 'e.md') }, context().ctx);
    study(q1!.itemId, 5);
    study(q3!.itemId, 5);
    // q1 skipped, comes back and is answered wrong; q2 (never studied) wrong; q3 skipped and left
    // unanswered; the rest right; then q, h (3 … unanswered: hand in anyway?) y
    const input = [skipKey(q1!), ...keys(q2!, false), skipKey(q3!), ...rest.flatMap((q) => keys(q, true)), ...keys(q1!, false), 'q', 'h', 'y'].join('\n');
    const a = context(`${input}\n`);
    expect(await runExam({ seed: '11', count: '6', take: true, format: 'md' }, a.ctx)).toBe(0);
    const out = a.out();
    const max = exam.maxScore;
    const score = max - q1!.points - q2!.points - q3!.points;
    expect(out).toContain('1 question is unanswered: hand in anyway?');
    expect(out).toContain(`Result: ${score}/${max} points`);
    expect(out).toContain('Missed (3)');
    expect(out).toContain('saved as exam #1');
    expect(out).toContain(`1 card answered wrong is due today (2026-03-02): ${q1!.itemId}`);
    expect(out).toContain(`not studied yet, left new (they come with the daily new cards): ${q2!.itemId}`);
    const db = new Database(join(dir, 'c.db'), { readonly: true });
    expect(db.prepare('SELECT seed, score, max_score, minutes FROM exams').get()).toEqual({ seed: 11, score, max_score: max, minutes: exam.minutes });
    const rows = db.prepare('SELECT position, item_id, earned, correct, made_due, answer IS NULL AS unanswered FROM exam_answers ORDER BY position').all() as
      { made_due: number; unanswered: number }[];
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.made_due)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(rows.map((r) => r.unanswered)).toEqual([0, 0, 1, 0, 0, 0]);
    expect(db.prepare('SELECT due, reps FROM items WHERE id = ?').get(q1!.itemId)).toEqual({ due: TODAY, reps: 1 });
    expect(db.prepare('SELECT due, reps FROM items WHERE id = ?').get(q2!.itemId)).toEqual({ due: null, reps: 0 });
    expect(db.prepare('SELECT due FROM items WHERE id = ?').pluck().get(q3!.itemId)).toBe(TODAY + 5);
    for (const q of rest) expect(db.prepare('SELECT due FROM items WHERE id = ?').pluck().get(q.itemId)).toBeNull();
    db.close();

    // history: one sitting, then a second, with the trend
    const h1 = context();
    await runExamHistory({}, h1.ctx);
    expect(h1.out()).toMatch(new RegExp(`#1  2026-03-02 09:00  seed 11  ${score}/${max}`));
    const b = context(`${exam.questions.flatMap((q) => keys(q, true)).join('\n')}\n`);
    await runExam({ seed: '11', count: '6', take: true }, b.ctx);
    const p1 = Math.round((100 * score) / max);
    expect(b.out()).toContain(`Result: ${max}/${max} points (100%)`);
    const h2 = context();
    await runExamHistory({}, h2.ctx);
    expect(h2.out()).toContain(`trend (last 2): ${sparkline([p1, 100])}  ${p1}% → 100% · +${100 - p1} percentage points vs the previous`);
    const hj = context();
    await runExamHistory({ json: true }, hj.ctx);
    const j = JSON.parse(hj.out()) as { exams: { score: number; topics: unknown[] }[]; trend: { last: number[]; change: number } };
    expect(j.exams.map((e) => e.score)).toEqual([score, max]);
    expect(j.trend).toMatchObject({ last: [p1, 100], change: 100 - p1 });
  });

  it('q then a, y abandons: nothing saved, no schedule changed; history --delete removes a sitting', async () => {
    const exam = assembleExam(loadDecksOrThrow([FIXTURE]), { seed: 11, count: 6 });
    const [q1] = exam.questions;
    const a = context(`${[...keys(q1!, false), 'q', 'a', 'y'].join('\n')}\n`);
    expect(await runExam({ seed: '11', count: '6', take: true }, a.ctx)).toBe(0);
    expect(a.out()).toContain('Sitting abandoned: nothing saved');
    const db = new Database(join(dir, 'c.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM exams').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM items WHERE due IS NOT NULL').pluck().get()).toBe(0);
    db.close();
    // a sitting handed in at once (q, h, y), then deleted
    const b = context('q\nh\ny\n');
    await runExam({ seed: '11', count: '6', take: true }, b.ctx);
    expect(b.out()).toContain('saved as exam #1');
    const d = context();
    expect(await runExamHistory({ delete: '1' }, d.ctx)).toBe(0);
    expect(d.out()).toBe('deleted exam #1 from the history\n');
    const h = context();
    await runExamHistory({}, h.ctx);
    expect(h.out()).toBe('No exams taken yet: deepcards exam --take\n');
    await expect(runExamHistory({ delete: '1' }, context().ctx)).rejects.toSatisfy((e: unknown) => e instanceof UserError && e.exitCode === 2);
  });

  it('exams skip suspended items and draw from decks synced into the collection', async () => {
    await runExam({ seed: '1', count: '1', output: join(dir, 'x.md') }, context().ctx);
    const db = new Database(join(dir, 'c.db'));
    db.prepare("UPDATE items SET suspended = 1 WHERE card_id LIKE 'gamma.%'").run();
    const content = JSON.stringify({ id: 'own.one', type: 'basic', front: 'A card of my own deck', back: 'its back', sheet: [1], tags: [] });
    db.prepare("INSERT INTO cards (id, topic, type, content, hash, position, added_at, modified_at) VALUES ('own.one', 'own', 'basic', ?, 'h', 99, 0, 0)").run(content);
    db.prepare("INSERT INTO items (id, card_id, ord) VALUES ('own.one', 'own.one', 0)").run();
    db.close();
    const a = context();
    await runExam({ seed: '1', count: '50', format: 'json', output: '-' }, a.ctx);
    const j = JSON.parse(a.out()) as { questions: { cardId: string }[] };
    const ids = j.questions.map((q) => q.cardId);
    expect(ids).toContain('own.one');
    expect(ids.filter((id) => id.startsWith('gamma.'))).toEqual([]);
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
