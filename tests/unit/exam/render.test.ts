// The renderers: hostile card text stays text in HTML (outside and inside math) and in Markdown;
// the HTML is self-contained; the JSON carries the whole exam with its answers.
import { describe, expect, it } from 'vitest';
import { loadDecksOrThrow } from '../../../src/decks/load.js';
import { assembleExam } from '../../../src/exam/assemble.js';
import { breakPoints, renderHtmlExam, renderHtmlKey, renderHtmlWithKey } from '../../../src/exam/render-html.js';
import { renderJsonExam } from '../../../src/exam/render-json.js';
import { renderMarkdownExam, renderMarkdownKey, renderMarkdownWithKey } from '../../../src/exam/render-markdown.js';
import { escapeHtml, markdownText, splitMath } from '../../../src/exam/text.js';

const HOSTILE = loadDecksOrThrow(['tests/fixtures/exam/hostile']);
const FIXTURE = loadDecksOrThrow(['tests/fixtures/exam/decks']);
const hostileExam = assembleExam(HOSTILE, { seed: 1, count: 5, mix: { numeric: 0, choice: 1, recall: 1 } });

/** Every start tag of the document: the renderer's own vocabulary, nothing from the cards. */
function startTags(html: string): Set<string> {
  return new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase()));
}

const OWN_TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'main', 'header', 'section', 'article', 'h1', 'h2', 'h3', 'p', 'span', 'code',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'ol', 'li', 'div', 'blockquote', 'strong', 'em', 'br',
  // KaTeX's HTML output draws some symbols (roots, wide accents, arrows) as inline SVG
  'svg', 'path', 'line',
]);

describe('HTML escaping with hostile card text', () => {
  it('all five hostile cards are in the exam', () => {
    expect(hostileExam.questions.map((q) => q.cardId).sort()).toEqual(
      ['hostile.broken', 'hostile.choice', 'hostile.cloze', 'hostile.math', 'hostile.script']);
  });

  for (const [name, html] of [
    ['exam', renderHtmlExam(hostileExam)],
    ['key', renderHtmlKey(hostileExam)],
    ['exam with key', renderHtmlWithKey(hostileExam)],
  ] as const) {
    it(`${name}: no element, attribute or URL from the cards`, () => {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/<iframe/i);
      expect(html).not.toMatch(/<svg/i);
      expect(html).not.toMatch(/<a[\s>]/i);
      expect(html).not.toMatch(/<b[\s>]/i);
      expect(html).not.toMatch(/<i>/i);
      // inside real tags (card text is escaped, so its `<` never opens one): no handler, no URL
      for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) {
        expect(tag).not.toMatch(/\son[a-z]+\s*=|href=|src=|javascript:/i);
      }
      expect((html.match(/<style>/g) ?? []).length).toBe(1); // only our own stylesheet
      for (const tag of startTags(html)) expect(OWN_TAGS, `unexpected <${tag}>`).toContain(tag);
    });

    it(`${name}: the hostile text is shown, escaped`, () => {
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
      expect(html).toContain('Hostile &lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; Co');
    });
  }

  it('key: quotes and ampersands in prose, and the cloze and choice answers, are escaped', () => {
    const key = renderHtmlKey(hostileExam);
    expect(key).toContain('&quot;Quotes&quot; &amp; ampersands &amp;amp; stay text; so does &lt;/p&gt;&lt;p&gt;.');
    expect(key).toContain('&lt;style&gt;body{display:none}&lt;/style&gt;');
    expect(key).toContain('&quot;two&quot; &amp; three');
    expect(key).toMatch(/&lt;svg onload=alert\(7\)&gt;|&quot;&amp;lt;&quot;/);
    expect(key).toContain('&lt;a href=&quot;javascript:alert(8)&quot;&gt;link&lt;/a&gt;');
  });

  it('math: KaTeX escapes inside math, and trust: false keeps \\href and \\url inert', () => {
    const key = renderHtmlKey(hostileExam);
    // $a < b > c$ → relations &lt; and &gt; in KaTeX's spans
    expect(key).toContain('<span class="mrel">&lt;</span>');
    expect(key).toContain('<span class="mrel">&gt;</span>');
    // \text{<script>…} is escaped text inside a span
    expect(key).toMatch(/>&lt;script&gt;alert\(3\)&lt;\/script&gt;<\/span>/);
    expect(key).not.toMatch(/<a /);
    // trust: false renders the command's name as an error text and drops its URL argument
    expect(key).toContain('>\\href</span>');
    expect(key).toContain('>\\url</span>');
    expect(key).toContain('>\\htmlClass</span>');
    expect(key).not.toContain('alert(4)');
    // the raw TeX annotation is not carried into the page
    expect(key).not.toContain('application/x-tex');
  });

  it('broken math falls back to its escaped source; an unclosed $ stays a literal dollar', () => {
    const exam = renderHtmlExam(hostileExam);
    expect(exam).toContain('katex-error');
    expect(exam).toContain('$5 &lt;b&gt;bold&lt;/b&gt;');
  });

  it('is self-contained: no scripts, no external resources, a CSP that forbids both', () => {
    const html = renderHtmlWithKey(assembleExam(FIXTURE, { seed: 3, count: 8 }));
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">`);
    // every url() is an embedded font; the only other URL is SVG's namespace name, which is never fetched
    const urls = [...html.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u).toMatch(/^data:font\/woff2;base64,[A-Za-z0-9+/=]+$/);
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '').replace(/url\(data:[^)]*\)/g, ''))
      .not.toMatch(/<script|<link|<img|<iframe|@import|url\(|https?:\/\//i);
    // KaTeX's HTML output with its stylesheet and the main font; no MathML
    expect(html).toContain('<span class="katex">');
    expect(html).toContain('font-family:KaTeX_Main');
    expect(html).not.toContain('<math');
    expect(html).toContain('break-inside: avoid');
    expect(html).toContain('page-break-inside: avoid');
    expect(html).toMatch(/section\.key \{ break-before: page; page-break-before: always; \}/);
    expect(html).toContain('<section class="key">');
  });
});

