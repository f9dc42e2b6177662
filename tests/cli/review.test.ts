// End-to-end: the built CLI with a temporary collection, a fixed clock and piped answers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { E2E_DECKS, openDb, run, tempDir } from './harness.js';
import { choiceOrder } from '../../src/session/showing.js';

// alpha.zero's options are shuffled per showing; its first showing is (alpha.zero, 0 reviews)
const ZERO = ['Sigmoid', 'ReLU', 'Tanh'];
const zeroOrder = choiceOrder({ itemId: 'alpha.zero', reviews: 0, drill: 0 }, 3);
const pickTanh = String(zeroOrder.indexOf(2) + 1);
const pickWrong = String(zeroOrder.findIndex((c) => ZERO[c] !== 'Tanh') + 1);

// 2026-03-02 09:00 UTC is study day 20514 (days since 1970-01-01)
const TODAY = Math.floor(Date.UTC(2026, 2, 2) / 86_400_000);

let t: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 'c.db');
});
afterEach(() => t.cleanup());

const env = (): Record<string, string> => ({ DEEPCARDS_DECKS: E2E_DECKS, DEEPCARDS_DB: db });

describe('a piped review session', () => {
  it('grades, logs every answer and applies SM-2', () => {
    // queue (sheet order, cloze siblings buried): alpha.sigmoid (103), alpha.bn#c1 (141), alpha.relu (160),
    // alpha.zero (165), beta.conv (339)
    const input = [
      '', '5',        // sigmoid: reveal, grade 5
      '', '3',        // bn#c1: grade 3 → passes, but will be re-drilled (step 7)
      '', '1',        // relu: fails
      pickTanh, '4',  // zero: pick Tanh (shuffled), grade 4
      'q',            // quit at the numeric card, before the re-drills
    ].join('\n');
    const r = run(['--new', '5'], { input, env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1/5 · alpha · new');
    expect(r.stdout).toContain('What is σ(x)?');
    expect(r.stdout).toContain('1/(1 + e⁻ˣ)');
    expect(r.stdout).not.toMatch(/\\[a-zA-Z]/);
    expect(r.stdout).toContain('Session summary');
    expect(r.stdout).toMatch(/new 4 · re-drills 0 · accuracy 75% \(3\/4 passed\)/);
    expect(r.stdout).toMatch(/missed today:\n {2}alpha\.relu {2}What is ReLU\?/);
    expect(r.stdout).toContain('due tomorrow 4');
    const d = openDb(db);
    const reviews = d.prepare('SELECT item_id, kind, grade, reps_after, ef_after, interval_after, due_after FROM reviews ORDER BY id').all();
    expect(reviews).toEqual([
      { item_id: 'alpha.sigmoid', kind: 'new', grade: 5, reps_after: 1, ef_after: 260, interval_after: 1, due_after: TODAY + 1 },
      { item_id: 'alpha.bn#c1', kind: 'new', grade: 3, reps_after: 1, ef_after: 236, interval_after: 1, due_after: TODAY + 1 },
      { item_id: 'alpha.relu', kind: 'new', grade: 1, reps_after: 0, ef_after: 196, interval_after: 1, due_after: TODAY + 1 },
      { item_id: 'alpha.zero', kind: 'new', grade: 4, reps_after: 1, ef_after: 250, interval_after: 1, due_after: TODAY + 1 },
    ]);
    d.close();
  });

  it('a wrong choice pick is a failing grade with the answer shown', () => {
    const r = run(['--new', '5'], { input: ['', '5', '', '5', '', '5', pickWrong, 'q'].join('\n'), env: env() });
    expect(r.stdout).toContain(`✗ wrong — the answer is ${pickTanh}. Tanh`);
    const d = openDb(db);
    expect(d.prepare("SELECT grade, shown FROM reviews WHERE item_id = 'alpha.zero'").get()).toEqual({ grade: 1, shown: JSON.stringify(zeroOrder) });
    d.close();
  });

  it('buries the second cloze deletion until another day', () => {
    run(['--new', '2'], { input: '\n5\n\n5\n', env: env() });
    const next = run(['--new', '10'], { input: 'q\n', env: { ...env(), DEEPCARDS_NOW: '2026-03-03T09:00:00' } });
    // day 2: the two due reviews, then new: bn#c2 (its sibling was seen yesterday), relu, zero, conv
    expect(next.stdout).toContain('2 due, 4 new');
  });

  it('re-drills cards graded below 4 without touching their schedule', () => {
    const input = ['', '2', '', '5', '', '3', '', '4', ''].join('\n');
    // new limit 2: sigmoid (2 → drill), bn#c1 (5); drills: sigmoid (3 → again), sigmoid (4 → done)
    const r = run(['--new', '2'], { input, env: env() });
    expect(r.code).toBe(0);
    const d = openDb(db);
    const rows = d.prepare('SELECT item_id, kind, grade, reps_before, ef_before, reps_after, ef_after FROM reviews ORDER BY id').all() as Record<string, unknown>[];
    expect(rows.map((x) => [x['item_id'], x['kind'], x['grade']])).toEqual([
      ['alpha.sigmoid', 'new', 2], ['alpha.bn#c1', 'new', 5], ['alpha.sigmoid', 'drill', 3], ['alpha.sigmoid', 'drill', 4],
    ]);
    for (const x of rows.filter((r) => r['kind'] === 'drill')) {
      expect(x['reps_after']).toBe(x['reps_before']);
      expect(x['ef_after']).toBe(x['ef_before']);
    }
    expect(d.prepare("SELECT reps, ef, interval, due FROM items WHERE id = 'alpha.sigmoid'").get()).toEqual({ reps: 0, ef: 218, interval: 1, due: TODAY + 1 });
    d.close();
    expect(r.stdout).toContain('drill');
    expect(r.stdout).toMatch(/re-drills 2/);
  });

  it('undo restores the state and the log exactly', () => {
    const input = ['', '0', 'u', '', '5'].join('\n');
    const r = run(['--new', '1'], { input, env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('undone');
    const d = openDb(db);
    expect(d.prepare('SELECT item_id, grade FROM reviews').all()).toEqual([{ item_id: 'alpha.sigmoid', grade: 5 }]);
    expect(d.prepare("SELECT reps, ef, interval, lapses FROM items WHERE id = 'alpha.sigmoid'").get()).toEqual({ reps: 1, ef: 260, interval: 1, lapses: 0 });
    d.close();
  });

  it('re-prompts on an unknown key and records nothing for it', () => {
    const r = run(['--new', '1'], { input: ['x', '', '9', '4'].join('\n'), env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('unknown key "x"');
    expect(r.stdout).toContain('unknown key "9"');
    const d = openDb(db);
    expect(d.prepare('SELECT grade FROM reviews').pluck().all()).toEqual([4]);
    d.close();
  });

  it('suspends a card with s and ends cleanly at end of input', () => {
    const r = run(['--new', '2'], { input: ['s', ''].join('\n'), env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('suspended alpha.sigmoid');
    const d = openDb(db);
    expect(d.prepare("SELECT suspended FROM items WHERE id = 'alpha.sigmoid'").pluck().get()).toBe(1);
    d.close();
  });

  it('shows due cards the next day, first', () => {
    run(['--new', '1'], { input: '\n5\n', env: env() });
    const r = run(['--new', '0'], { input: '\n4\n', env: { ...env(), DEEPCARDS_NOW: '2026-03-03T09:00:00' } });
    expect(r.stdout).toContain('1 due, 0 new');
    expect(r.stdout).toContain('1/1 · alpha · review');
  });

  it('honours --topic and the daily new limit across sessions', () => {
    run(['--new', '2'], { input: '\n5\n\n5\n', env: env() });
    const again = run(['--new', '2'], { input: '', env: env() });
    expect(again.stdout).toContain('Nothing due.');
    const beta = run(['--topic', 'beta', '--new', '5'], { input: 'q\n', env: env() });
    expect(beta.stdout).toContain('· topics beta');
  });
});

describe('status and simulate', () => {
  it('status --json counts new, due and reviewed per topic', () => {
    run(['--new', '1'], { input: '\n5\n', env: env() });
    const r = run(['status', '--json'], { env: env() });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.reviewedToday).toBe(1);
    expect(s.due).toBe(0);
    expect(s.new).toBe(5);
    expect(s.topics.map((x: { topic: string }) => x.topic)).toEqual(['alpha', 'beta']);
  });

  it('simulate --json prints repetitions, E-Factor and interval after each grade', () => {
    const r = run(['simulate', '--grades', '5,4,3,0,5', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { grade: 5, repetitions: 1, ef: 2.6, interval: 1 },
      { grade: 4, repetitions: 2, ef: 2.6, interval: 6 },
      { grade: 3, repetitions: 3, ef: 2.46, interval: 16 },
      { grade: 0, repetitions: 0, ef: 1.66, interval: 1 },
      { grade: 5, repetitions: 1, ef: 1.76, interval: 1 },
    ]);
    const bad = run(['simulate', '--grades', '5,7']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"7" is not a grade');
  });
});

describe('numeric cards in a piped session', () => {
  it('checks typed answers: garbage re-prompts, right asks 3-5, wrong grades 1 with the solution', async () => {
    const { instantiate } = await import('../../src/questions/registry.js');
    const { seedFor } = await import('../../src/questions/rng.js');
    const first = instantiate('conv-output', seedFor('beta.conv', 0), 1);
    const answer = first.answer as number;
    const numericEnv = { ...env(), DEEPCARDS_DECKS: join(E2E_DECKS, '..', 'e2e-decks-numeric') };
    // day 1: garbage, then an expression that evaluates to the answer, then grade 5
    const r1 = run(['--new', '1'], { input: ['evaluate("1")', `${answer}*1 + 0`, '5'].join('\n'), env: numericEnv });
    expect(r1.code).toBe(0);
    expect(r1.stdout).toContain('could not read that');
    expect(r1.stdout).toContain('nothing recorded');
    expect(r1.stdout).toContain('✓ right');
    expect(r1.stdout).toContain(`read as ${answer}`);
    expect(r1.stdout).toContain('Worked solution');
    // day 2: review number 1 gives a fresh instance; a wrong answer is graded 1 and shows the solution
    const second = instantiate('conv-output', seedFor('beta.conv', 1), 1);
    const r2 = run([], { input: [String((second.answer as number) + 7), 'q'].join('\n'), env: { ...numericEnv, DEEPCARDS_NOW: '2026-03-03T09:00:00' } });
    expect(r2.stdout).toContain('✗ wrong');
    expect(r2.stdout).toContain('Worked solution');
    const d = openDb(db);
    const rows = d.prepare('SELECT kind, grade, family, seed, answer_given, correct, params FROM reviews ORDER BY id').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ kind: 'new', grade: 5, family: 'conv-output', seed: seedFor('beta.conv', 0), answer_given: `${answer}*1 + 0`, correct: 1 });
    expect(JSON.parse(rows[0]!['params'] as string)).toEqual(first.params);
    expect(rows[1]).toMatchObject({ kind: 'review', grade: 1, seed: seedFor('beta.conv', 1), correct: 0 });
    d.close();
  });
});

describe('deepcards undo', () => {
  it('takes back the last answer after the session, exactly', () => {
    run(['--new', '2'], { input: '\n5\n\n1\n', env: env() });
    const r = run(['undo'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('undone: grade 1 (new) on alpha.bn#c1');
    const d = openDb(db);
    expect(d.prepare('SELECT item_id FROM reviews').pluck().all()).toEqual(['alpha.sigmoid']);
    expect(d.prepare("SELECT due, reps, ef, lapses, reviews FROM items WHERE id = 'alpha.bn#c1'").get()).toEqual({ due: null, reps: 0, ef: 250, lapses: 0, reviews: 0 });
    d.close();
    run(['undo'], { env: env() });
    const none = run(['undo'], { env: env() });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('nothing to undo');
  });
});
