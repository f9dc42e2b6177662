// Exams in the collection: storing a sitting (and making missed items due today), the history, and
// the review evidence that --weak turns into a weakness score per card.
import type { Card, Deck } from '../decks/model.js';
import type { Db } from './open.js';

export interface StoredAnswer {
  position: number;
  cardId: string;
  itemId: string;
  topic: string;
  kind: 'numeric' | 'choice' | 'recall';
  points: number;
  earned: number;
  answer: string | null;
  correct: boolean;
  /** Numeric: the instance seed. */
  seed?: number | undefined;
}

export interface ExamRecord {
  takenAt: number;
  day: number;
  seed: number;
  options: unknown;
  minutes: number;
  score: number;
  maxScore: number;
  durationMs: number;
  answers: StoredAnswer[];
}

export interface SavedExam {
  examId: number;
  /** Items that wrong answers made due today (they were due later). */
  madeDue: string[];
  /** Wrongly answered items that were already due (or suspended/retired): left as they were. */
  alreadyDue: string[];
  /** Wrongly answered items never studied: they stay new (a card not learnt yet cannot lapse). */
  notStudied: string[];
}

/**
 * Store a sitting in one transaction. The due-today rule: an answer given and wrong (earned less than
 * its points) sets its item's due day to `day` when the item was due later; repetitions, E-Factor,
 * interval and lapses stay as they were. Unanswered questions change nothing, nor do new items (never
 * studied: they stay new and arrive through the daily new cards), suspended or retired ones.
 */
