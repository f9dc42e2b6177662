// The synthetic collection of bench/run.mjs as a module, for the Anki benchmarks run on their own
// (bench/export-anki.mjs, bench/import-anki.mjs): the real schema (every migrations/NNN_*.sql), CARDS basic
// cards in 20 topics introduced evenly over a year, each reviewed by SM-2 with random grades.
// bench/run.mjs builds its 100,000-card collection with it too.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const TODAY = Math.floor(Date.UTC(2026, 2, 2) / 86_400_000); // 2026-03-02 with TZ=UTC
const DAY_MS = 86_400_000;

function log(msg) {
  process.stderr.write(`${msg}\n`);
}

/** A deterministic PRNG (mulberry32), so every run builds the same collection. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function migrate(db) {
  const files = readdirSync(join(ROOT, 'migrations')).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  for (const f of files) {
    db.exec(readFileSync(join(ROOT, 'migrations', f), 'utf8'));
    db.pragma(`user_version = ${Number(f.slice(0, 3))}`);
  }
}

/** SM-2 as src/scheduler/sm2.ts (E-Factor in hundredths, EF_DELTA per grade, I(n) = I(n-1)·EF before). */
const EF_DELTA = [-80, -54, -32, -14, 0, 10];
function sm2(state, grade, day) {
  const ef = Math.max(130, state.ef + EF_DELTA[grade]);
  if (grade < 3) return { reps: 0, ef, interval: 1, lapses: state.due === null ? 0 : state.lapses + 1, due: day + 1 };
  const reps = state.reps + 1;
  const interval = reps === 1 ? 1 : reps === 2 ? 6 : Math.floor((state.interval * state.ef + 50) / 100);
  return { reps, ef, interval, lapses: state.lapses, due: day + interval };
}

export function buildCollection(path, decksDir, CARDS) {
  const t0 = performance.now();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF'); // each item row is written after its simulated reviews
  migrate(db);
  const rand = rng(42);
  const insCard = db.prepare('INSERT INTO cards (id, topic, type, content, hash, position, added_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insItem = db.prepare('INSERT INTO items (id, card_id, ord, reps, ef, interval, due, lapses, reviews, suspended, leech) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)');
  // Each card's history is simulated in turn, but a real collection's log is written in answer order
  // (rowids grow with time): the rows go to a staging table first and into reviews sorted by time.
  // Written card by card, every day's answers lay all over the table, which made any read by day
  // (stats, today's counts) pay a page per row that a real collection does not.
  const COLS = `item_id, session, reviewed_at, day, kind, grade, duration_ms,
      reps_before, ef_before, interval_before, due_before, lapses_before, suspended_before, leech_before,
      reps_after, ef_after, interval_after, due_after, lapses_after, family, seed, params, answer_given, correct`;
  db.exec(`CREATE TEMP TABLE staged_reviews AS SELECT ${COLS} FROM reviews WHERE 0`);
  const insReview = db.prepare(`INSERT INTO staged_reviews (${COLS})
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  let reviews = 0;
  db.transaction(() => {
    for (let i = 0; i < CARDS; i++) {
      const topic = `topic-${String(i % 20).padStart(2, '0')}`;
      const id = `${topic}.card-${i}`;
      const card = { id, type: 'basic', front: `Synthetic question ${i}: what is $x_{${i}}$?`, back: `The answer to question ${i}.`, sheet: [1 + (i % 900)], tags: [] };
      insCard.run(id, topic, 'basic', JSON.stringify(card), `h${i}`, i, 0, 0);
      // introduced evenly over the year up to yesterday; the last 2% never reviewed (new)
      const start = TODAY - 364 + Math.floor((i / CARDS) * 365);
      let st = { reps: 0, ef: 250, interval: 0, lapses: 0, due: null };
      let n = 0;
      if (i < CARDS * 0.98) {
        let day = start;
        const numeric = i % 50 === 0;
        while (day < TODAY) { // today's reviews are still to do
          const r = rand();
          const grade = r < 0.08 ? 1 : r < 0.12 ? 2 : r < 0.35 ? 3 : r < 0.8 ? 4 : 5;
          const next = sm2(st, grade, day);
          const at = day * DAY_MS + 9 * 3_600_000 + Math.floor(rand() * 3_600_000);
          insReview.run(id, day * DAY_MS, at, day, st.due === null ? 'new' : 'review', grade, 2000 + Math.floor(rand() * 20_000),
            st.reps, st.ef, st.interval, st.due, st.lapses, next.reps, next.ef, next.interval, next.due, next.lapses,
            numeric ? 'conv-output' : null, numeric ? n : null, numeric ? '{}' : null, numeric ? '7' : null, numeric ? (grade >= 3 ? 1 : 0) : null);
          reviews++;
          n++;
          st = next;
          day = next.due;
        }
      }
      const leech = st.lapses >= 8 ? 1 : 0;
      insItem.run(id, id, st.reps, st.ef, st.interval, st.due, st.lapses, n, leech, leech);
    }
    db.exec(`INSERT INTO reviews (${COLS}) SELECT ${COLS} FROM staged_reviews ORDER BY reviewed_at, rowid`);
    db.exec('DROP TABLE staged_reviews');
  })();
  // the bundled decks are those of decksDir: store their fingerprint so no sync runs at start
  db.prepare("INSERT INTO meta (key, value) VALUES ('bundled_decks_fingerprint', ?), ('bundled_topics', ?)").run(fingerprint(decksDir), JSON.stringify(['bench']));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  const due = db.prepare('SELECT count(*) FROM items WHERE due <= ? AND suspended = 0').pluck().get(TODAY);
  db.close();
  log(`built ${CARDS} cards, ${reviews} reviews (${due} due today) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { reviews, due };
}

/** The same sha1 as decksFingerprint() in src/decks/load.ts. */
export function fingerprint(dir) {
  const h = createHash('sha1');
  for (const f of readdirSync(dir).filter((x) => /\.ya?ml$/i.test(x)).sort()) {
    h.update(f);
    h.update('\0');
    h.update(readFileSync(join(dir, f)));
    h.update('\0');
  }
  return h.digest('hex');
}


export function writeDeck(dir, topic, from, count) {
  const lines = [`topic: ${topic}`, `title: ${topic}`, `description: synthetic deck for the benchmark`, 'cards:'];
  for (let i = from; i < from + count; i++) {
    lines.push(`  - id: ${topic}.card-${i}`, '    type: basic', `    front: What is the value of $x_{${i}}$ in example ${i}?`, `    back: It is $${i}$.`, `    sheet: [${1 + (i % 900)}]`);
  }
  writeFileSync(join(dir, `${topic}.yaml`), `${lines.join('\n')}\n`);
}
