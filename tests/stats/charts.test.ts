// The figures beside Anki's (grades by kind, answers and time per day by kind, hours, intervals,
// retention over time, due tomorrow, --forecast apart from --days) against the hand-counted history
// of tests/stats/known-history.ts with EXTRA_REVIEWS; and the report at 80 columns.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stats } from '../../src/stats/compute.js';
import { run, tempDir } from '../cli/harness.js';
import { buildKnownHistory, E2E_DECKS, T } from './known-history.js';

let t: ReturnType<typeof tempDir>;
let env: Record<string, string>;
beforeAll(() => {
  t = tempDir();
  const path = join(t.dir, 'known.db');
  buildKnownHistory(path, { extended: true });
  // T is 2026-03-02; the harness runs the CLI with TZ=UTC, so the hours below are UTC hours
  env = { DEEPCARDS_DB: path, DEEPCARDS_DECKS: E2E_DECKS, DEEPCARDS_NOW: '2026-03-02T22:00:00' };
});
afterAll(() => t.cleanup());

const json = (args: string[] = []): Stats => {
  const r = run(['stats', '--json', ...args], { env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Stats;
};

describe('stats beside Anki, hand-counted', () => {
  it('grades by kind: new, learning (drills and n = 0 reviews), young, mature, cram, exam; Anki imports count', () => {
    const b = json().buttons;
    // in the period T-29…T: #7 new 3 · #5 drill 4, #11 n=0 review 4 · #4 3, #6 1, #13 3 (anki), #14 0 (anki)
    // · #2 5, #3 2, #8 4 (interval before ≥ 21) · #12 cram 5 · #9 exam 0
    expect(b.new).toEqual({ answers: 1, counts: [0, 0, 0, 1, 0, 0], passed: 1, rate: 1 });
    expect(b.learning).toEqual({ answers: 2, counts: [0, 0, 0, 0, 2, 0], passed: 2, rate: 1 });
    expect(b.young).toEqual({ answers: 4, counts: [1, 1, 0, 2, 0, 0], passed: 2, rate: 0.5 });
    expect(b.mature).toEqual({ answers: 3, counts: [0, 0, 1, 0, 1, 1], passed: 2, rate: 2 / 3 });
    expect(b.cram).toEqual({ answers: 1, counts: [0, 0, 0, 0, 0, 1], passed: 1, rate: 1 });
    expect(b.exam).toEqual({ answers: 1, counts: [1, 0, 0, 0, 0, 0], passed: 0, rate: 0 });
  });

  it('answers and time per day by kind', () => {
    const days = json().perDay;
    expect(days).toHaveLength(30);
    expect(days[0]!.day).toBe(T - 29);
    const at = (d: number) => days.find((x) => x.day === T + d)!;
    const nonZero = (d: number) => Object.fromEntries(Object.entries(at(d).kinds).filter(([, v]) => v.answers > 0));
    expect(nonZero(-20)).toEqual({ young: { answers: 2, ms: 72_000 } });
    expect(nonZero(-10)).toEqual({ mature: { answers: 1, ms: 20_000 } });
    expect(nonZero(-5)).toEqual({ cram: { answers: 1, ms: 2_000 } });
    expect(nonZero(-3)).toEqual({ learning: { answers: 2, ms: 8_000 }, young: { answers: 1, ms: 4_000 } });
    expect(nonZero(-2)).toEqual({ new: { answers: 1, ms: 7_000 } });
    expect(nonZero(-1)).toEqual({ mature: { answers: 2, ms: 38_000 } });
    expect(nonZero(0)).toEqual({ young: { answers: 1, ms: 6_000 }, exam: { answers: 1, ms: 9_000 } });
    expect(days.reduce((n, d) => n + d.answers, 0)).toBe(12);
  });

  it('hours of the day', () => {
    const hours = json().hours;
    expect(hours).toHaveLength(24);
    const used = hours.filter((h) => h.answers > 0);
    // 10:00: #2–#9 (passes #2, #4, #5, #7, #8); 21:00: #11, #12; 07:00: #13, #14 (one pass)
    expect(used).toEqual([
      { hour: 7, answers: 2, passed: 1, rate: 0.5 },
      { hour: 10, answers: 8, passed: 5, rate: 5 / 8 },
      { hour: 21, answers: 2, passed: 2, rate: 1 },
    ]);
  });

  it('retention over time: weeks ending today; only scheduled reviews (cram, drill, exam, new left out)', () => {
    const r = json();
    expect(r.retentionOverTime.map((x) => [x.from - T, x.to - T, x.reviews, x.passed])).toEqual([
      [-29, -28, 0, 0],
      [-27, -21, 0, 0],
      [-20, -14, 2, 1], // #13, #14 (imported)
      [-13, -7, 1, 1], // #2
      [-6, 0, 5, 3], // #3 ✗, #4 ✓, #6 ✗, #8 ✓, #11 ✓
    ]);
    expect(r.retention.overall).toEqual({ reviews: 8, passed: 5, rate: 5 / 8 });
    // 10 days: one row per day
    expect(json(['--days', '10']).retentionOverTime.map((x) => x.from - T)).toEqual([-9, -8, -7, -6, -5, -4, -3, -2, -1, 0]);
  });

  it('intervals of the reviewed items, median', () => {
    const iv = json().intervals;
    // sigmoid 30, relu 6, bn#c1 1, zero 1 (suspended), conv 25; bn#c2 is new
    expect(iv.items).toBe(5);
    expect(iv.median).toBe(6);
    expect(Object.fromEntries(iv.buckets.filter((b) => b.items).map((b) => [b.label, b.items]))).toEqual({ '1d': 2, '4–7d': 1, '2w–1m': 2 });
  });

  it('--forecast is the horizon, --days only the history; due tomorrow', () => {
    const s = json(['--days', '90', '--forecast', '5']);
    expect(s.forecast.days).toHaveLength(5);
    expect(s.forecast.horizon).toBe(5);
    expect(s.forecast.total).toBe(3); // relu + bn#c1 today, sigmoid at +3; conv (+10) beyond
    expect(s.forecast.tomorrow).toBe(0); // zero is due at +1 but suspended
    expect(s.perDay).toHaveLength(90);
    expect(json(['--forecast', '12']).forecast.tomorrow).toBe(0);
  });
});

describe('the report at 80 columns', () => {
  for (const args of [[], ['--days', '90'], ['--days', '365', '--forecast', '120'], ['--days', '7', '--forecast', '3']]) {
    it(`stats ${args.join(' ')}: every line ≤ 80, plain and in colour`, () => {
      const variants: Record<string, string>[] = [{}, { FORCE_COLOR: '1', NO_COLOR: '' }];
      for (const extra of variants) {
        const r = run(['stats', ...args], { env: { ...env, ...extra } });
        expect(r.code, r.stderr).toBe(0);
        // eslint-disable-next-line no-control-regex
        for (const line of r.stdout.replace(/\u001b\[[0-9;]*m/g, '').split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
      }
    });
  }

  it('shows the new charts with a labelled y-axis and due tomorrow', () => {
    const out = run(['stats'], { env }).stdout;
    expect(out).toContain('due tomorrow 0');
    expect(out).toContain('Grades by kind of answer');
    expect(out.split('\n').find((l) => l.startsWith('young '))!.trim().split(/\s+/)).toEqual(['young', '4', '1', '1', '0', '2', '0', '0', '50.0%']);
    expect(out).toContain('Answers per day by kind');
    expect(out).toContain('Minutes per day by kind');
    expect(out).toContain('Answers by hour of the day');
    expect(out).toContain('Retention over time, by week');
    expect(out).toContain(`       1d  ${'#'.repeat(40)} 2`);
    expect(out).toContain(`     4–7d  ${'#'.repeat(20)}${'.'.repeat(20)} 1`);
    // the forecast's y axis: max 2, so one row per review: 2, 1, and 0 on the axis
    const chart = out.slice(out.indexOf('Due in the next 30 days')).split('\n');
    expect(chart.slice(1, 4).map((l) => l.slice(0, 3))).toEqual(['2 |', '1 |', '0 +']);
    // columns: today 2 (relu, bn#c1 overdue), +3 sigmoid, +10 conv; '.' marks an empty day
    expect(chart[1]).toBe('2 |#');
    expect(chart[2]).toBe(`1 |# . . # ${'. '.repeat(6)}# ${'. '.repeat(18)}.`);
    // a taller scale labels every other row with the value at its top (hours: max 8 over 5 rows)
    const hours = out.slice(out.indexOf('Answers by hour of the day')).split('\n');
    expect(hours.slice(1, 7).map((l) => l.split(/[|+]/)[0]!.trim())).toEqual(['8', '', '5', '', '2', '0']);
  });
});
