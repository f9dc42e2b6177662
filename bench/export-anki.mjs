// `node bench/export-anki.mjs` (bench/run.mjs runs it): the Anki export of 10,000 notes, timed
// in-process through runExportAnki — read the collection, build notes/cards, write SQLite, zip,
// atomic rename — as the median of BENCH_RUNS runs (default 5). The collection is synced once
// beforehand (not timed). Loads the TypeScript sources through tsx (a dev dependency), since the
// bundle in dist/ exposes only the CLI.
// Then `deepcards export anki --with-scheduling` (the built CLI, spawned) on the 100,000-card collection
// with a year of reviews (about a million rows): time and the process's peak RSS. bench/run.mjs passes
// its collection (BENCH_COLLECTION, BENCH_DECKS); run alone, this script builds one (bench/synthetic.mjs).
// Prints one JSON line per figure: {"name", "ms", "targetMs", "note"}.
// Environment: BENCH_RUNS, BENCH_NOTES (default 10000), BENCH_CARDS (default 100000), BENCH_SCHED_RUNS
// (default 3), BENCH_KEEP=1 keeps the temp dir.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { runExportAnki, runExportCsv } = await import('../src/commands/export.ts');
const { openForCommand } = await import('../src/commands/open-collection.ts');
const { makeCtx, perfDeckYaml } = await import('../tests/export/helpers.ts');

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const NOTES = Math.max(1, Number(process.env.BENCH_NOTES ?? 10_000));

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const work = mkdtempSync(join(tmpdir(), 'deepcards-bench-export-'));
try {
  const src = join(work, 'src-decks');
  mkdirSync(src);
  writeFileSync(join(src, 'perf.yaml'), perfDeckYaml(NOTES));
  const ctx = makeCtx(work, src);
  (await openForCommand(ctx)).close();
  const out = join(work, 'bench.apkg');

  const time = async (f) => {
    const t0 = performance.now();
    await f();
    return performance.now() - t0;
  };
  await runExportAnki({ out }, ctx); // warm-up: module loading and JIT
  const anki = [];
  for (let i = 0; i < RUNS; i++) anki.push(await time(() => runExportAnki({ out }, ctx)));
  const size = statSync(out).size;
  const csv = [];
  for (let i = 0; i < RUNS; i++) csv.push(await time(() => runExportCsv({ out: join(work, 'bench.csv'), anki: true }, ctx)));

  const n = NOTES.toLocaleString('en-US');
  process.stdout.write(`${JSON.stringify({
    name: `export anki, ${n} notes`, ms: Number(median(anki).toFixed(1)), targetMs: 3000,
    note: `in-process runExportAnki (read, build, SQLite, zip, atomic write), median of ${RUNS}; ${(size / 1024).toFixed(0)} KiB`,
  })}\n`);
  process.stdout.write(`${JSON.stringify({
    name: `export csv --anki, ${n} notes`, ms: Number(median(csv).toFixed(1)),
    note: `in-process runExportCsv, median of ${RUNS}`,
  })}\n`);

  // --with-scheduling on the 100k-card collection, through the built CLI
  const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
  const BIN = join(ROOT, 'bin', 'deepcards.js');
  let dbPath = process.env.BENCH_COLLECTION;
  let decksDir = process.env.BENCH_DECKS;
  if (!dbPath || !decksDir) {
    const { buildCollection, writeDeck } = await import('./synthetic.mjs');
    decksDir = join(work, 'big-decks');
    mkdirSync(decksDir);
    writeDeck(decksDir, 'bench', 0, 3);
    dbPath = join(work, 'big.db');
    buildCollection(dbPath, decksDir, Number(process.env.BENCH_CARDS ?? 100_000));
  }
  const { default: Database } = await import('better-sqlite3');
  const meta = new Database(dbPath, { readonly: true });
  const counts = meta.prepare("SELECT (SELECT count(*) FROM cards) AS cards, (SELECT count(*) FROM reviews) AS reviews").get();
  meta.close();
  // peak RSS reported by the child itself on exit (stderr is synchronous on a pipe)
  const hook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nBENCH_MAXRSS_KB "+process.resourceUsage().maxRSS+"\\n"))';
  const env = { ...process.env, TZ: 'UTC', NO_COLOR: '1', DEEPCARDS_NOW: '2026-03-02T09:00:00', DEEPCARDS_DB: dbPath, DEEPCARDS_DECKS: decksDir };
  const schedRuns = Math.max(1, Number(process.env.BENCH_SCHED_RUNS ?? 3));
  const times = [];
  let rss = 0;
  let line = '';
  for (let i = 0; i < schedRuns; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', hook, BIN, 'export', 'anki', '--with-scheduling', '-o', join(work, 'sched.apkg')],
      { env, encoding: 'utf8', maxBuffer: 64 << 20 });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`export anki --with-scheduling exited ${r.status}: ${r.stderr.slice(-2000)}`);
    rss = Math.max(rss, Number(/BENCH_MAXRSS_KB (\d+)/.exec(r.stderr)?.[1] ?? 0));
    line = r.stdout.trim().split('\n').join(' / ');
  }
  process.stdout.write(`${JSON.stringify({
    name: `export anki --with-scheduling, ${counts.cards.toLocaleString('en-US')} cards`, ms: Number(median(times).toFixed(1)),
    note: `CLI, median of ${schedRuns}; ${counts.reviews.toLocaleString('en-US')} reviews; peak RSS ${(rss / 1024).toFixed(0)} MiB; ${line}`,
  })}\n`);
} finally {
  if (process.env.BENCH_KEEP !== '1') rmSync(work, { recursive: true, force: true });
}
