// `decks generate` → `decks sync` → study → edit the sheet (insert lines) → regenerate → sync: every id and
// every schedule survives, because draft ids are slugs of the terms, not line numbers. Needs `npm run build`.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { E2E_DECKS, ROOT, openDb, run, tempDir } from './harness.js';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

interface ItemState { id: string; reps: number; ef: number; interval: number; due: number | null }

function items(db: string): ItemState[] {
  const d = openDb(db);
  const rows = d.prepare("SELECT i.id, i.reps, i.ef, i.interval, i.due FROM items i JOIN cards c ON c.id = i.card_id WHERE c.topic != 'alpha' AND c.topic != 'beta' AND i.retired = 0 ORDER BY i.id").all() as ItemState[];
  d.close();
  return rows;
}

describe('regenerating a sheet of one\'s own', () => {
  it('keeps every id and schedule after lines are inserted', () => {
    const sheet = join(t.dir, 'stats.md');
    copyFileSync(join(ROOT, 'tests', 'fixtures', 'sheets', 'stats-sheet.md'), sheet);
    const out = join(t.dir, 'mine');
    const db = join(t.dir, 'c.db');
    const env = { DEEPCARDS_DECKS: E2E_DECKS, DEEPCARDS_DB: db };

    expect(run(['decks', 'generate', sheet, '-o', out], { env }).code).toBe(0);
    const first = run(['decks', 'sync', out], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^14 added, 0 updated/);

    // study two cards of one own deck; their schedules must survive the regeneration
    const rev = run(['review', '--topic', 'hypothesis-tests', '--new', '2'], { env, input: ['', '5', '', '4', 'q'].join('\n') });
    expect(rev.code).toBe(0);
    const studied = items(db).filter((i) => i.due !== null);
    expect(studied.map((i) => i.id)).toEqual(['hypothesis-tests.t-statistic#c1', 'hypothesis-tests.t-statistic-advantages']);
    const before = items(db);

    // the user adds a line at the top, a term in the middle and a blank line before a formula
    const lines = readFileSync(sheet, 'utf8').split('\n');
    writeFileSync(sheet, ['Notes for the exam, week 3', '', ...lines.slice(0, 7), 'Mode: the most frequent value', ...lines.slice(7, 20), '', ...lines.slice(20)].join('\n'));
    expect(run(['decks', 'generate', sheet, '-o', out, '--force'], { env }).code).toBe(0);

    const dry = run(['decks', 'sync', out, '--dry-run'], { env });
    expect(dry.stdout).toMatch(/1 added, \d+ updated \(schedules kept\), \d+ moved [^,]*, 0 retired/);
    expect(dry.stdout).toContain('+ descriptive-statistics.mode');
    expect(run(['decks', 'sync', out], { env }).code).toBe(0);

    const after = items(db);
    // every earlier item is still there with the same schedule; the one new term is new
    expect(after.filter((i) => i.id !== 'descriptive-statistics.mode')).toEqual(before);
    expect(after.find((i) => i.id === 'descriptive-statistics.mode')).toMatchObject({ due: null, reps: 0 });
  });
});
