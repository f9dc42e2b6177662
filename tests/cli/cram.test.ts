// `deepcards review --cram`: answers are logged as 'cram' with state before = after; the items, the
// scheduled log, the daily counts and retention are untouched; stats keep cram apart.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { E2E_DECKS, openDb, run, tempDir } from './harness.js';
import { cramChoiceOrder, cramSeed } from '../../src/pacing/cram.js';
import { loadMigrations } from '../../src/store/migrate.js';
import { openCollection } from '../../src/store/open.js';
import { writeAnswer } from '../../src/store/collection.js';
import { review, type Grade } from '../../src/scheduler/sm2.js';

// 2026-03-02 is study day 20514
const T = Math.floor(Date.UTC(2026, 2, 2) / 86_400_000);
const DAY2 = '2026-03-03T09:00:00';

let t: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 'c.db');
});
afterEach(() => t.cleanup());
const env = (extra: Record<string, string> = {}): Record<string, string> => ({ DEEPCARDS_DECKS: E2E_DECKS, DEEPCARDS_DB: db, ...extra });

/** Day 1, written through the store (independent of the review screen): the four alpha items
 * introduced — sigmoid 5 (EF 2.60), bn#c1 1 (EF 1.96, again today), relu 4 and zero 4 (EF 2.50). */
function introduce(): void {
  expect(run(['status'], { env: env() }).code).toBe(0);
  const d = openCollection(db, { migrations: loadMigrations('migrations'), now: 0 });
  const grades: [string, Grade][] = [['alpha.sigmoid', 5], ['alpha.bn#c1', 1], ['alpha.relu', 4], ['alpha.zero', 4]];
  grades.forEach(([itemId, grade], i) => {
    const at = T * 86_400_000 + 9 * 3_600_000 + i * 1000;
    writeAnswer(d, { itemId, session: T, at, day: T, kind: 'new', grade, durationMs: 4000, after: review({ kind: 'new' }, grade, T) });
  });
  d.close();
}

function snapshot(): { items: unknown[]; scheduled: unknown[]; cram: Record<string, unknown>[]; days: unknown[] } {
  const d = openDb(db);
  try {
    return {
      items: d.prepare('SELECT * FROM items ORDER BY id').all(),
      scheduled: d.prepare("SELECT * FROM reviews WHERE kind != 'cram' ORDER BY id").all(),
      cram: d.prepare("SELECT * FROM reviews WHERE kind = 'cram' ORDER BY id").all() as Record<string, unknown>[],
      days: d.prepare('SELECT day, topic, kind, n, passed FROM review_days ORDER BY day, topic, kind, mature').all(),
    };
  } finally {
    d.close();
  }
}

