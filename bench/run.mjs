// `npm run bench` (after `npm run build`): start-up and heavy-path timings of the built CLI on a
// synthetic 100,000-card collection with a year of review history, as medians of several runs and as
// ratios to `node -e 0` measured in the same run. Prints a table and writes bench/results.json.
//
// Environment: BENCH_RUNS (default 7), BENCH_CARDS (default 100000), BENCH_KEEP=1 keeps the temp dir.
// Other engineers' figures: bench/exam.mjs, bench/export-anki.mjs and bench/render.mjs (keypress →
// next screen of the review), when present, are run with node
// and print JSON objects on stdout, one per line: {"name": "...", "ms": 123.4, "targetMs": 500}
// (an optional "note"). Absent scripts are skipped with a note.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCollection, writeDeck } from './synthetic.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BIN = join(ROOT, 'bin', 'deepcards.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CARDS = Number(process.env.BENCH_CARDS ?? 100_000);
const NOW = '2026-03-02T09:00:00';

const work = mkdtempSync(join(tmpdir(), 'deepcards-bench-'));
const env = { ...process.env, TZ: 'UTC', NO_COLOR: '1', DEEPCARDS_NOW: NOW };
delete env.FORCE_COLOR;
delete env.DEEPCARDS_DB;

function log(msg) {
  process.stderr.write(`${msg}\n`);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// The synthetic collection (the real schema, CARDS basic cards in 20 topics introduced evenly over a
// year, each reviewed by SM-2 with random grades) is built by bench/synthetic.mjs, shared with the
// Anki benchmarks.

// ---------------------------------------------------------------------------------------------
// Measuring

function timeSync(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env: opts.env ?? env, encoding: 'utf8', input: opts.input ?? '', cwd: opts.cwd ?? ROOT, maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, r };
}

function measure(name, fn, runs = RUNS) {
  fn(); // warm-up: file cache, first-run costs
  const xs = [];
  for (let i = 0; i < runs; i++) xs.push(fn());
  const m = median(xs);
  log(`${name}: median ${m.toFixed(1)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`);
  return { median: m, runs: xs };
}

/** Time until `marker` appears on the stdout of a piped `deepcards …`, then kill it. */
function timeToOutput(args, marker, e) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { env: e, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let done = false;
    child.stdout.on('data', (b) => {
      out += b.toString();
      if (!done && out.includes(marker)) {
        done = true;
        const ms = performance.now() - t0;
        child.kill('SIGKILL');
        child.on('exit', () => resolve(ms));
      }
    });
    child.stderr.on('data', (b) => (err += b.toString()));
    child.on('exit', (code) => {
      if (!done) reject(new Error(`exited ${code} before "${marker}": ${out.slice(-500)} ${err}`));
    });
  });
}

async function measureAsync(name, fn, runs = RUNS) {
  await fn();
  const xs = [];
  for (let i = 0; i < runs; i++) xs.push(await fn());
  const m = median(xs);
  log(`${name}: median ${m.toFixed(1)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`);
  return { median: m, runs: xs };
}

