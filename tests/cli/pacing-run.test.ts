// A simulated 40-day run through the piped CLI toward an exam date: every day the learner answers the
// whole session (grade 4), the clock advancing one day at a time. Every item must be introduced by
// exam-date − exam-margin, and no day may exceed new-cap.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDb, run, tempDir } from './harness.js';

let t: ReturnType<typeof tempDir>;
let db: string;
let decks: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 'c.db');
  decks = join(t.dir, 'decks');
  mkdirSync(decks);
  // two exam topics of different sizes, basic cards only (no cloze siblings to bury): 80 + 40 = 120 items
  const deck = (topic: string, n: number, firstLine: number): string =>
    `topic: ${topic}\ntitle: ${topic}\ndescription: simulated\ncards:\n${Array.from({ length: n }, (_, i) =>
      `  - id: ${topic}.q${i}\n    type: basic\n    front: Question ${i} of ${topic}?\n    back: Answer ${i}.\n    sheet: [${firstLine + i}]\n`).join('')}`;
  writeFileSync(join(decks, 'sim-a.yaml'), deck('sim-a', 80, 100));
  writeFileSync(join(decks, 'sim-b.yaml'), deck('sim-b', 40, 300));
  // a topic that is not on the exam, placed first in the sheet: while paced, it gets no new cards
  writeFileSync(join(decks, 'aside.yaml'), deck('aside', 10, 50));
});
afterEach(() => t.cleanup());

const START = Date.UTC(2026, 2, 2); // 2026-03-02, study day 20514
const dayIso = (k: number): string => new Date(START + k * 86_400_000).toISOString().slice(0, 10);
const env = (k: number): Record<string, string> => ({ DEEPCARDS_DECKS: decks, DEEPCARDS_DB: db, DEEPCARDS_NOW: `${dayIso(k)}T09:00:00` });

describe('40 days toward an exam date', () => {
  it('introduces every item by the margin and never more than the cap a day', { timeout: 240_000 }, () => {
    expect(run(['status'], { env: env(0) }).code).toBe(0);
    const c = new Database(db);
    // exam on day 40 (2026-04-11), margin 7 → deadline day 33 (2026-04-04); new-per-day 1, new-cap 4
    c.prepare("INSERT INTO config (key, value) VALUES ('exam-date', ?), ('exam-margin', '7'), ('new-per-day', '1'), ('new-cap', '4'), ('exam-topics', 'sim-a,sim-b')").run(dayIso(40));
    c.close();
    // Hand-worked pace: day 0: ⌈120/34⌉ = 4; while 4 a day, day k leaves 120 − 4k over 34 − k days,
    // and ⌈(120 − 4k)/(34 − k)⌉ = 4 until 120 − 4k ≤ 3(34 − k), i.e. k ≥ 18: days 0–17 take 4 (72),
    // day 18 has 48 left over 16 days → 3 a day on days 18–33 (48). The last arrive on day 33.
    const expected = [...Array(18).fill(4), ...Array(16).fill(3)];
    const status0 = run(['status'], { env: env(0) });
    expect(status0.stdout).toContain(`new today: 4 (paced for ${dayIso(40)})`);
    expect(JSON.parse(run(['status', '--json'], { env: env(0) }).stdout).newLimit).toEqual({ limit: 4, pacedFor: dayIso(40), warning: null });
    const answers = '\n4\n'.repeat(400);
    for (let k = 0; k < 40; k++) {
      const r = run([], { input: answers, env: env(k) });
      expect(r.code, r.stderr).toBe(0);
      if (k === 0) expect(r.stdout).toContain(`deepcards · 0 due, 4 new · new today: 4 (paced for ${dayIso(40)})`);
    }
    const d = openDb(db);
    const perDay = d.prepare("SELECT day, count(*) AS n FROM reviews WHERE kind = 'new' GROUP BY day ORDER BY day").all() as { day: number; n: number }[];
    const first = START / 86_400_000;
    const newByDay = Array.from({ length: 40 }, (_, k) => perDay.find((p) => p.day === first + k)?.n ?? 0);
    expect(newByDay.slice(0, 34)).toEqual(expected);
    expect(newByDay.slice(34)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Math.max(...newByDay)).toBeLessThanOrEqual(4);
    // every item introduced by the deadline day 33
    expect(d.prepare("SELECT count(*) FROM items WHERE due IS NULL AND id NOT LIKE 'aside.%'").pluck().get()).toBe(0);
    expect(d.prepare("SELECT count(*) FROM items WHERE due IS NULL AND id LIKE 'aside.%'").pluck().get()).toBe(10);
    const lastIntro = d.prepare("SELECT max(day) FROM reviews WHERE kind = 'new'").pluck().get() as number;
    expect(lastIntro).toBe(first + 33);
    // every due review was answered each day: nothing overdue at the end
    expect(d.prepare('SELECT count(*) FROM items WHERE due < ?').pluck().get(first + 39)).toBe(0);
    d.close();
  });
});