describe('long inline formulas', () => {
  it('are cut after top-level = and ; so the browser can wrap them', () => {
    expect(breakPoints('q_1 \\cdot k_j = (a = -1;\\ b = 2)')).toEqual(['q_1 \\cdot k_j =', ' (a =', ' -1;\\ ', 'b =', ' 2)']);
    expect(breakPoints('\\sum_{i=1}^n x_i = \\frac{a=b}{c}')).toEqual(['\\sum_{i=1}^n x_i =', ' \\frac{a=b}{c}']);
    expect(breakPoints('\\left( a = b \\right)')).toEqual(['\\left( a = b \\right)']);
    expect(breakPoints('a \\= b')).toEqual(['a \\= b']);
  });

  it('render as several formulas', () => {
    const exam = assembleExam(FIXTURE, { seed: 1, count: 1, mix: { numeric: 0, choice: 0, recall: 1 } });
    const q = exam.questions[0]!;
    const long = `$${'x_1 + '.repeat(8)}y = ${'z_2 + '.repeat(8)}w = 1$`;
    const html = renderHtmlExam({ ...exam, questions: [{ ...q, prompt: long }] });
    const prompt = html.slice(html.indexOf('<article'), html.indexOf('</article>'));
    expect((prompt.match(/<span class="katex">/g) ?? []).length).toBe(3);
  });
});

describe('Markdown', () => {
  it('neutralizes tags and entities in prose, keeps math readable', () => {
    expect(markdownText('a <script>x</script> & b &amp; c < d')).toBe('a &lt;script>x&lt;/script> & b &amp;amp; c < d');
    expect(markdownText('$a < b$ and $$\\frac{<i>}{2}$$')).toBe('$a \\lt  b$ and $$\\frac{\\lt i\\gt }{2}$$');
    expect(markdownText('costs \\$5 and $x$')).toBe('costs \\$5 and $x$');
  });

  it('the hostile exam has no raw tag', () => {
    for (const md of [renderMarkdownExam(hostileExam), renderMarkdownKey(hostileExam)]) {
      expect(md).not.toMatch(/<[a-zA-Z/!?]/);
    }
  });

  it('exam and key: numbered questions, answers only in the key, worked solutions', () => {
    const exam = assembleExam(FIXTURE, { seed: 11, count: 8 });
    const md = renderMarkdownExam(exam);
    const key = renderMarkdownKey(exam);
    for (const q of exam.questions) {
      expect(md).toContain(`### ${q.position}. `);
      expect(key).toContain(`### ${q.position}. `);
    }
    expect(md).not.toContain('**Answer');
    expect(key).toContain('Worked solution:');
    const numeric = exam.questions.filter((q) => q.kind === 'numeric');
    expect(numeric.length).toBeGreaterThan(0);
    for (const q of numeric) if (q.kind === 'numeric') expect(key).toContain(`**Answer:** $${q.answerTex}$`);
    expect(renderMarkdownWithKey(exam)).toBe(`${md}\n---\n\n${key}`);
  });
});

describe('JSON', () => {
  it('is the exam with its answers and the regenerate command', () => {
    const exam = assembleExam(FIXTURE, { seed: 11, count: 8 });
    const j = JSON.parse(renderJsonExam(exam)) as Record<string, unknown>;
    expect(j['format']).toBe('deepcards-exam');
    expect(j['command']).toBe(`deepcards exam ${exam.args} --format json`);
    const { command: _c, ...rest } = j;
    expect(rest).toEqual(JSON.parse(JSON.stringify(exam)));
  });
});

describe('splitMath', () => {
  it('inline, display, escaped and unclosed dollars', () => {
    expect(splitMath('a $x$ b $$y$$ \\$ $z')).toEqual([
      { kind: 'prose', text: 'a ' },
      { kind: 'math', text: 'x', display: false },
      { kind: 'prose', text: ' b ' },
      { kind: 'math', text: 'y', display: true },
      { kind: 'prose', text: ' $ $z' },
    ]);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
