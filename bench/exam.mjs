// `node bench/exam.mjs` (bench/run.mjs runs it): a 100-question exam from the bundled decks, assembled
// and rendered in every format (exam + key; JSON has the answers), in-process through the TypeScript
// sources (tsx, a dev dependency: the bundle in dist/ exposes only the CLI). Medians of BENCH_RUNS
// runs (default 7), a different seed each run, KaTeX's memo cleared before each HTML run so every
// formula is typeset afresh. The first HTML run of the process (which also loads KaTeX) is reported
// separately, as is the whole CLI (`deepcards exam --count 100 --format html -o …`: node start-up,
// reading the YAML decks, assembling, rendering, writing) when dist/ is built.
// Prints one JSON line per figure: {"name", "ms", "targetMs", "note"}.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));
const COUNT = 100;
const TARGET = 500;

const { loadDecksOrThrow } = await import('../src/decks/load.ts');
const { assembleExam } = await import('../src/exam/assemble.ts');
const md = await import('../src/exam/render-markdown.ts');
const json = await import('../src/exam/render-json.ts');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function emit(name, ms, note, targetMs = TARGET) {
  process.stdout.write(`${JSON.stringify({ name, ms: Math.round(ms * 10) / 10, targetMs, note })}\n`);
}

const t0 = performance.now();
const decks = loadDecksOrThrow([join(ROOT, 'decks')]);
const loadMs = performance.now() - t0;
const cards = decks.reduce((n, d) => n + d.cards.length, 0);

// HTML, first in this process: includes importing KaTeX and its first (unoptimized) runs
let t = performance.now();
const html = await import('../src/exam/render-html.ts');
{
  const exam = assembleExam(decks, { seed: 1000, count: COUNT });
  html.renderHtmlExam(exam);
  html.renderHtmlKey(exam);
}
const firstHtml = performance.now() - t;

const figures = { assemble: [], md: [], html: [], json: [] };
for (let i = 0; i < RUNS; i++) {
  const seed = 1 + i;
  t = performance.now();
  const exam = assembleExam(decks, { seed, count: COUNT });
  const a = performance.now() - t;
  figures.assemble.push(a);
  if (exam.questions.length !== COUNT) throw new Error(`expected ${COUNT} questions, got ${exam.questions.length}`);

  t = performance.now();
  md.renderMarkdownExam(exam);
  md.renderMarkdownKey(exam);
  figures.md.push(a + performance.now() - t);

  html.clearMathCache();
  t = performance.now();
  html.renderHtmlExam(exam);
  html.renderHtmlKey(exam);
  figures.html.push(a + performance.now() - t);

  t = performance.now();
  json.renderJsonExam(exam);
  figures.json.push(a + performance.now() - t);
}

const note = `assemble + render exam and key, ${cards} cards in ${decks.length} decks (reading them: ${loadMs.toFixed(0)} ms, not counted)`;
emit(`exam ${COUNT}q: assemble`, median(figures.assemble), `${RUNS} seeds`);
emit(`exam ${COUNT}q: markdown`, median(figures.md), note);
emit(`exam ${COUNT}q: html (KaTeX)`, median(figures.html), `${note}; every formula typeset afresh`);
emit(`exam ${COUNT}q: json`, median(figures.json), note);
emit(`exam ${COUNT}q: html, first in process`, firstHtml, 'includes loading KaTeX');

// The whole command, when built.
const bin = join(ROOT, 'bin', 'deepcards.js');
if (existsSync(join(ROOT, 'dist', 'main.js'))) {
  const work = mkdtempSync(join(tmpdir(), 'deepcards-bench-exam-'));
  try {
    const env = { ...process.env, NO_COLOR: '1', DEEPCARDS_NOW: '2026-03-02T09:00:00', DEEPCARDS_DB: join(work, 'c.db') };
    const runs = [];
    for (let i = 0; i < Math.min(RUNS, 5); i++) {
      t = performance.now();
      const r = spawnSync(process.execPath, [bin, 'exam', '--seed', String(i + 1), '--count', String(COUNT), '--format', 'html', '-o', join(work, 'e.html')], { env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`deepcards exam failed: ${r.stderr}`);
      runs.push(performance.now() - t);
    }
    emit(`deepcards exam --count ${COUNT} --format html -o FILE`, median(runs), 'the whole CLI: node start-up, reading the YAML decks, assembling, KaTeX, writing both files', null);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
