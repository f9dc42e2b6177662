// The HTML exam in a real browser: headless Chromium loads the file, and the test reads the rendered
// DOM (--dump-dom), Chromium's network log (--log-net-log), the layout (getBoundingClientRect, read by
// a probe script added to a copy of the page) and screenshots. Math must be typeset by KaTeX with its
// embedded fonts, no raw LaTeX, `_{`, `^{` or backtick may be left in the page's text, every question
// must be there, the option letters must not be covered by their checkboxes, and the page must fetch
// nothing and look the same with the network cut off. Skipped, with a message, only when no Chromium
// is installed (apt-get install -y chromium).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDecksOrThrow } from '../../src/decks/load.js';
import { assembleExam } from '../../src/exam/assemble.js';
import { renderHtmlWithKey } from '../../src/exam/render-html.js';
import { richSpans } from '../../src/render/rich-text.js';

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

/** The flags every run uses: no background traffic, a fresh profile, time to load the embedded fonts. */
function flags(): string[] {
  return [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', `--user-data-dir=${mkdtempSync(join(dir, 'profile-'))}`, '--hide-scrollbars',
    '--virtual-time-budget=5000',
  ];
}

function load(file: string): Loaded {
  const netlog = join(dir, `net-${Math.random().toString(36).slice(2)}.json`);
  const r = spawnSync(CHROMIUM!, [...flags(), `--log-net-log=${netlog}`, '--dump-dom', pathToFileURL(file).href],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
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

type Rect = [left: number, top: number, right: number, bottom: number];
interface Probe {
  options: { box: Rect; letter: Rect; text: Rect; letterText: string }[];
  fonts: [family: string, status: string][];
  text: string;
}

/**
 * Layout as the browser computed it: a copy of the page with a probe script (the page's own CSP
 * forbids scripts, so the copy's allows inline ones) that writes the option rows' rectangles, the
 * font faces' status and the body's innerText into the DOM once the fonts are ready.
 */
function probe(file: string, extraCss = ''): Probe {
  const copy = join(dir, `probe-${Math.random().toString(36).slice(2)}.html`);
  const script = `<script>
document.fonts.ready.then(() => {
  const r = (e) => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const options = [...document.querySelectorAll('ol.options li')].map((li) => ({
    box: r(li.querySelector('.box')), letter: r(li.querySelector('.letter')), text: r(li.querySelector('.text')),
    letterText: li.querySelector('.letter').textContent }));
  const fonts = [...document.fonts].map((f) => [f.family, f.status]);
  const out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = JSON.stringify({ options, fonts, text: document.body.innerText });
  document.body.appendChild(out);
});
</script>`;
  const html = readFileSync(file, 'utf8')
    .replace("default-src 'none';", "default-src 'none'; script-src 'unsafe-inline';")
    .replace('</body>', `${script}\n</body>`)
    .replace('</head>', `<style>${extraCss}</style>\n</head>`);
  writeFileSync(copy, html);
  const r = spawnSync(CHROMIUM!, [...flags(), '--dump-dom', pathToFileURL(copy).href], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`chromium failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const m = /<pre id="probe">([\s\S]*?)<\/pre>/.exec(r.stdout);
  if (!m) throw new Error('the probe did not run');
  const json = m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');
  return JSON.parse(json) as Probe;
}

/** A PNG of the page's first `height` CSS pixels; `offline` cuts the network (a proxy that refuses). */
function screenshot(file: string, out: string, offline: boolean, height = 2400): Buffer {
  const net = offline ? ['--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=<-loopback>'] : [];
  const r = spawnSync(CHROMIUM!, [...flags(), ...net, `--window-size=900,${height}`, `--screenshot=${out}`, pathToFileURL(file).href],
    { encoding: 'utf8', timeout: 90_000 });
  if (r.status !== 0) throw new Error(`chromium failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return readFileSync(out);
}

describe.skipIf(!CHROMIUM)('the HTML exam in headless Chromium', () => {
  const decks = loadDecksOrThrow(['decks']);
  const exam = assembleExam(decks, { seed: 2026, count: 40 });
  const file = join(dir, 'exam.html');
  writeFileSync(file, renderHtmlWithKey(exam));

  it('typesets the math, leaves no raw LaTeX, shows every question, and fetches nothing', () => {
    const { dom, pageRequests } = load(file);
    const text = visibleText(dom);
    // math is typeset by KaTeX (its HTML output)
    const maths = (dom.match(/<span class="katex">/g) ?? []).length;
    expect(maths).toBeGreaterThan(40);
    expect(dom).not.toContain('<math');
    expect(dom).not.toContain('class="katex-error"');
    // no raw LaTeX anywhere in what is shown
    expect(text).not.toContain('$');
    expect(text).not.toContain('\\frac');
    expect(text.match(/\\[a-zA-Z]+/g) ?? []).toEqual([]);
    // every question of the exam (and of the key) is there, with its prose
    for (const q of exam.questions) {
      expect(dom).toContain(`id="q${q.position}"`);
      expect(dom).toContain(`id="k${q.position}"`);
      const prose = richSpans(q.prompt).find((s) => s.kind === 'prose' && s.text.trim().length >= 4);
      if (prose) expect(text).toContain(prose.text.replace(/\s+/g, ' ').trim().slice(0, 30));
    }
    expect(text).toContain('Answer key');
    expect(text).toContain(`seed 2026 · 40 questions · ${exam.maxScore} points`);
    expect(pageRequests).toEqual([]);
  });

  it('layout: option letters beside their checkboxes, never under them; fonts loaded; no raw notation in the text', () => {
    const p = probe(file);
    const choices = exam.questions.filter((q) => q.kind === 'choice');
    expect(choices.length).toBeGreaterThan(3);
    // every option row of the exam (the key has none)
    expect(p.options).toHaveLength(choices.reduce((n, q) => n + (q.kind === 'choice' ? q.options.length : 0), 0));
    for (const [i, o] of p.options.entries()) {
      const [bl, bt, br, bb] = o.box;
      const [ll, lt, lr, lb] = o.letter;
      expect(br - bl, `box ${i} has a width`).toBeGreaterThan(5);
      expect(lr - ll, `letter ${i} has a width`).toBeGreaterThan(5);
      expect(o.letterText).toMatch(/^[A-Z]\.$/);
      // the rectangles are disjoint: the box ends before the letter starts, the letter before the text
      const overlap = Math.min(br, lr) - Math.max(bl, ll) > 0 && Math.min(bb, lb) - Math.max(bt, lt) > 0;
      expect(overlap, `option ${i}: box ${o.box} overlaps letter ${o.letter}`).toBe(false);
      expect(br).toBeLessThanOrEqual(ll);
      expect(lr).toBeLessThanOrEqual(o.text[0] + 0.5);
    }
    // the embedded fonts load (none fails), KaTeX_Main among them
    expect(p.fonts.filter(([, status]) => status === 'error')).toEqual([]);
    expect(p.fonts).toContainEqual(['KaTeX_Main', 'loaded']);
    // no raw subscripts, superscripts or Markdown code marks in what a reader sees
    expect(p.text.match(/.{0,30}(?:[_^]\{|`).{0,30}/g) ?? []).toEqual([]);
    expect(p.text).not.toMatch(/\$|\\[a-zA-Z]+/);
  });

  it('(control) the layout check does see a checkbox drawn over the letter', () => {
    // the old stylesheet's fault: the letter pulled back under the box by a negative margin
    const p = probe(file, 'ol.options .letter { margin-left: -1.4em; }');
    const overlapping = p.options.filter((o) => Math.min(o.box[2], o.letter[2]) - Math.max(o.box[0], o.letter[0]) > 0);
    expect(overlapping.length).toBe(p.options.length);
  });

  it('looks the same with the network cut off (pixel for pixel)', () => {
    const online = screenshot(file, join(dir, 'online.png'), false);
    const offline = screenshot(file, join(dir, 'offline.png'), true);
    expect(online.length).toBeGreaterThan(10_000);
    expect(offline.equals(online)).toBe(true);
    if (process.env['DEEPCARDS_CAPTURES']) writeFileSync(join(process.env['DEEPCARDS_CAPTURES'], 'exam-browser.png'), online);
  });

  it('(control) the network check does see a page that fetches', () => {
    const control = join(dir, 'control.html');
    writeFileSync(control, '<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png">x</body></html>');
    expect(load(control).pageRequests).toContain('http://127.0.0.1:9/x.png');
  });
});

it('chromium presence is reported', () => {
  if (!CHROMIUM) console.warn('tests/exam/browser.test.ts: layout, offline and network checks skipped: Chromium is not installed');
  // keeps the file meaningful in the summary when the browser tests are skipped
  expect(CHROMIUM === null || existsSync(CHROMIUM)).toBe(true);
});
