// A collection with a small, fully known history (the e2e decks, six items), for checking `stats`
// against figures computed by hand. Today is 2026-03-02 (study day T = 20514, a Monday).
import { join } from 'node:path';
import { decksFingerprint, loadDecksOrThrow } from '../../src/decks/load.js';
import { setMeta, syncDecks } from '../../src/store/collection.js';
import { loadMigrations } from '../../src/store/migrate.js';
import { openCollection } from '../../src/store/open.js';

export const T = Math.floor(Date.UTC(2026, 2, 2) / 86_400_000);
export const E2E_DECKS = join(__dirname, '..', 'fixtures', 'e2e-decks');

// item: reps, ef, interval, due, lapses, suspended, leech
export const ITEMS: Record<string, [number, number, number, number | null, number, number, number]> = {
  'alpha.sigmoid': [5, 250, 30, T + 3, 0, 0, 0], // mature, due in 3 days
  'alpha.relu': [2, 170, 6, T, 1, 0, 0], // young, due today
  'alpha.bn#c1': [1, 236, 1, T - 2, 0, 0, 0], // young, overdue by 2 days
  'alpha.bn#c2': [0, 250, 0, null, 0, 0, 0], // new
  'alpha.zero': [0, 130, 1, T + 1, 8, 1, 1], // a leech: suspended
  'beta.conv': [3, 280, 25, T + 10, 0, 0, 0], // mature, due in 10 days
};

// #, item, day, kind, grade, interval_before, duration_ms, family, correct
export const REVIEWS: [number, string, number, string, number, number, number, string | null, number | null][] = [
  [1, 'alpha.sigmoid', T - 40, 'review', 4, 15, 10_000, null, null], // before the 30-day period
  [2, 'alpha.sigmoid', T - 10, 'review', 5, 25, 20_000, null, null], // mature pass
  [3, 'alpha.sigmoid', T - 1, 'review', 2, 30, 30_000, null, null], // mature fail
  [4, 'alpha.relu', T - 3, 'review', 3, 1, 4_000, null, null], // young pass
  [5, 'alpha.relu', T - 3, 'drill', 4, 1, 5_000, null, null], // a drill: not retention
  [6, 'alpha.relu', T, 'review', 1, 6, 6_000, null, null], // young fail
  [7, 'alpha.bn#c1', T - 2, 'new', 3, 0, 7_000, null, null], // first answer: not retention
  [8, 'beta.conv', T - 1, 'review', 4, 21, 8_000, 'conv-output', 1], // mature pass (21 is mature)
  [9, 'beta.conv', T, 'exam', 0, 25, 9_000, 'conv-output', 0], // an exam answer: not retention
  [10, 'beta.conv', T - 200, 'review', 5, 6, 1_000, null, null], // before the heatmap window
];

// For the charts beside Anki's (tests/stats/charts.test.ts): answers of every kind at other hours,
// a cram answer and two reviews imported from Anki.
// #, item, day, kind, grade, interval_before, reps_before, duration_ms, hour (UTC), source
export const EXTRA_REVIEWS: [number, string, number, string, number, number, number, number, number, string][] = [
  [11, 'alpha.relu', T - 3, 'review', 4, 1, 0, 3_000, 21, 'deepcards'], // n = 0 before: learning, a pass
  [12, 'alpha.sigmoid', T - 5, 'cram', 5, 30, 5, 2_000, 21, 'deepcards'], // cram: its own kind, not retention
  [13, 'alpha.bn#c1', T - 20, 'review', 3, 3, 2, 12_000, 7, 'anki'], // imported: counts like any review (young pass)
  [14, 'alpha.bn#c1', T - 20, 'review', 0, 4, 2, 60_000, 7, 'anki'], // imported young fail
];

export function buildKnownHistory(path: string, opts: { extended?: boolean } = {}): void {
  const db = openCollection(path, { migrations: loadMigrations(join(__dirname, '..', '..', 'migrations')), now: Date.UTC(2026, 0, 1) });
  try {
    const decks = loadDecksOrThrow([E2E_DECKS]);
    syncDecks(db, decks, Date.UTC(2026, 0, 1), new Set(decks.map((d) => d.topic)));
    // the CLI must not re-sync the bundled decks over this history
    setMeta(db, 'bundled_decks_fingerprint', decksFingerprint(E2E_DECKS));
    setMeta(db, 'bundled_topics', JSON.stringify(decks.map((d) => d.topic)));
    const upd = db.prepare('UPDATE items SET reps = ?, ef = ?, interval = ?, due = ?, lapses = ?, suspended = ?, leech = ? WHERE id = ?');
    for (const [id, s] of Object.entries(ITEMS)) if (upd.run(...s, id).changes !== 1) throw new Error(`no item ${id}`);
    const ins = db.prepare(`INSERT INTO reviews (id, item_id, session, reviewed_at, day, kind, grade, duration_ms,
        reps_before, ef_before, interval_before, due_before, lapses_before, suspended_before, leech_before,
        reps_after, ef_after, interval_after, due_after, lapses_after, family, seed, params, answer_given, correct)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 250, ?, NULL, 0, 0, 0, 1, 250, 1, NULL, 0, ?, ?, NULL, NULL, ?)`);
    for (const [n, item, day, kind, grade, ivl, ms, family, correct] of REVIEWS) {
      const at = day * 86_400_000 + 10 * 3_600_000;
      ins.run(n, item, at, at, day, kind, grade, ms, ivl, family, family ? 1 : null, correct);
    }
    if (opts.extended) {
      const extra = db.prepare(`INSERT INTO reviews (id, item_id, session, reviewed_at, day, kind, grade, duration_ms,
          reps_before, ef_before, interval_before, due_before, lapses_before, suspended_before, leech_before,
          reps_after, ef_after, interval_after, due_after, lapses_after, source, anki_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 250, ?, NULL, 0, 0, 0, 1, 250, 1, NULL, 0, ?, ?)`);
      for (const [n, item, day, kind, grade, ivl, reps, ms, hour, source] of EXTRA_REVIEWS) {
        const at = day * 86_400_000 + hour * 3_600_000;
        extra.run(n, item, at, at, day, kind, grade, ms, reps, ivl, source, source === 'anki' ? 1000 + n : null);
      }
    }
  } finally {
    db.close();
  }
}