describe('review --cram', () => {
  it('drills without touching any schedule', () => {
    introduce();
    const before = snapshot();
    expect(before.scheduled).toHaveLength(4);
    const status0 = JSON.parse(run(['status', '--json'], { env: env({ DEEPCARDS_NOW: DAY2 }) }).stdout);
    expect(status0.due).toBe(4);

    // zero's options (Sigmoid, ReLU, Tanh) are shuffled from the seed of its first cram answer; undo
    // deletes that answer, so the same order comes back
    const shown = cramChoiceOrder(cramSeed('alpha.zero', 1), 3);
    expect([...shown].sort()).toEqual([0, 1, 2]);
    const tanh = String(shown.indexOf(2) + 1);
    const wrong = String(shown.findIndex((o) => o !== 2) + 1);
    // day 2, cram alpha: weakest first — bn#c1 (EF 1.96), then relu and zero (2.50, sheet order), sigmoid (2.60)
    const input = [
      '', '1',   // bn#c1: fails → again at the end
      '', '5',   // relu
      wrong,     // zero: a wrong pick → grade 1 …
      'u',       // … undone at sigmoid's reveal: zero is back
      tanh, '5', // zero: Tanh, 5
      '', '4',   // sigmoid
      '', '4',   // bn#c1 again: 4, done
    ].join('\n');
    const r = run(['review', '--cram', '--topic', 'alpha'], { input, env: env({ DEEPCARDS_NOW: DAY2 }) });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deepcards cram · 4 cards · topics alpha');
    expect(r.stdout).toContain('undone');
    expect(r.stdout).toMatch(/Cram summary\n5 answers · 4 passed · 4 of 4 cards seen/);
    expect(r.stdout).not.toContain('still shaky');

    const after = snapshot();
    // every item and every scheduled answer exactly as before
    expect(after.items).toEqual(before.items);
    expect(after.scheduled).toEqual(before.scheduled);
    // the cram rows: in order, the undone one gone, state before = after = the item's state
    expect(after.cram.map((c) => [c['item_id'], c['grade']])).toEqual([
      ['alpha.bn#c1', 1], ['alpha.relu', 5], ['alpha.zero', 5], ['alpha.sigmoid', 4], ['alpha.bn#c1', 4],
    ]);
    const items = new Map((after.items as Record<string, unknown>[]).map((i) => [i['id'], i]));
    for (const c of after.cram) {
      const it = items.get(c['item_id'])!;
      expect(c).toMatchObject({ kind: 'cram', day: T + 1, source: 'deepcards', shown: c['item_id'] === 'alpha.zero' ? JSON.stringify(shown) : null });
      expect([c['reps_before'], c['ef_before'], c['interval_before'], c['due_before'], c['lapses_before']])
        .toEqual([it['reps'], it['ef'], it['interval'], it['due'], it['lapses']]);
      expect([c['reps_after'], c['ef_after'], c['interval_after'], c['due_after'], c['lapses_after']])
        .toEqual([it['reps'], it['ef'], it['interval'], it['due'], it['lapses']]);
    }
    // the per-day summary counts cram as its own kind: 5 answers, 4 passed, nothing as 'review'
    expect(after.days).toContainEqual({ day: T + 1, topic: 'alpha', kind: 'cram', n: 5, passed: 4 });
    expect((after.days as { day: number; kind: string }[]).filter((x) => x.day === T + 1 && x.kind !== 'cram')).toEqual([]);

    // status: nothing reviewed today, the same 4 due; stats: retention has no review
    const status = JSON.parse(run(['status', '--json'], { env: env({ DEEPCARDS_NOW: DAY2 }) }).stdout);
    expect(status).toMatchObject({ due: 4, reviewedToday: 0, newToday: 0 });
    const stats = JSON.parse(run(['stats', '--json'], { env: env({ DEEPCARDS_NOW: DAY2 }) }).stdout);
    expect(stats.retention.overall.reviews).toBe(0);
    // cram is its own kind in stats: grades 1, 5, 5, 4, 4; the 4 first answers stay 'new', no review
    expect(stats.buttons.cram).toMatchObject({ answers: 5, counts: [0, 1, 0, 0, 2, 2], passed: 4 });
    expect(stats.buttons.new.answers).toBe(4);
    expect(stats.buttons.young.answers + stats.buttons.mature.answers + stats.buttons.learning.answers).toBe(0);

    // `deepcards undo` takes back the last cram answer only: the item stays as it was
    const u = run(['undo'], { env: env({ DEEPCARDS_NOW: DAY2 }) });
    expect(u.code).toBe(0);
    expect(u.stdout).toContain('(cram) on alpha.bn#c1');
    const undone = snapshot();
    expect(undone.items).toEqual(before.items);
    expect(undone.cram).toHaveLength(4);

    // the day's review still has its 4 due cards
    const review = run([], { input: 'q\n', env: env({ DEEPCARDS_NOW: DAY2 }) });
    expect(review.stdout).toContain('deepcards · 4 due');
  });

  it('--failed-since picks the failed cards; bad dates and topics are usage errors', () => {
    introduce();
    // bn#c1 failed on 2026-03-02; with --limit 1 only it
    const r = run(['review', '--cram', '--failed-since', '2026-03-02', '--limit', '1'], { input: '\n5\n', env: env({ DEEPCARDS_NOW: DAY2 }) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deepcards cram · 1 card · failed since 2026-03-02');
    expect(r.stdout).toContain('Batch norm subtracts');
    const none = run(['review', '--cram', '--failed-since', '2026-03-03'], { env: env({ DEEPCARDS_NOW: DAY2 }) });
    expect(none.stdout).toContain('Nothing to cram (no card failed since 2026-03-03)');
    const bad = run(['review', '--cram', '--failed-since', '2026-02-30'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--failed-since: expected a date as YYYY-MM-DD, got "2026-02-30"');
    expect(run(['review', '--failed-since', '2026-03-01'], { env: env() }).code).toBe(2);
    const topic = run(['review', '--cram', '--topic', 'nosuch'], { env: env() });
    expect(topic.code).toBe(2);
    expect(topic.stderr).toContain('unknown topic "nosuch"');
  });
});