export function saveExam(db: Db, rec: ExamRecord): SavedExam {
  return db.transaction((): SavedExam => {
    const info = db.prepare(`INSERT INTO exams (taken_at, seed, options, minutes, score, max_score, duration_ms, day)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
      rec.takenAt, rec.seed, JSON.stringify(rec.options), rec.minutes, rec.score, rec.maxScore, Math.max(0, Math.round(rec.durationMs)), rec.day,
    );
    const examId = Number(info.lastInsertRowid);
    const getItem = db.prepare('SELECT due, suspended, retired FROM items WHERE id = ?');
    const setDue = db.prepare('UPDATE items SET due = ? WHERE id = ?');
    const ins = db.prepare(`INSERT INTO exam_answers (exam_id, position, card_id, item_id, topic, kind, points, earned, answer, correct, seed, made_due, due_before)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const madeDue: string[] = [];
    const alreadyDue: string[] = [];
    const notStudied: string[] = [];
    const done = new Set<string>();
    for (const a of rec.answers) {
      const item = getItem.get(a.itemId) as { due: number | null; suspended: number; retired: number } | undefined;
      let made = false;
      let dueBefore: number | null = null;
      if (item && a.answer !== null && a.earned < a.points && !done.has(a.itemId)) {
        done.add(a.itemId);
        dueBefore = item.due;
        if (item.suspended || item.retired || (item.due !== null && item.due <= rec.day)) alreadyDue.push(a.itemId);
        else if (item.due === null) notStudied.push(a.itemId);
        else {
          setDue.run(rec.day, a.itemId);
          made = true;
          madeDue.push(a.itemId);
        }
      }
      ins.run(examId, a.position, a.cardId, item ? a.itemId : null, a.topic, a.kind, a.points, a.earned, a.answer, a.correct ? 1 : 0,
        a.seed ?? null, made ? 1 : 0, made ? dueBefore : null);
    }
    return { examId, madeDue, alreadyDue, notStudied };
  }).immediate();
}

export interface HistoryTopic {
  topic: string;
  earned: number;
  max: number;
  questions: number;
}

/** A stored sitting as history lists it: the record without its answers, with per-topic scores. */
export interface HistoryRow extends Omit<ExamRecord, 'answers'> {
  id: number;
  topics: HistoryTopic[];
}

/** Every stored sitting, oldest first, with points per topic. */
export function examHistory(db: Db): HistoryRow[] {
  const exams = db.prepare('SELECT id, taken_at, day, seed, options, minutes, score, max_score, duration_ms FROM exams ORDER BY taken_at, id').all() as {
    id: number; taken_at: number; day: number; seed: number; options: string; minutes: number; score: number; max_score: number; duration_ms: number;
  }[];
  const topics = db.prepare(`SELECT exam_id, topic, sum(earned) AS earned, sum(points) AS max, count(*) AS questions, min(position) AS first
      FROM exam_answers GROUP BY exam_id, topic ORDER BY exam_id, first`).all() as {
    exam_id: number; topic: string; earned: number; max: number; questions: number;
  }[];
  const byExam = new Map<number, HistoryTopic[]>();
  for (const t of topics) {
    const list = byExam.get(t.exam_id) ?? [];
    list.push({ topic: t.topic, earned: t.earned, max: t.max, questions: t.questions });
    byExam.set(t.exam_id, list);
  }
  return exams.map((e) => ({
    id: e.id,
    takenAt: e.taken_at,
    day: e.day,
    seed: e.seed,
    options: JSON.parse(e.options) as unknown,
    minutes: e.minutes,
    score: e.score,
    maxScore: e.max_score,
    durationMs: e.duration_ms,
    topics: byExam.get(e.id) ?? [],
  }));
}

/** What the collection knows about one card, for the weakness score. */
export interface CardEvidence {
  cardId: string;
  topic: string;
  /** Over the card's items: the most lapses, the lowest E-Factor (hundredths), whether any was graded. */
  lapses: number;
  ef: number;
  seen: boolean;
  /** Failed answers (grade < 3 in reviews, misses in exams) within the recent window. */
  recentFailures: number;
}

export interface WeaknessEvidence {
  cards: CardEvidence[];
  /** Topic -> share of passed scheduled reviews (new/review, grade ≥ 3) within the retention window. */
  retention: Map<string, number>;
}

export const RECENT_DAYS = 30;
export const RETENTION_DAYS = 60;

export function weaknessEvidence(db: Db, today: number): WeaknessEvidence {
  const cards = db.prepare(`SELECT c.id AS cardId, c.topic AS topic, max(i.lapses) AS lapses, min(i.ef) AS ef,
        max(CASE WHEN i.due IS NOT NULL THEN 1 ELSE 0 END) AS seen
      FROM cards c JOIN items i ON i.card_id = c.id
      WHERE c.retired_at IS NULL AND i.retired = 0 GROUP BY c.id`).all() as {
    cardId: string; topic: string; lapses: number; ef: number; seen: number;
  }[];
  const failures = new Map<string, number>();
  const add = (rows: { cardId: string; n: number }[]): void => {
    for (const r of rows) failures.set(r.cardId, (failures.get(r.cardId) ?? 0) + r.n);
  };
  add(db.prepare(`SELECT i.card_id AS cardId, count(*) AS n FROM reviews r JOIN items i ON i.id = r.item_id
      WHERE r.day > ? AND r.grade < 3 GROUP BY i.card_id`).all(today - RECENT_DAYS) as { cardId: string; n: number }[]);
  add(db.prepare(`SELECT a.card_id AS cardId, count(*) AS n FROM exam_answers a JOIN exams e ON e.id = a.exam_id
      WHERE e.day > ? AND a.earned < a.points GROUP BY a.card_id`).all(today - RECENT_DAYS) as { cardId: string; n: number }[]);
  const retention = new Map<string, number>();
  for (const r of db.prepare(`SELECT c.topic AS topic, avg(CASE WHEN r.grade >= 3 THEN 1.0 ELSE 0.0 END) AS passed
      FROM reviews r JOIN items i ON i.id = r.item_id JOIN cards c ON c.id = i.card_id
      WHERE r.day > ? AND r.kind IN ('new', 'review') GROUP BY c.topic`).all(today - RETENTION_DAYS) as { topic: string; passed: number }[]) {
    retention.set(r.topic, r.passed);
  }
  return {
    cards: cards.map((c) => ({ cardId: c.cardId, topic: c.topic, lapses: c.lapses, ef: c.ef, seen: c.seen === 1, recentFailures: failures.get(c.cardId) ?? 0 })),
    retention,
  };
}

/** What an exam can draw from: the collection's decks (bundled and synced alike) and the items to skip. */
export interface ExamSource {
  /** One deck per topic with cards in the collection, cards in collection order (sheet order). */
  decks: Deck[];
  /** Suspended or retired items of those cards: never asked. */
  skip: Set<string>;
}

/**
 * Every deck in the collection, as the exam sees it: the cards that are not retired, grouped by
 * topic, in the collection's order (the course's), with titles from `titles` (the bundled decks;
 * a topic synced from elsewhere is titled by its slug, the collection keeping no titles).
 */
export function examSource(db: Db, titles: ReadonlyMap<string, { title: string; description: string }>): ExamSource {
  const rows = db.prepare('SELECT id, topic, content FROM cards WHERE retired_at IS NULL ORDER BY topic, position, id').all() as {
    id: string; topic: string; content: string;
  }[];
  const byTopic = new Map<string, Card[]>();
  for (const r of rows) {
    const list = byTopic.get(r.topic) ?? [];
    list.push(JSON.parse(r.content) as Card);
    byTopic.set(r.topic, list);
  }
  const decks: Deck[] = [...byTopic].map(([topic, cards]) => ({
    topic,
    title: titles.get(topic)?.title ?? topic,
    description: titles.get(topic)?.description ?? '',
    uncovered: [],
    file: '',
    cards,
  }));
  const skip = new Set(db.prepare(`SELECT i.id FROM items i JOIN cards c ON c.id = i.card_id
      WHERE c.retired_at IS NULL AND (i.suspended = 1 OR i.retired = 1)`).pluck().all() as string[]);
  return { decks, skip };
}

export interface DeletedExam {
  /** Items the sitting had made due that are back at their old due day. */
  restored: string[];
  /** Items the sitting had made due that were reviewed since (or moved otherwise): left as they are. */
  kept: string[];
}

/**
 * Delete sitting `id` from the history, in one transaction; undefined when there is none. Its
 * due-today changes are taken back where nothing has happened to the item since (still due on the
 * exam's day, no review after the sitting); an item studied since keeps its schedule.
 */
export function deleteExam(db: Db, id: number): DeletedExam | undefined {
  return db.transaction((): DeletedExam | undefined => {
    const exam = db.prepare('SELECT taken_at, day FROM exams WHERE id = ?').get(id) as { taken_at: number; day: number } | undefined;
    if (!exam) return undefined;
    const changed = db.prepare('SELECT item_id, due_before FROM exam_answers WHERE exam_id = ? AND made_due = 1 AND item_id IS NOT NULL')
      .all(id) as { item_id: string; due_before: number | null }[];
    const restored: string[] = [];
    const kept: string[] = [];
    const item = db.prepare('SELECT due FROM items WHERE id = ?').pluck();
    const reviewedSince = db.prepare('SELECT 1 FROM reviews WHERE item_id = ? AND reviewed_at >= ? LIMIT 1').pluck();
    const setDue = db.prepare('UPDATE items SET due = ? WHERE id = ?');
    for (const c of changed) {
      if (item.get(c.item_id) === exam.day && reviewedSince.get(c.item_id, exam.taken_at) === undefined) {
        setDue.run(c.due_before, c.item_id);
        restored.push(c.item_id);
      } else kept.push(c.item_id);
    }
    db.prepare('DELETE FROM exam_answers WHERE exam_id = ?').run(id);
    db.prepare('DELETE FROM exams WHERE id = ?').run(id);
    return { restored, kept };
  }).immediate();
}
