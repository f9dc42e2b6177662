// Exams in the collection: migration 002 (also on a schema-1 collection), saving a sitting with the
// due-today rule, history with points per topic, and the evidence behind --weak.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDecksOrThrow } from '../../src/decks/load.js';
import { review } from '../../src/scheduler/sm2.js';
import { getItem, itemState, syncDecks, writeAnswer } from '../../src/store/collection.js';
import { deleteExam, examHistory, examSource, saveExam, weaknessEvidence, type StoredAnswer } from '../../src/store/exams.js';
import { latestVersion, loadMigrations } from '../../src/store/migrate.js';
import { openCollection, type Db } from '../../src/store/open.js';

const migrations = loadMigrations('migrations');
const DECKS = loadDecksOrThrow(['tests/fixtures/exam/decks']);
const TODAY = 20514;
let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dc-exam-'));
  db = openCollection(join(dir, 'c.db'), { migrations, now: 0 });
  syncDecks(db, DECKS, 0, new Set(DECKS.map((d) => d.topic)));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function answer(position: number, itemId: string, earned: number, points = 2, kind: StoredAnswer['kind'] = 'recall'): StoredAnswer {
  const cardId = itemId.replace(/#.*/, '');
  return { position, cardId, itemId, topic: cardId.split('.')[0]!, kind, points, earned, answer: `self: ${earned}/${points}`, correct: earned === points };
}

function grade(itemId: string, g: 0 | 1 | 2 | 3 | 4 | 5, day: number): void {
  const item = getItem(db, itemId)!;
  writeAnswer(db, { itemId, session: day, at: day * 86_400_000, day, kind: item.due === null ? 'new' : 'review', grade: g, durationMs: 1000, after: review(itemState(item), g, day) });
}

describe('migration 002', () => {
  it('creates STRICT exams and exam_answers with foreign keys', () => {
    for (const t of ['exams', 'exam_answers']) {
      const sql = db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(t) as string;
      expect(sql).toMatch(/\) STRICT$/);
    }
    const fks = db.prepare("SELECT \"table\", \"from\" FROM pragma_foreign_key_list('exam_answers') ORDER BY \"from\"").all();
    expect(fks).toEqual([{ table: 'cards', from: 'card_id' }, { table: 'exams', from: 'exam_id' }, { table: 'items', from: 'item_id' }]);
    expect(() => saveExam(db, { takenAt: 1, day: TODAY, seed: 1, options: {}, minutes: 10, score: 0, maxScore: 2, durationMs: 1, answers: [answer(1, 'nope.card', 0)] }))
      .toThrow(/FOREIGN KEY/);
    expect(db.prepare('SELECT count(*) FROM exams').pluck().get()).toBe(0); // the whole sitting rolled back
  });

  it('upgrades a schema-1 collection, keeping its data, after a backup', () => {
    const path = join(dir, 'old.db');
    const v1 = openCollection(path, { migrations: migrations.slice(0, 1), now: 0 });
    syncDecks(v1, DECKS, 0, new Set(DECKS.map((d) => d.topic)));
    v1.close();
    const v2 = openCollection(path, { migrations, now: Date.UTC(2026, 2, 2) });
    expect(v2.pragma('user_version', { simple: true })).toBe(latestVersion(migrations));
    expect(v2.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('exams', 'exam_answers')").pluck().get()).toBe(2);
    expect(v2.prepare('SELECT count(*) FROM cards').pluck().get()).toBe(8);
    v2.close();
    expect(readdirSync(dir).some((f) => f.startsWith('old.db.v1-'))).toBe(true);
  });
});

describe('saveExam', () => {
  it('stores the sitting; items answered wrong become due today without touching their SM-2 state', () => {
    // gamma.sigmoid: in review, due in 6 days; gamma.relu: due yesterday; gamma.bn#c1: new; delta.return: suspended;
    // delta.td: in review, due in 1 day, but left unanswered
    grade('gamma.sigmoid', 5, TODAY - 1);
    grade('gamma.sigmoid', 5, TODAY);
    grade('gamma.relu', 4, TODAY - 2);
    grade('delta.td', 4, TODAY);
    db.prepare("UPDATE items SET suspended = 1 WHERE id = 'delta.return'").run();
    const before = getItem(db, 'gamma.sigmoid')!;
    expect(before.due).toBe(TODAY + 6);
    const saved = saveExam(db, {
      takenAt: Date.UTC(2026, 2, 2, 9), day: TODAY, seed: 7, options: { count: 5 }, minutes: 12, score: 3, maxScore: 10, durationMs: 61_000,
      answers: [
        answer(1, 'gamma.sigmoid', 1),
        answer(2, 'gamma.relu', 0),
        answer(3, 'gamma.bn#c1', 0),
        answer(4, 'delta.return', 0),
        answer(5, 'gamma.zero', 2, 2, 'choice'),
        { ...answer(6, 'delta.td', 0, 3, 'numeric'), answer: null },
      ],
    });
    // only gamma.sigmoid: answered wrong and studied before. The new gamma.bn#c1 stays new (never studied,
    // so it cannot lapse); the unanswered delta.td keeps its day.
    expect(saved.madeDue).toEqual(['gamma.sigmoid']);
    expect(saved.notStudied).toEqual(['gamma.bn#c1']);
    expect(saved.alreadyDue).toEqual(['gamma.relu', 'delta.return']);
    expect(getItem(db, 'delta.td')!.due).toBe(TODAY + 1);
    const after = getItem(db, 'gamma.sigmoid')!;
    expect(after.due).toBe(TODAY);
    expect({ reps: after.reps, ef: after.ef, interval: after.interval, lapses: after.lapses, reviews: after.reviews })
      .toEqual({ reps: before.reps, ef: before.ef, interval: before.interval, lapses: before.lapses, reviews: before.reviews });
    expect(getItem(db, 'gamma.bn#c1')).toMatchObject({ due: null, reps: 0, ef: 250, interval: 0, lapses: 0 });
    expect(getItem(db, 'gamma.relu')!.due).toBe(TODAY - 1);
    expect(getItem(db, 'delta.return')).toMatchObject({ due: null, suspended: 1 });
    expect(getItem(db, 'gamma.zero')!.due).toBe(null); // answered right: untouched
    // no SM-2 repetition is logged for an exam
    expect(db.prepare("SELECT count(*) FROM reviews WHERE kind = 'exam'").pluck().get()).toBe(0);
    const rows = db.prepare('SELECT position, item_id, earned, correct, made_due, due_before FROM exam_answers ORDER BY position').all();
    expect(rows).toEqual([
      { position: 1, item_id: 'gamma.sigmoid', earned: 1, correct: 0, made_due: 1, due_before: TODAY + 6 },
      { position: 2, item_id: 'gamma.relu', earned: 0, correct: 0, made_due: 0, due_before: null },
      { position: 3, item_id: 'gamma.bn#c1', earned: 0, correct: 0, made_due: 0, due_before: null },
      { position: 4, item_id: 'delta.return', earned: 0, correct: 0, made_due: 0, due_before: null },
      { position: 5, item_id: 'gamma.zero', earned: 2, correct: 1, made_due: 0, due_before: null },
      { position: 6, item_id: 'delta.td', earned: 0, correct: 0, made_due: 0, due_before: null },
    ]);
    expect(db.prepare('SELECT seed, minutes, score, max_score, duration_ms, day, json(options) AS o FROM exams').get())
      .toEqual({ seed: 7, minutes: 12, score: 3, max_score: 10, duration_ms: 61_000, day: TODAY, o: '{"count":5}' });
  });

  it('deleting a sitting takes back its due-today changes unless the item was studied since', () => {
    for (const id of ['gamma.sigmoid', 'gamma.relu']) {
      grade(id, 5, TODAY - 2); // interval 1
      grade(id, 5, TODAY - 1); // interval 6: due TODAY + 5
    }
    const at = Date.UTC(2026, 2, 2, 9);
    const saved = saveExam(db, { takenAt: at, day: TODAY, seed: 7, options: {}, minutes: 5, score: 0, maxScore: 4, durationMs: 1,
      answers: [answer(1, 'gamma.sigmoid', 0), answer(2, 'gamma.relu', 0)] });
    expect(saved.madeDue).toEqual(['gamma.sigmoid', 'gamma.relu']);
    // gamma.relu is reviewed after the sitting: its new schedule stays
    const relu = getItem(db, 'gamma.relu')!;
    writeAnswer(db, { itemId: 'gamma.relu', session: at + 1000, at: at + 1000, day: TODAY, kind: 'review', grade: 4, durationMs: 1000, after: review(itemState(relu), 4, TODAY) });
    const reluDue = getItem(db, 'gamma.relu')!.due;
    expect(deleteExam(db, saved.examId)).toEqual({ restored: ['gamma.sigmoid'], kept: ['gamma.relu'] });
    expect(getItem(db, 'gamma.sigmoid')!.due).toBe(TODAY + 5);
    expect(getItem(db, 'gamma.relu')!.due).toBe(reluDue);
    expect(db.prepare('SELECT count(*) FROM exams').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM exam_answers').pluck().get()).toBe(0);
    expect(deleteExam(db, saved.examId)).toBeUndefined();
  });

  it('history lists sittings oldest first with points per topic', () => {
    saveExam(db, { takenAt: 2000, day: TODAY, seed: 2, options: {}, minutes: 5, score: 2, maxScore: 4, durationMs: 10,
      answers: [answer(1, 'gamma.relu', 2), answer(2, 'delta.return', 0)] });
    saveExam(db, { takenAt: 1000, day: TODAY, seed: 1, options: { a: 1 }, minutes: 5, score: 4, maxScore: 4, durationMs: 10,
      answers: [answer(1, 'gamma.relu', 2), answer(2, 'gamma.sigmoid', 2)] });
    const h = examHistory(db);
    expect(h.map((r) => r.seed)).toEqual([1, 2]);
    expect(h[0]!.options).toEqual({ a: 1 });
    expect(h[1]!.topics).toEqual([{ topic: 'gamma', earned: 2, max: 2, questions: 1 }, { topic: 'delta', earned: 0, max: 2, questions: 1 }]);
  });
});

describe('examSource', () => {
  it('every deck in the collection, synced ones too; suspended and retired items to skip', () => {
    const own = { topic: 'own', title: 'Own deck', description: '', uncovered: [], file: 'own.yaml',
      cards: [{ id: 'own.one', type: 'basic' as const, front: 'Own front', back: 'Own back', sheet: [1], tags: [] }] };
    syncDecks(db, [own as never], 0, new Set(['own']));
    db.prepare("UPDATE items SET suspended = 1 WHERE id IN ('gamma.relu', 'gamma.bn#c1')").run();
    const src = examSource(db, new Map(DECKS.map((d) => [d.topic, { title: d.title, description: d.description }])));
    expect(src.decks.map((d) => d.topic).sort()).toEqual([...DECKS.map((d) => d.topic), 'own'].sort());
    expect(src.decks.find((d) => d.topic === 'own')!).toMatchObject({ title: 'own', cards: [{ id: 'own.one' }] });
    expect(src.decks.find((d) => d.topic === 'gamma')!.title).toBe(DECKS.find((d) => d.topic === 'gamma')!.title);
    expect([...src.skip].sort()).toEqual(['gamma.bn#c1', 'gamma.relu']);
  });
});

describe('weaknessEvidence', () => {
  it('lapses, lowest EF, recent failures (reviews and exams) and topic retention', () => {
    grade('gamma.relu', 5, TODAY - 10);
    grade('gamma.relu', 1, TODAY - 4); // lapse, fail
    grade('gamma.sigmoid', 5, TODAY - 3);
    grade('delta.return', 2, TODAY - 100); // outside both windows
    saveExam(db, { takenAt: 1, day: TODAY - 1, seed: 1, options: {}, minutes: 5, score: 0, maxScore: 2, durationMs: 1, answers: [answer(1, 'gamma.bn#c2', 0)] });
    const ev = weaknessEvidence(db, TODAY);
    const by = new Map(ev.cards.map((c) => [c.cardId, c]));
    expect(by.get('gamma.relu')).toMatchObject({ lapses: 1, ef: 250 + 10 - 54, recentFailures: 1, seen: true });
    expect(by.get('gamma.bn')).toMatchObject({ recentFailures: 1, seen: false }); // missed in the exam, still new
    expect(by.get('delta.return')).toMatchObject({ recentFailures: 0 });
    expect(ev.retention.get('gamma')).toBeCloseTo(2 / 3);
    expect(ev.retention.has('delta')).toBe(false);
  });
});

it('the collection file stays a valid SQLite database (integrity)', () => {
  saveExam(db, { takenAt: 1, day: TODAY, seed: 1, options: {}, minutes: 5, score: 0, maxScore: 2, durationMs: 1, answers: [answer(1, 'gamma.relu', 0)] });
  const check = new Database(join(dir, 'c.db'), { readonly: true });
  expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
  check.close();
});