/** Which bundled packages a command loads: an ESM loader hook records every module URL. */
function loadedPackages(args, e) {
  const traceFile = join(work, `trace-${Date.now()}.txt`);
  const hooks = join(work, 'trace-hooks.mjs');
  const register = join(work, 'trace-register.mjs');
  writeFileSync(hooks, "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(process.env.DC_TRACE, `${url}\\n`);\n  return next(url, context);\n}\n");
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  writeFileSync(traceFile, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, BIN, ...args], { env: { ...e, DC_TRACE: traceFile }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`traced ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const urls = [...new Set(readFileSync(traceFile, 'utf8').split('\n').filter(Boolean))];
  const chunks = urls.filter((u) => u.startsWith(pathToFileURL(join(ROOT, 'dist')).href)).map((u) => fileURLToPath(u));
  const packages = new Set();
  for (const c of chunks) {
    const map = `${c}.map`;
    if (!existsSync(map)) continue;
    for (const s of JSON.parse(readFileSync(map, 'utf8')).sources) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(s);
      if (m) packages.add(m[1]);
    }
  }
  return { chunks: chunks.length, packages: [...packages].sort() };
}

/** The dist chunk that holds a source file (by the chunks' source maps). */
function chunkOf(source) {
  const dir = join(ROOT, 'dist', 'chunks');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.js'))) {
    const map = join(dir, `${f}.map`);
    if (existsSync(map) && JSON.parse(readFileSync(map, 'utf8')).sources.some((s) => s.endsWith(source))) return join(dir, f);
  }
  return null;
}

function runExternal(script, shared = {}) {
  const path = join(ROOT, 'bench', script);
  if (!existsSync(path)) return { skipped: `bench/${script} not present` };
  // shared: the 100k-card collection (BENCH_COLLECTION, BENCH_DECKS), so a script need not build its own
  const r = spawnSync(process.execPath, [path], { env: { ...env, BENCH_RUNS: String(RUNS), ...shared }, encoding: 'utf8', cwd: ROOT, maxBuffer: 64 << 20 });
  if (r.status !== 0) return { skipped: `bench/${script} exited ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' / ')}` };
  const figures = [];
  for (const line of r.stdout.split('\n')) {
    try {
      const o = JSON.parse(line);
      if (o && typeof o.name === 'string' && typeof o.ms === 'number') figures.push(o);
    } catch {
      // not a figure line
    }
  }
  return figures.length ? { figures } : { skipped: `bench/${script} printed no {"name","ms"} lines` };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js missing: run npm run build (npm run bench does)');
  const decksDir = join(work, 'decks');
  mkdirSync(decksDir);
  writeDeck(decksDir, 'bench', 0, 3);
  const dbPath = join(work, 'collection.db');
  const built = buildCollection(dbPath, decksDir, CARDS);
  const e = { ...env, DEEPCARDS_DB: dbPath, DEEPCARDS_DECKS: decksDir };
  const rows = [];
  const row = (name, ms, target, note = '') => rows.push({ name, ms, target, note });

  const node = measure('node -e 0', () => timeSync(process.execPath, ['-e', '0']).ms);
  const version = measure('deepcards --version', () => timeSync(process.execPath, [BIN, '--version']).ms);

  // first review of the study day: the daily backup waits for the first answer, so the first card
  // must not pay for it
  const firstOfDay = await timeToOutput(['--new', '0'], 'show answer', e);
  log(`first review card of the day: ${firstOfDay.toFixed(0)} ms`);
  const backupDir = join(work, 'backups');
  if (existsSync(backupDir) && readdirSync(backupDir).length > 0) throw new Error('the daily backup was made before the first card');
  // the daily backup itself (VACUUM INTO), made by the day's first write (here a card command)
  const dailyBackup = timeSync(process.execPath, [BIN, 'card', 'unsuspend', 'topic-00.card-0'], { env: e }).ms;
  log(`first write of the day, with the daily backup: ${dailyBackup.toFixed(0)} ms`);
  if (!existsSync(backupDir) || readdirSync(backupDir).length !== 1) throw new Error('the daily backup was not made');

  const status = measure('deepcards status', () => timeSync(process.execPath, [BIN, 'status'], { env: e }).ms);
  const firstCard = await measureAsync('first review card', () => timeToOutput(['--new', '0'], 'show answer', e));
  const stats = measure('deepcards stats', () => timeSync(process.execPath, [BIN, 'stats'], { env: e }).ms);
  const statsJson = measure('deepcards stats --json', () => timeSync(process.execPath, [BIN, 'stats', '--json'], { env: e }).ms);

  // sync of 10,000 new cards into a fresh collection
  const syncDir = join(work, 'sync-decks');
  mkdirSync(syncDir);
  for (let f = 0; f < 10; f++) writeDeck(syncDir, `sync${f}`, f * 1000, 1000);
  let n = 0;
  const sync = measure('decks sync (10,000 new cards)', () => {
    const fresh = join(work, `fresh-${n++}.db`);
    const { ms, r } = timeSync(process.execPath, [BIN, '--db', fresh, 'decks', 'sync', syncDir], { env: { ...e, DEEPCARDS_DB: '' } });
    if (!r.stdout.includes('10000 added')) throw new Error(`sync: ${r.stdout}`);
    rmSync(fresh, { force: true });
    rmSync(`${fresh}-wal`, { force: true });
    rmSync(`${fresh}-shm`, { force: true });
    return ms;
  });

  // engine: the chunk with src/engine/check.ts (mathjs) imported alone, timed inside node
  const engineChunk = chunkOf('src/engine/check.ts');
  let engine = null;
  if (engineChunk) {
    const code = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(engineChunk).href)}); process.stdout.write(String(performance.now() - t));`;
    engine = measure('engine chunk import (mathjs)', () => Number(timeSync(process.execPath, ['--input-type=module', '-e', code]).r.stdout));
  }
  const solve = timeSync(process.execPath, [BIN, 'solve', 'conv-output', 'size=32', 'kernel=3'], { env: e, allowFail: true });
  const solveFig = solve.r.status === 0 ? measure('deepcards solve conv-output size=32 kernel=3', () => timeSync(process.execPath, [BIN, 'solve', 'conv-output', 'size=32', 'kernel=3'], { env: e }).ms) : null;

  const statusLoads = loadedPackages(['status'], e);
  const reviewLoads = loadedPackages(['--new', '0'], { ...e });
  log(`status loads ${statusLoads.chunks} chunks, bundled packages: ${statusLoads.packages.join(', ') || 'none'}`);

  row('node -e 0', node.median, 'baseline');
  row('deepcards --version', version.median, '—');
  row('deepcards status (100k cards)', status.median, '≤ 3× node', `${(status.median / node.median).toFixed(2)}×; loads ${statusLoads.packages.join(', ') || 'no bundled package'}`);
  row('first review card (piped)', firstCard.median, '≤ 250 ms', `${built.due} due`);
  row('first review card, first of the day', firstOfDay, '≤ 250 ms', 'the daily backup waits for the first answer');
  row('first write of the day (card unsuspend)', dailyBackup, '—', 'includes the daily backup (VACUUM INTO of the whole collection), once a day');
  row('deepcards stats', stats.median, '≤ 500 ms');
  row('deepcards stats --json', statsJson.median, '≤ 500 ms');
  row('decks sync, 10,000 new cards', sync.median, '≤ 1000 ms', 'fresh collection: migrations + YAML parse + insert');
  if (engine) row('engine chunk import (mathjs)', engine.median, '—', `import() of ${engineChunk.replace(`${ROOT}/`, '')} alone`);
  else row('engine chunk import (mathjs)', null, '—', 'no chunk holds src/engine/check.ts');
  if (solveFig) row('deepcards solve conv-output', solveFig.median, '—', `minus --version: ${(solveFig.median - version.median).toFixed(1)} ms (solve does not load mathjs)`);
  else row('deepcards solve conv-output', null, '—', `skipped: exit ${solve.r.status} ${solve.r.stderr.trim().split('\n')[0] ?? ''}`);
  for (const [script, label] of [['exam.mjs', 'exam'], ['export-anki.mjs', 'export'], ['import-anki.mjs', 'import anki'], ['render.mjs', 'review screen']]) {
    const ext = runExternal(script, { BENCH_COLLECTION: dbPath, BENCH_DECKS: decksDir });
    if (ext.skipped) row(label, null, '—', `skipped: ${ext.skipped}`);
    else for (const f of ext.figures) row(f.name, f.ms, f.targetMs ? `≤ ${f.targetMs} ms` : '—', f.note ?? '');
  }

  const targets = {
    'deepcards status (100k cards)': (ms) => ms <= 3 * node.median,
    'first review card (piped)': (ms) => ms <= 250,
    'deepcards stats': (ms) => ms <= 500,
    'deepcards stats --json': (ms) => ms <= 500,
    'decks sync, 10,000 new cards': (ms) => ms <= 1000,
  };
  const table = rows.map((r) => {
    const check = targets[r.name] ?? (r.target.startsWith('≤') && r.target.endsWith('ms') ? (ms) => ms <= Number(r.target.replace(/[^\d.]/g, '')) : null);
    return { ...r, ratio: r.ms === null ? null : r.ms / node.median, ok: r.ms === null || !check ? null : check(r.ms) };
  });
  const fmt = (x, d = 1) => (x === null ? '—' : x.toFixed(d));
  const header = ['figure', 'median ms', '× node -e 0', 'target', 'ok?', 'note'];
  const lines = table.map((r) => [r.name, fmt(r.ms), fmt(r.ratio, 2), r.target, r.ok === null ? '' : r.ok ? 'yes' : 'NO', r.note]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const md = [header, widths.map((w) => '-'.repeat(w)), ...lines].map((l) => `| ${l.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`).join('\n');
  process.stdout.write(`\ndeepcards benchmark · ${CARDS} cards, ${built.reviews} reviews · median of ${RUNS} runs · node ${process.version} · ${new Date().toISOString()}\n\n${md}\n\n`);
  process.stdout.write(`status loads ${statusLoads.chunks} dist chunks; bundled packages in them: ${statusLoads.packages.join(', ') || 'none'} — mathjs ${statusLoads.packages.includes('mathjs') ? 'LOADED' : 'not loaded'}, katex ${statusLoads.packages.includes('katex') ? 'LOADED' : 'not loaded'}\n`);
  process.stdout.write(`review loads: ${reviewLoads.packages.join(', ') || 'none'}\n`);
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    runs: RUNS,
    collection: { cards: CARDS, reviews: built.reviews, dueToday: built.due },
    figures: table,
    statusLoads,
    reviewLoads,
  };
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write('written bench/results.json\n');
  return table.some((r) => r.ok === false) ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} finally {
  if (process.env.BENCH_KEEP) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(code);
