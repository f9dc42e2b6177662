// The HTML exam in a real browser: headless Chromium loads the file, and the test reads the rendered
// DOM (--dump-dom) and Chromium's network log (--log-net-log). Math must be typeset (MathML <math>
// elements), no raw LaTeX may be left in the page's text, every question must be there, and the
// page must fetch nothing. Skipped, with a message, only when no Chromium is installed (.ci/run
// installs Debian's `chromium`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDecksOrThrow } from '../../src/decks/load.js';
import { assembleExam } from '../../src/exam/assemble.js';
import { renderHtmlWithKey } from '../../src/exam/render-html.js';
import { splitMath } from '../../src/exam/text.js';

function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

const CHROMIUM = findChromium();
if (!CHROMIUM) {
  console.warn('tests/exam/browser.test.ts: SKIPPED — no chromium on PATH (apt-get install -y chromium; .ci/run does this)');
}

const dir = mkdtempSync(join(tmpdir(), 'dc-exam-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Loaded {
  dom: string;
  /** URL requests the page itself started (Chromium's own background traffic is excluded). */
  pageRequests: string[];
}

function load(file: string): Loaded {
  const netlog = join(dir, `net-${Math.random().toString(36).slice(2)}.json`);
  const r = spawnSync(CHROMIUM!, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', `--user-data-dir=${mkdtempSync(join(dir, 'profile-'))}`, `--log-net-log=${netlog}`,
    '--dump-dom', pathToFileURL(file).href,
  ], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`chromium failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const log = JSON.parse(readFileSync(netlog, 'utf8')) as {
    constants: { logEventTypes: Record<string, number> };
    events: { type: number; params?: { initiator?: string; url?: string } }[];
  };
  const startJob = log.constants.logEventTypes['URL_REQUEST_START_JOB'];
  // Requests of the browser process itself (updater, spell-check dictionary…) carry the initiator
  // "not an origin"; a request started by a file:// page carries "null".
  const pageRequests = log.events
    .filter((e) => e.type === startJob && e.params?.initiator !== undefined && e.params.initiator !== 'not an origin')
    .map((e) => e.params?.url ?? '?');
  return { dom: r.stdout, pageRequests };
}

/** The text a reader sees: no <style>, no tags, entities decoded, whitespace collapsed. */
function visibleText(dom: string): string {
  return dom
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<title[\s\S]*?<\/title>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe.skipIf(!CHROMIUM)('the HTML exam in headless Chromium', () => {
  const decks = loadDecksOrThrow(['decks']);
  const exam = assembleExam(decks, { seed: 2026, count: 40 });
  const file = join(dir, 'exam.html');
  writeFileSync(file, renderHtmlWithKey(exam));

  it('typesets the math, leaves no raw LaTeX, shows every question, and fetches nothing', () => {
    const { dom, pageRequests } = load(file);
    const text = visibleText(dom);
    // math is MathML laid out by the browser
    const maths = (dom.match(/<math[\s>]/g) ?? []).length;
    expect(maths).toBeGreaterThan(40);
    expect(dom).not.toContain('class="katex-error"');
    // no raw LaTeX anywhere in what is shown
    expect(text).not.toContain('$');
    expect(text).not.toContain('\\frac');
    expect(text.match(/\\[a-zA-Z]+/g) ?? []).toEqual([]);
    // every question of the exam (and of the key) is there, with its prose
    for (const q of exam.questions) {
      expect(dom).toContain(`id="q${q.position}"`);
      expect(dom).toContain(`id="k${q.position}"`);
      const prose = splitMath(q.prompt).find((s) => s.kind === 'prose' && s.text.trim().length >= 4);
      if (prose) expect(text).toContain(prose.text.replace(/\s+/g, ' ').trim().slice(0, 30));
    }
    expect(text).toContain('Answer key');
    expect(text).toContain(`seed 2026 · 40 questions · ${exam.maxScore} points`);
    expect(pageRequests).toEqual([]);
  });

  it('(control) the network check does see a page that fetches', () => {
    const control = join(dir, 'control.html');
    writeFileSync(control, '<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png">x</body></html>');
    expect(load(control).pageRequests).toContain('http://127.0.0.1:9/x.png');
  });
});

it('chromium presence is reported', () => {
  // keeps the file meaningful in the summary when the browser tests are skipped
  expect(CHROMIUM === null || existsSync(CHROMIUM)).toBe(true);
});
