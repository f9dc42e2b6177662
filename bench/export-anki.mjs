// `node bench/export-anki.mjs` (bench/run.mjs runs it): the Anki export of 10,000 notes, timed
// in-process through runExportAnki — read the collection, build notes/cards, write SQLite, zip,
// atomic rename — as the median of BENCH_RUNS runs (default 5). The collection is synced once
// beforehand (not timed). Loads the TypeScript sources through tsx (a dev dependency), since the
// bundle in dist/ exposes only the CLI.
// Prints one JSON line per figure: {"name", "ms", "targetMs", "note"}.
// Environment: BENCH_RUNS, BENCH_NOTES (default 10000), BENCH_KEEP=1 keeps the temp dir.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
} finally {
  if (process.env.BENCH_KEEP !== '1') rmSync(work, { recursive: true, force: true });
}
