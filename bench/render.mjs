// Keypress → next screen: the time the review takes from a key to the frame of the next card, i.e.
// the card text to runs (LaTeX → Unicode), the grade bar, the pure view() at 80×24 and the frame
// string written to the terminal. Bundles src/screen + src/session with esbuild (a dev dependency)
// and times them in this process; prints one JSON figure line (see bench/run.mjs) per measurement.
// Run alone: node bench/render.mjs
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yaml from 'js-yaml';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const RUNS = Math.max(50, Number(process.env.BENCH_RUNS ?? 7) * 30);
const work = mkdtempSync(join(tmpdir(), 'deepcards-render-'));
try {
  const out = join(work, 'render.mjs');
  await build({
    stdin: {
      contents: `export { view } from './src/screen/view.ts'; export { cardRuns } from './src/screen/text.ts';
        export { gradeBar } from './src/session/grade-bar.ts'; export { makeStyle } from './src/ui/style.ts';
        export { clozeBack, clozeFront } from './src/decks/cloze.ts';`,
      resolveDir: ROOT, loader: 'ts',
    },
    bundle: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'warning',
  });
  const { view, cardRuns, gradeBar, makeStyle, clozeBack } = await import(pathToFileURL(out).href);
  // every bundled basic and cloze card, the longest first: the worst case is what a key waits for
  const cards = [];
  for (const f of readdirSync(join(ROOT, 'decks')).filter((x) => x.endsWith('.yaml'))) {
    for (const c of yaml.load(readFileSync(join(ROOT, 'decks', f), 'utf8')).cards) {
      if (c.type === 'basic') cards.push({ q: c.front, a: c.back });
      if (c.type === 'cloze') cards.push({ q: c.text, a: clozeBack(c.text, 1, (s) => `\uE000${s}\uE001`) });
    }
  }
  cards.sort((x, y) => (y.q + y.a).length - (x.q + x.a).length);
  const style = makeStyle(true);
  const state = { kind: 'review', repetitions: 3, ef: 236, interval: 15, due: 0, lapses: 1 };
  const frame = (c) => {
    const screen = {
      header: { position: '12/40', topic: 'cnn', kind: 'review · basic', counts: { due: 28, new: 10, again: 3 } },
      blocks: [{ runs: cardRuns(c.q), tone: 'question' }, { runs: cardRuns(c.a), lead: '→ ' }],
      keys: [...gradeBar(state, [0, 1, 2, 3, 4, 5], false, 4), '|', '? help', 'u undo', 's suspend', 'b bury', 'q quit'],
    };
    return `\x1b[H${view(screen, 80, 24, style).map((l) => `${l}\x1b[K`).join('\n')}\x1b[J`;
  };
  for (let i = 0; i < 20; i++) frame(cards[i % cards.length]); // warm-up (JIT)
  const longest = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    frame(cards[0]);
    longest.push(performance.now() - t);
  }
  const all = [];
  for (const c of cards) {
    const t = performance.now();
    frame(c);
    all.push(performance.now() - t);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const max = Math.max(...all);
  const p95 = [...all].sort((a, b) => a - b)[Math.floor(all.length * 0.95)];
  process.stdout.write(`${JSON.stringify({ name: 'keypress → next screen (longest card, 80×24)', ms: median(longest), targetMs: 30, note: `median of ${RUNS}; pure view() + LaTeX + grade bar + frame` })}\n`);
  // one cold render of each card: a single GC pause or a busy CPU shows up as the max, so the
  // target is on the 95th percentile and the max is noted
  process.stdout.write(`${JSON.stringify({ name: 'keypress → next screen (95th percentile over all cards)', ms: p95, targetMs: 30, note: `${cards.length} basic/cloze cards, each rendered once; max ${max.toFixed(1)} ms` })}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
