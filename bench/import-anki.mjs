// `node bench/import-anki.mjs` (bench/run.mjs runs it): `deepcards import anki` of a package holding
// 100,000 review rows, through the built CLI (spawned): read and unzip the package, match GUIDs, read
// each item's log, replay SM-2, back up the collection, write everything in one transaction.
// The collection: bench/run.mjs's 100k-card one when it passes BENCH_COLLECTION/BENCH_DECKS, else one
// of BENCH_IMPORT_CARDS (default 20,000) cards with a year of history built here (bench/synthetic.mjs).
// The package: one note per card with the GUID the export gives it, and the rows on part of the cards,
// answered after the collection's last reviews. Two figures: the student's case (BENCH_IMPORT_ANSWERED
// cards, default 10,000, answered 10 times each, 6 days apart: a long stretch of phone reviews) against
// the 3 s target, and the bound (one answer on every card: every item of the collection rescheduled).
// Each run imports into a fresh copy. Prints one JSON line per figure: {"name", "ms", "targetMs", "note"}.
// Environment: BENCH_RUNS (default 5), BENCH_ROWS (default 100000), BENCH_KEEP=1 keeps the temp dir.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { zipSync, strToU8 } from 'fflate';
import { register } from 'tsx/esm/api';
import { buildCollection, TODAY, writeDeck } from './synthetic.mjs';

register();
const { guidFor } = await import('../src/export/anki/ids.ts');
const { SCHEMA11 } = await import('../src/export/anki/apkg.ts');

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BIN = join(ROOT, 'bin', 'deepcards.js');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const ROWS = Math.max(1, Number(process.env.BENCH_ROWS ?? 100_000));
const DAY_MS = 86_400_000;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const work = mkdtempSync(join(tmpdir(), 'deepcards-bench-import-'));
try {
  let dbPath = process.env.BENCH_COLLECTION;
  let decksDir = process.env.BENCH_DECKS;
  if (!dbPath || !decksDir) {
    decksDir = join(work, 'decks');
    mkdirSync(decksDir);
    writeDeck(decksDir, 'bench', 0, 3);
    dbPath = join(work, 'collection.db');
    buildCollection(dbPath, decksDir, Number(process.env.BENCH_IMPORT_CARDS ?? 20_000));
  }
  const src = new Database(dbPath, { readonly: true });
  const cardIds = src.prepare('SELECT id FROM cards ORDER BY position').pluck().all();
  const lastDay = src.prepare('SELECT max(day) FROM reviews').pluck().get() ?? TODAY;
  src.close();

  const hook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nBENCH_MAXRSS_KB "+process.resourceUsage().maxRSS+"\\n"))';

  /**
   * A package as Anki would export it with scheduling: a note for every card (the whole exported
   * deck), and ROWS review rows on `answered` of the cards spread evenly over the collection, each
   * answered `ROWS / answered` times, one answer every `gap` days from the day after the collection's
   * last reviews, at 08:00 + 10 ms per card so ids are unique; Again, Hard, Good, Easy in turn.
   * Imports it RUNS times into fresh copies; returns the median and what the CLI printed.
   */
  function measure(answered, gap) {
    const col = new Database(':memory:');
    col.exec(SCHEMA11);
    col.prepare("INSERT INTO col VALUES (1, 0, 0, 0, 11, 0, 0, 0, '{}', '{}', '{}', '{}', '{}')").run();
    const note = col.prepare("INSERT INTO notes VALUES (?, ?, 1, 0, -1, '', 'q\x1fa', 'q', 0, 0, '')");
    const card = col.prepare("INSERT INTO cards VALUES (?, ?, 1, 0, 0, -1, 2, 2, 0, 1, 2500, 1, 0, 0, 0, 0, 0, '')");
    const rev = col.prepare('INSERT INTO revlog VALUES (?, ?, -1, ?, 1, 1, 2500, 6000, 1)');
    const perCard = Math.ceil(ROWS / answered);
    let lastRowDay = lastDay + 1;
    col.transaction(() => {
      let rows = 0;
      cardIds.forEach((id, i) => {
        note.run(i + 1, guidFor(`deepcards:basic:${id}`));
        card.run(i + 1, i + 1);
        if (Math.floor((i * answered) / cardIds.length) === Math.floor(((i - 1) * answered) / cardIds.length)) return;
        for (let k = 0; k < perCard && rows < ROWS; k++, rows++) {
          const day = lastDay + 1 + k * gap;
          lastRowDay = Math.max(lastRowDay, day);
          rev.run(day * DAY_MS + 8 * 3_600_000 + i * 10, i + 1, 1 + ((i + k) % 4));
        }
      });
    })();
    const pkg = join(work, `from-anki-${answered}.apkg`);
    writeFileSync(pkg, zipSync({ 'collection.anki21': col.serialize(), media: strToU8('{}') }));
    col.close();

    const now = new Date((lastRowDay + 1) * DAY_MS + 9 * 3_600_000).toISOString().slice(0, 19);
    const times = [];
    let rss = 0;
    let line = '';
    for (let i = 0; i < RUNS; i++) {
      const copy = join(work, `run-${i}.db`);
      copyFileSync(dbPath, copy);
      const env = { ...process.env, TZ: 'UTC', NO_COLOR: '1', DEEPCARDS_NOW: now, DEEPCARDS_DB: copy, DEEPCARDS_DECKS: decksDir };
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ['--import', hook, BIN, 'import', 'anki', pkg], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
      times.push(performance.now() - t0);
      if (r.status !== 0) throw new Error(`import anki exited ${r.status}: ${r.stderr.slice(-2000)}`);
      rss = Math.max(rss, Number(/BENCH_MAXRSS_KB (\d+)/.exec(r.stderr)?.[1] ?? 0));
      line = r.stdout.trim().split('\n').filter((l) => l.startsWith('Imported')).join(' ');
      rmSync(copy, { force: true });
      rmSync(join(work, 'backups'), { recursive: true, force: true });
    }
    return { ms: Number(median(times).toFixed(1)), range: `${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} ms`, rss, line, perCard };
  }

  const n = (x) => x.toLocaleString('en-US');
  const rows = n(ROWS);
  // The student's case: a long stretch of phone reviews — many answers on a part of the deck.
  const answered = Math.min(cardIds.length, Number(process.env.BENCH_IMPORT_ANSWERED ?? 10_000));
  const typical = measure(answered, 6);
  process.stdout.write(`${JSON.stringify({
    name: `import anki, ${rows} review rows`, ms: typical.ms, targetMs: 3000,
    note: `${typical.perCard} answers each on ${n(answered)} of the ${n(cardIds.length)} cards, 6 days apart; CLI, backup copy included, median of ${RUNS} (${typical.range}); peak RSS ${(typical.rss / 1024).toFixed(0)} MiB; ${typical.line.slice(0, 100)}`,
  })}\n`);
  // The bound: one answer on every card, so every item of the collection is rescheduled.
  const worst = measure(cardIds.length, 1);
  process.stdout.write(`${JSON.stringify({
    name: `import anki, ${rows} rows on ${n(cardIds.length)} cards`, ms: worst.ms, targetMs: null,
    note: `worst case: every item rescheduled by one answer; median of ${RUNS} (${worst.range}); peak RSS ${(worst.rss / 1024).toFixed(0)} MiB; ${worst.line.slice(0, 100)}`,
  })}\n`);
} finally {
  if (process.env.BENCH_KEEP !== '1') rmSync(work, { recursive: true, force: true });
}
