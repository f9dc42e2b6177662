// `deepcards stats` against a collection whose history is known (tests/stats/known-history.ts); every
// expected figure below is counted by hand from that file's ITEMS and REVIEWS.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeStats, heatmapStart, periodStart, type Stats } from '../../src/stats/compute.js';
import { loadStatsRows } from '../../src/store/stats-queries.js';
import { formatStats } from '../../src/commands/stats.js';
import { spawnSync } from 'node:child_process';
import { BIN, run, tempDir } from '../cli/harness.js';
import { buildKnownHistory, E2E_DECKS, T } from './known-history.js';

let t: ReturnType<typeof tempDir>;
let path: string;
beforeAll(() => {
  t = tempDir();
  path = join(t.dir, 'known.db');
  buildKnownHistory(path);
});
afterAll(() => t.cleanup());

const ANSI = /\u001b\[/;

function inProcess(topics: string[] | null = null, days = 30): Stats {
  const db = new Database(path, { readonly: true });
  try {
    const rows = loadStatsRows(db, { today: T, from: periodStart(T, days), dueBefore: T + 30, heatmapFrom: heatmapStart(T), topics });
    return computeStats(rows, { today: T, days, forecast: 30, topics });
  } finally {
    db.close();
  }
}

describe('stats of a known history (hand-counted)', () => {
  it('retention: scheduled reviews of the last 30 days only, young/mature by interval_before', () => {
    const s = inProcess();
    // in the period (T-29…T), kind 'review': #2 (mature, 5), #3 (mature, 2), #4 (young, 3), #6 (young, 1), #8 (mature, 4)
    expect(s.retention.overall).toEqual({ reviews: 5, passed: 3, rate: 3 / 5 });
    expect(s.retention.young).toEqual({ reviews: 2, passed: 1, rate: 1 / 2 });
    expect(s.retention.mature).toEqual({ reviews: 3, passed: 2, rate: 2 / 3 });
    expect(s.retention.topics).toEqual([
      { topic: 'alpha', overall: { reviews: 4, passed: 2, rate: 0.5 }, young: { reviews: 2, passed: 1, rate: 0.5 }, mature: { reviews: 2, passed: 1, rate: 0.5 } },
      { topic: 'beta', overall: { reviews: 1, passed: 1, rate: 1 }, young: { reviews: 0, passed: 0, rate: null }, mature: { reviews: 1, passed: 1, rate: 1 } },
    ]);
  });

  it('forecast: overdue items count today; suspended and new items do not', () => {
    const s = inProcess();
    expect(s.forecast.overdue).toBe(1); // bn#c1
    expect(s.forecast.total).toBe(4);
    expect(s.forecast.days).toHaveLength(30);
    const nonZero = s.forecast.days.filter((d) => d.due > 0).map((d) => [d.day - T, d.due]);
    expect(nonZero).toEqual([[0, 2], [3, 1], [10, 1]]); // relu + bn#c1 today, sigmoid, conv
    expect(s.forecast.days[0]!.date).toBe('2026-03-02');
  });

  it('heatmap: 26 Monday-based weeks ending today; per-day answers of every kind', () => {
    const s = inProcess();
    expect(s.heatmap.from).toBe(T - 175); // T is a Monday
    expect(s.heatmap.days).toHaveLength(176);
    const active = s.heatmap.days.filter((d) => d.reviews).map((d) => [d.day - T, d.reviews, d.level]);
    expect(active).toEqual([[-40, 1, 2], [-10, 1, 2], [-3, 2, 4], [-2, 1, 2], [-1, 2, 4], [0, 2, 4]]);
    expect(s.heatmap).toMatchObject({ total: 9, activeDays: 6, max: 2 }); // #10 (T-200) is outside
  });

  it('streak, time, numeric accuracy, ease, cards and leeches', () => {
    const s = inProcess();
    expect(s.streak).toEqual({ current: 4, longest: 4, reviewedToday: true }); // T-3 … T
    // period answers #2 … #9: 20+30+4+5+6+7+8+9 s; today #6 and #9
    expect(s.time).toEqual({ todayMs: 15_000, todayAnswers: 2, periodMs: 89_000, periodAnswers: 8, msPerAnswer: 89_000 / 8 });
    expect(s.families).toEqual([{ family: 'conv-output', answers: 2, correct: 1, accuracy: 0.5 }]);
    expect(s.cards).toEqual({ items: 6, new: 1, young: 3, mature: 2, suspended: 1, leeches: 1 });
    // reviewed items' E-Factors: 250, 170, 236, 130, 280
    expect(s.ease.items).toBe(5);
    expect(s.ease.mean).toBeCloseTo(2.132, 10);
    expect(s.ease.buckets.map((b) => [b.label, b.items])).toEqual([
      ['1.30–1.49', 1], ['1.50–1.69', 0], ['1.70–1.89', 1], ['1.90–2.09', 0], ['2.10–2.29', 0], ['2.30–2.49', 1], ['2.50–2.69', 1], ['2.70+', 1],
    ]);
    expect(s.ease.topics).toEqual([{ topic: 'alpha', items: 4, mean: 1.965 }, { topic: 'beta', items: 1, mean: 2.8 }]);
    expect(s.leeches).toEqual({ count: 1, items: [{ id: 'alpha.zero', topic: 'alpha', lapses: 8 }] });
  });

  it('a topic filter restricts every figure', () => {
    const s = inProcess(['beta']);
    expect(s.retention.overall).toEqual({ reviews: 1, passed: 1, rate: 1 });
    expect(s.forecast.total).toBe(1);
    expect(s.heatmap.total).toBe(2);
    expect(s.streak).toEqual({ current: 2, longest: 2, reviewedToday: true });
    expect(s.cards).toEqual({ items: 1, new: 0, young: 0, mature: 1, suspended: 0, leeches: 0 });
    expect(s.leeches.count).toBe(0);
    expect(s.time.periodAnswers).toBe(2);
  });

  it('a shorter period: --days 2 keeps T-1 and T', () => {
    const s = inProcess(null, 2);
    expect(s.retention.overall).toEqual({ reviews: 3, passed: 1, rate: 1 / 3 }); // #3, #6, #8
    // --days is only the history window; the forecast keeps its own horizon (--forecast, 30 here)
    expect(s.forecast.days).toHaveLength(30);
    expect(s.forecast.total).toBe(4);
  });
});

describe('deepcards stats (the built CLI)', () => {
  const env = (): Record<string, string> => ({ DEEPCARDS_DB: path, DEEPCARDS_DECKS: E2E_DECKS });

  it('--json gives the same figures as the computation', () => {
    const r = run(['stats', '--json'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(inProcess())));
  });

  it('plain output (NO_COLOR): ASCII charts, no escape codes, the hand-counted figures', () => {
    const r = run(['stats'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toContain('6 items: 1 new · 3 young · 2 mature');
    expect(r.stdout).toContain("Due in the next 30 days 4 reviews · due tomorrow 0 · today's include 1 overdue");
    expect(r.stdout).toMatch(/^all\s+50\.0% \(2\)\s+66\.7% \(3\)\s+60\.0% \(5\)\s+#{14}\.{10}$/m);
    expect(r.stdout).toMatch(/^conv-output\s+1\/2\s+50\.0% #{10}\.{10}$/m);
    expect(r.stdout).toContain('streak 4 days · longest 4 days');
    expect(r.stdout).toContain('today 15 s (2 answers) · last 30 days 1 min (8 answers, 11.1 s each)');
    expect(r.stdout).toContain('Leeches (1)');
    expect(r.stdout).toContain('alpha.zero (alpha, 8 lapses)');
    // the heatmap's last column: today (Monday) has level 4, the rest of the week is blank
    const mon = r.stdout.split('\n').find((l) => l.startsWith('Mon '))!;
    expect(mon.trimEnd().endsWith('4')).toBe(true);
    expect(r.stdout.split('\n').find((l) => l.startsWith('Sun '))!.trimEnd().endsWith('4')).toBe(true); // T-1
    // the forecast chart: the today column is full height, made of '#'
    expect(r.stdout).toMatch(/^2 \|#/m);
  });

  it('colour output (FORCE_COLOR) uses ANSI colours and block characters', () => {
    const e: NodeJS.ProcessEnv = { ...process.env, ...env(), TZ: 'UTC', DEEPCARDS_NOW: '2026-03-02T09:00:00', FORCE_COLOR: '1' };
    delete e['NO_COLOR'];
    const p = spawnSync(process.execPath, [BIN, 'stats'], { env: e, encoding: 'utf8' });
    const r = { code: p.status, stdout: p.stdout };
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(ANSI);
    expect(r.stdout).toMatch(/[░▒▓]/); // heatmap levels differ in shade and in glyph
    expect(r.stdout).toContain('█');
  });

  // needs the subcommand's own --topic: the root command's --topic (review's) must not swallow it
  // (commander: program.enablePositionalOptions(), or no --topic on the root)
  it('--topic and --days; an unknown topic is a usage error', () => {
    const r = run(['stats', '--json', '--topic', 'beta', '--days', '2'], { env: env() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(inProcess(['beta'], 2))));
    const bad = run(['stats', '--topic', 'gamma'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown topic "gamma"; topics: alpha, beta');
  });

  it('does not make the daily backup (it only reads)', () => {
    run(['stats'], { env: env() });
    expect(require('node:fs').existsSync(join(t.dir, 'backups'))).toBe(false);
  });
});

describe('formatStats of an empty collection', () => {
  it('says so instead of drawing empty charts wrongly', () => {
    const s = computeStats({ dueByDay: [], reviewsByDay: [], activeDays: [], retention: [], items: [], ease: [], timeByDay: [], families: [], leeches: [], answers: [], intervals: [] }, { today: T, days: 30, topics: null });
    const text = formatStats(s, false);
    expect(text).toContain('no scheduled reviews in the period');
    expect(text).toContain('E-Factor no reviewed items yet');
    expect(text).toContain('streak 0 days');
    expect(text).not.toMatch(ANSI);
  });
});
