// `deepcards plan` on a hand-built history: the recall per interval bucket is known, so the exam-day
// estimate is worked out by hand below.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { E2E_DECKS, run, tempDir } from './harness.js';

// 2026-03-02 (the harness clock) is study day 20514
const T = Math.floor(Date.UTC(2026, 2, 2) / 86_400_000);

let t: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 'c.db');
});
afterEach(() => t.cleanup());
const env = (): Record<string, string> => ({ DEEPCARDS_DECKS: E2E_DECKS, DEEPCARDS_DB: db });

function insertReview(d: Database.Database, item: string, day: number, kind: string, grade: number, ms = 6000): void {
  d.prepare(`INSERT INTO reviews (item_id, session, reviewed_at, day, kind, grade, duration_ms, reps_before, ef_before, interval_before,
      due_before, lapses_before, suspended_before, leech_before, reps_after, ef_after, interval_after, due_after, lapses_after)
    VALUES (?, ?, ?, ?, ?, ?, ?, 0, 250, 0, NULL, 0, 0, 0, 0, 250, 0, NULL, 0)`).run(item, day * 86_400_000, day * 86_400_000 + 1, day, kind, grade, ms);
}

describe('deepcards plan', () => {
  it('estimates exam-day recall from the learner\'s own recall per interval bucket', () => {
    expect(run(['status'], { env: env() }).code).toBe(0); // creates the collection and syncs the decks
    const d = new Database(db);
    d.prepare("INSERT INTO config (key, value) VALUES ('exam-date', '2026-03-12'), ('exam-topics', 'alpha'), ('new-per-day', '0'), ('daily-minutes', '1')").run();
    // alpha.relu's history, from day T−80: gaps 1,1,1,1,1 (pass, pass, fail, pass, pass) → ≤1d: 4/5 = 0.8;
    // gaps 6 ×5 (pass, pass, fail, fail, pass) → 4–7d: 3/5 = 0.6; gaps 20, 20 (pass, fail) → 15–30d: 1/2 = 0.5.
    // Last review T−80 + 5 + 30 + 40 = T−5.
    let day = T - 80;
    insertReview(d, 'alpha.relu', day, 'new', 4);
    const chain: [number, number][] = [[1, 4], [1, 4], [1, 1], [1, 4], [1, 5], [6, 4], [6, 4], [6, 2], [6, 0], [6, 4], [20, 4], [20, 1]];
    for (const [gap, grade] of chain) {
      day += gap;
      insertReview(d, 'alpha.relu', day, 'review', grade);
      insertReview(d, 'alpha.relu', day, 'drill', 0); // re-drills are not observations
    }
    expect(day).toBe(T - 5);
    insertReview(d, 'alpha.relu', T - 2, 'cram', 0); // nor is cram, and it does not restart the clock
    d.prepare('UPDATE items SET reps = 1, ef = 200, interval = 20, due = ? WHERE id = ?').run(T + 15, 'alpha.relu');
    // alpha.sigmoid introduced on T−3, due after the exam
    insertReview(d, 'alpha.sigmoid', T - 3, 'new', 4);
    d.prepare('UPDATE items SET reps = 2, ef = 250, interval = 6, due = ? WHERE id = ?').run(T + 20, 'alpha.sigmoid');
    // a practice exam: alpha 3 of 4 points on T−1
    d.prepare(`INSERT INTO exams (id, taken_at, seed, options, minutes, score, max_score, duration_ms, day) VALUES (1, ?, 1, '{}', 10, 3, 4, 1000, ?)`)
      .run((T - 1) * 86_400_000, T - 1);
    d.prepare(`INSERT INTO exam_answers (exam_id, position, card_id, item_id, topic, kind, points, earned, answer, correct)
      VALUES (1, 1, 'alpha.relu', 'alpha.relu', 'alpha', 'recall', 2, 2, '4', 1), (1, 2, 'alpha.zero', 'alpha.zero', 'alpha', 'choice', 2, 1, 'x', 0)`).run();
    d.close();

    const r = run(['plan', '--json'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan).toMatchObject({ examDate: '2026-03-12', deadline: '2026-03-05', secondsPerAnswer: 6 });
    const alpha = plan.topics.find((x: { topic: string }) => x.topic === 'alpha');
    // 5 items (sigmoid, relu, bn#c1, bn#c2, zero); 2 introduced, both young (intervals 20 and 6 < 21)
    expect(alpha).toMatchObject({ items: 5, introduced: 2, young: 2, mature: 0, lastExam: { day: T - 1, earned: 3, max: 4 } });
    // retention over the last 30 days: reviews on T−25 (pass) and T−5 (fail) → 1 of 2
    expect(alpha.retention).toEqual({ n: 2, passed: 1 });
    // Exam day T+10. relu: last review T−5 → 15 days → 15–30d: 0.5.
    // sigmoid: last T−3 → 13 days → 8–14d empty; 4–7d (0.6) and 15–30d (0.5) tie → the longer: 0.5.
    // New bn#c1, bn#c2, zero: 3 items over T..T+3 (deadline) at new-per-day 0 → 1 a day on T, T+1, T+2;
    // introduced on D, reviewed D+1 (→ 6 d) and D+7 (→ 15 d, after the exam): elapsed 3, 2, 1 →
    // 2–3d empty → 4–7d (0.6); 0.6; ≤1d 0.8.  (0.5 + 0.5 + 0.6 + 0.6 + 0.8) / 5 = 0.6
    expect(alpha.estimate.share).toBeCloseTo(0.6, 10);
    expect(alpha.estimate).toMatchObject({ topicObservations: 12, allObservations: 12, items: 5 });
    // load: new on T, T+1, T+2; reviews on T+1, T+2, T+3 (D+1) and T+7, T+8, T+9 (D+7)
    expect(plan.load.map((x: { reviews: number; new: number }) => `${x.reviews}/${x.new}`))
      .toEqual(['0/1', '1/1', '1/1', '1/0', '0/0', '0/0', '0/0', '1/0', '1/0', '1/0']);
    // 2 answers × 6 s = 0.2 min
    expect(plan.load[1].minutes).toBe(0.2);
    expect(plan.newToday).toEqual({ limit: 1, pacedFor: '2026-03-12', warning: null });
    expect(plan.recallByInterval.map((b: { n: number; passed: number }) => [b.n, b.passed])).toEqual([[5, 4], [0, 0], [5, 3], [0, 0], [2, 1], [0, 0], [0, 0]]);

    const text = run(['plan', '--topic', 'alpha'], { env: env() });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Plan for the exam on 2026-03-12 (10 days from 2026-03-02) · every item introduced by 2026-03-05 · topics: alpha');
    expect(text.stdout).toContain('new today: 1 (paced for 2026-03-12)');
    expect(text.stdout).toMatch(/alpha\s+5\s+2\s+2\s+0\s+50% of 2\s+3\/4 \(2026-03-01\)\s+~60% \(from 12 of your reviews here, 12 in all\)/);
    expect(text.stdout).not.toContain('beta');
    expect(text.stdout).toContain('Your recall by days since the last review: ≤1d 80% (n=5) · 4–7d 60% (n=5) · 15–30d 50% (n=2)');
    const w = new Database(db);
    w.prepare("UPDATE config SET value = 'alpha,alpah' WHERE key = 'exam-topics'").run();
    w.close();
    expect(run(['plan'], { env: env() }).stdout).toContain('warning: exam-topics names alpah, not a topic of the collection (topics: alpha, beta)');
    const bad = run(['plan', '--topic', 'nosuch'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown topic "nosuch"');
  });

  it('over the budget: a warning per day', () => {
    expect(run(['status'], { env: env() }).code).toBe(0);
    const d = new Database(db);
    // 6 items of both topics in 2 days (deadline = exam − 7 = T+1): 3 a day; 60 s per answer from the log
    d.prepare("INSERT INTO config (key, value) VALUES ('exam-date', '2026-03-10'), ('new-per-day', '0'), ('daily-minutes', '2')").run();
    d.close();
    const none = JSON.parse(run(['plan', '--json'], { env: env() }).stdout);
    // no answer yet: minutes unknown, nothing over
    expect(none.secondsPerAnswer).toBeNull();
    expect(none.load.every((x: { over: boolean }) => !x.over)).toBe(true);
    // one answer of 60 s in the log (an old answer of a card reset since: still new)
    const w = new Database(db);
    insertReview(w, 'beta.conv', T - 10, 'new', 4, 60_000);
    w.close();
    const r = JSON.parse(run(['plan', '--json'], { env: env() }).stdout);
    expect(r.secondsPerAnswer).toBe(60);
    // 6 new on T and T+1 (3 a day); each reviewed 1 and 7 days later:
    // T: 3 new = 3 min; T+1: 3 + 3 = 6 min; T+2: 3; T+7: 3; T+8: 3 — all over 2 min
    expect(r.load.map((x: { reviews: number; new: number }) => `${x.reviews}/${x.new}`)).toEqual(['0/3', '3/3', '3/0', '0/0', '0/0', '0/0', '0/0', '3/0']);
    expect(r.load.filter((x: { over: boolean }) => x.over).map((x: { date: string }) => x.date)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-09']);
    const text = run(['plan'], { env: env() }).stdout;
    expect(text).toContain('60.0 s per answer (your median) · budget 2 min a day');
    expect(text).toContain('warning: 4 days over daily-minutes 2: 2026-03-02, 2026-03-03, 2026-03-04, 2026-03-09');
  });
});
