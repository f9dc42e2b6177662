// Adaptive difficulty, as a user meets it (issue 11): a learner fails a td0 item with a named
// misconception (γ forgotten); the next instance is drawn so that mistake is clearly apart from the
// answer; then the level rises over successful reviews. Every log row carries level and seed, so each
// review replays with instantiate(family, seed, level, separate).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { levelFor } from '../../src/questions/level.js';
import { instantiate } from '../../src/questions/registry.js';
import { seedFor } from '../../src/questions/rng.js';
import type { Level } from '../../src/questions/types.js';
import { openDb, run, tempDir } from './harness.js';

let t: ReturnType<typeof tempDir>;
let db: string;
let decks: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 'c.db');
  decks = join(t.dir, 'decks');
  mkdirSync(decks);
  writeFileSync(
    join(decks, 'gamma.yaml'),
    ['topic: gamma', 'title: Gamma', 'description: One TD(0) item.', 'cards:', '  - id: gamma.td', '    type: numeric', '    family: td0', '    level: 1', '    sheet: [916]', ''].join('\n'),
  );
});
afterEach(() => t.cleanup());

const env = (now: string): Record<string, string> => ({ DEEPCARDS_DECKS: decks, DEEPCARDS_DB: db, DEEPCARDS_NOW: now });
const item = (): { reps: number; lapses: number; reviews: number } => {
  const d = openDb(db);
  const row = d.prepare("SELECT reps, lapses, reviews FROM items WHERE id = 'gamma.td'").get() as { reps: number; lapses: number; reviews: number };
  d.close();
  return row;
};

describe('adaptive numeric levels in a review session', () => {
  it('separates the named misconception after a failure, then raises the level with repetitions', () => {
    // day 1: the new item at level 1; answer with γ forgotten: V + α(r + V(s′) − V)
    const first = instantiate('td0', seedFor('gamma.td', 0), 1);
    const p = first.params as Record<string, number>;
    const noGamma = p['v']! + p['alpha']! * (p['reward']! + p['next_v']! - p['v']!);
    const r1 = run(['--new', '1'], { input: `${noGamma}\nq\n`, env: env('2026-03-02T09:00:00') });
    expect(r1.code).toBe(0);
    expect(r1.stdout).toContain('✗ wrong');
    expect(r1.stdout).toContain('likely mistake');

    // later reviews: answer right each time, grade 5
    const dates = ['2026-03-03T09:00:00', '2026-04-01T09:00:00', '2026-09-01T09:00:00', '2027-06-01T09:00:00', '2029-01-01T09:00:00'];
    for (const [k, now] of dates.entries()) {
      const it0 = item();
      const d = openDb(db);
      const last = d.prepare("SELECT misconception FROM reviews WHERE item_id = 'gamma.td' ORDER BY id DESC LIMIT 1").pluck().get() as string | null;
      d.close();
      const choice = levelFor({ baseLevel: 1, reps: it0.reps, lapses: it0.lapses, lastMisconception: last });
      const inst = instantiate('td0', seedFor('gamma.td', it0.reviews), choice.level, choice.separate);
      const r = run([], { input: `${inst.answer}\n5\nq\n`, env: env(now) });
      expect(r.code, `review ${k + 1}: ${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('✓ right');
    }

    const d = openDb(db);
    const rows = d.prepare("SELECT kind, grade, seed, level, misconception, params FROM reviews WHERE kind != 'drill' ORDER BY id").all() as {
      kind: string; grade: number; seed: number; level: number; misconception: string | null; params: string;
    }[];
    d.close();
    expect(rows).toHaveLength(6);
    // the failure logged its level, seed and the named misconception
    expect(rows[0]).toMatchObject({ kind: 'new', grade: 1, seed: seedFor('gamma.td', 0), level: 1, misconception: 'no-gamma' });
    // the next instance replays from (seed, level, separate) and puts "γ forgotten" ≥ 5 tolerances away
    const next = instantiate('td0', rows[1]!.seed, rows[1]!.level as Level, 'no-gamma');
    expect(JSON.parse(rows[1]!.params)).toEqual(next.params);
    const q = next.params as Record<string, number>;
    const forgot = q['v']! + q['alpha']! * (q['reward']! + q['next_v']! - q['v']!);
    const tol = next.tolerance.kind === 'relative' ? next.tolerance.abs : 0;
    expect(Math.abs(forgot - (next.answer as number))).toBeGreaterThanOrEqual(5 * tol);
    // the level rises with the repetitions: 1, 1, 1, 2, 2, 3
    expect(rows.map((r) => r.level)).toEqual([1, 1, 1, 2, 2, 3]);
    expect(rows.every((r) => Number.isInteger(r.seed))).toBe(true);
  });
});
