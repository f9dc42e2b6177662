// The exam and its answer key as one self-contained, printable HTML page each. Math is typeset here,
// at generation time, by KaTeX's HTML output, with KaTeX's stylesheet and the fonts the page uses
// embedded as data: URLs (katex-assets.ts): the page looks the same on any machine, offline, on
// screen and in print (MathML without a math font spaced formulas unevenly). The only module that
// imports KaTeX; the command loads it lazily.
//
// Safety: every piece of card text is escaped — prose by escapeHtml, math by KaTeX (trust: false, so
// \href, \url, \htmlClass … render as text; throwOnError: false, so broken TeX shows as escaped
// source). A Content-Security-Policy of default-src 'none' forbids scripts and fetches even if
// something slipped through (fonts and images only as data: URLs). The same exam gives the same bytes.
import katex from 'katex';
import {
  answerHintText, answerTexOf, INSTRUCTIONS, KIND_LABEL, lineRanges, optionLetter, pointsLabel, regenerateCommand, summaryLine,
  toleranceText, weakNote, workedSteps,
} from './describe.js';
import { katexCss } from './katex-assets.js';
import { escapeHtml } from './text.js';
import { richSpans } from '../render/rich-text.js';
import type { Exam, Question } from './types.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

const CSS = `
@page { size: A4; margin: 16mm 15mm 18mm; }
html { color: #111; background: #fff; }
body { font: 11pt/1.45 KaTeX_Main, "Latin Modern Roman", "STIX Two Text", "Times New Roman", serif; max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; }
.katex { font-size: 1.1em; }
.katex-display { margin: .45em 0; }
.katex-error, code.tex { color: #a00; font-family: "DejaVu Sans Mono", monospace; font-size: .9em; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .6rem; padding-bottom: .15rem; border-bottom: 2px solid #111; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1rem; margin: 0 0 .35rem; }
h3 .pts { float: right; font-weight: normal; color: #444; }
.meta, .regen, .note, .where { color: #444; font-size: .88rem; margin: .2rem 0; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: .82em; overflow-wrap: break-word; }
table.topics { border-collapse: collapse; margin: .8rem 0; font-size: .95rem; }
table.topics th, table.topics td { border-bottom: 1px solid #bbb; padding: .15rem .7rem .15rem 0; text-align: left; }
table.topics .n { text-align: right; }
table.topics tr.total td { font-weight: bold; border-bottom: none; }
ul.instructions { font-size: .92rem; padding-left: 1.2rem; }
p.student { margin: 1rem 0 0; font-size: .95rem; }
p.student span { display: inline-block; min-width: 11rem; border-bottom: 1px solid #111; margin: 0 1.2rem 0 .3rem; }
.q { break-inside: avoid; page-break-inside: avoid; margin: 0 0 1.1rem; padding-top: .35rem; }
.q p { margin: .25rem 0; }
.hint { font-style: italic; color: #333; font-size: .93rem; }
ol.options { list-style: none; margin: .3rem 0; padding-left: .4rem; }
ol.options li { display: grid; grid-template-columns: 1.5em 1.7em 1fr; align-items: baseline; margin: .2rem 0; }
ol.options .box { display: inline-block; width: .85em; height: .85em; border: 1px solid #333; box-sizing: border-box; }
ol.options .letter { font-weight: bold; }
.space { border: 1px solid #999; border-radius: 3px; margin-top: .5rem; }
.space.numeric { height: 5.5rem; }
.space.recall { height: 7.5rem; background: repeating-linear-gradient(to bottom, transparent 0, transparent 1.8rem, #ddd 1.8rem, #ddd calc(1.8rem + 1px)); }
.answer { margin: .3rem 0; }
ol.steps { margin: .25rem 0; padding-left: 1.6rem; }
ul.mistakes { margin: .25rem 0; padding-left: 1.2rem; font-size: .95rem; }
blockquote { margin: .2rem 0 .4rem; padding-left: .7rem; border-left: 3px solid #ccc; color: #333; }
section.key { break-before: page; page-break-before: always; }
@media print { body { max-width: none; margin: 0; padding: 0; } }
`;

/** KaTeX output per (mode, TeX): the exam and its key share most formulas. Bounded. */
const MATH_CACHE = new Map<string, string>();
const MATH_CACHE_MAX = 20_000;

/** Inline formulas longer than this (in TeX characters) are split at their top-level breakpoints. */
const LONG_INLINE = 60;

/**
 * Pieces of `tex` cut after each `=` or `;` at brace depth 0 (TeX's own line-break points after
 * relations and punctuation). Parentheses need no balance in TeX, braces do; a formula with
 * \left…\right or an environment is never cut.
 */
export function breakPoints(tex: string): string[] {
  if (/\\(left|right|begin|end)\b/.test(tex)) return [tex];
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0 && (c === '=' || c === ';')) {
      // keep a following TeX space (`;\ `, `;\quad`) with the piece it ends
      let end = i + 1;
      const space = /^\\(?:[ ,;:]|quad\b|qquad\b)/.exec(tex.slice(end));
      if (space) end += space[0].length;
      if (tex.slice(start, end).trim() && tex.slice(end).trim()) {
        parts.push(tex.slice(start, end));
        start = end;
      }
      i = end - 1;
    }
  }
  parts.push(tex.slice(start));
  return depth === 0 ? parts.filter((p) => p.trim()) : [tex];
}

/** Forget the memoized KaTeX output (tests: typeset afresh). */
export function clearMathCache(): void {
  MATH_CACHE.clear();
}

/** Renders math spans with KaTeX (memoized) and escapes the prose around them. */
class Typesetter {
  private readonly cache = MATH_CACHE;

  math(tex: string, display: boolean): string {
    // MathML does not wrap inside a formula: a long inline one is cut where TeX would break a line
    // (after a top-level `=` or `;`), so the browser can wrap between the pieces.
    if (!display && tex.length > LONG_INLINE) {
      const parts = breakPoints(tex);
      if (parts.length > 1) return parts.map((p) => this.one(p, false)).join(' ');
    }
    return this.one(tex, display);
  }

  private one(tex: string, display: boolean): string {
    const key = `${display ? 'D' : 'I'}${tex}`;
    let html = this.cache.get(key);
    if (html === undefined) {
      try {
        html = katex.renderToString(tex, {
          output: 'html',
          displayMode: display,
          throwOnError: false,
          trust: false,
          strict: 'ignore',
          maxSize: 20,
          maxExpand: 500,
        });
      } catch {
        html = `<code class="tex">${escapeHtml(tex)}</code>`;
      }
      if (this.cache.size >= MATH_CACHE_MAX) this.cache.clear();
      this.cache.set(key, html);
    }
    return html;
  }

  /** Inline HTML of card text (render/rich-text.ts spans): math typeset, code in <code>, prose escaped. */
  inline(text: string): string {
    return richSpans(text)
      .map((s) => (s.kind === 'math' ? this.math(s.text, s.display)
        : s.kind === 'code' ? `<code>${escapeHtml(s.text)}</code>` : escapeHtml(s.text).replace(/\n/g, '<br>')))
      .join('');
  }

  /** Card text as paragraphs (blank lines separate them). */
  block(text: string, cls?: string): string {
    const attr = cls ? ` class="${cls}"` : '';
    return text
      .trim()
      .split(/\n[ \t]*\n+/)
      .map((p) => `<p${attr}>${this.inline(p.trim())}</p>`)
      .join('\n');
  }
}

function head(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="deepcards">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${katexCss(body)}\n${CSS}</style>`,
    '</head>',
    '<body>',
  ].join('\n');
}

function front(exam: Exam, title: string): string {
  const out = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">${escapeHtml(summaryLine(exam))}</p>`,
    `<p class="regen">Regenerate: <code>${escapeHtml(regenerateCommand(exam, 'html'))}</code></p>`,
  ];
  const weak = weakNote(exam);
  if (weak) out.push(`<p class="note">${escapeHtml(weak)}</p>`);
  for (const n of exam.notes) out.push(`<p class="note">Note: ${escapeHtml(n)}</p>`);
  return out.join('\n');
}

function topicTable(exam: Exam, t: Typesetter): string {
  const rows = exam.topics
    .filter((x) => x.count > 0)
    .map((x) => `<tr><td>${t.inline(x.title)}</td><td class="n">${x.count}</td><td class="n">${x.points}</td></tr>`);
  return [
    '<table class="topics">',
    '<thead><tr><th>Topic</th><th class="n">Questions</th><th class="n">Points</th></tr></thead>',
    '<tbody>',
    ...rows,
    `<tr class="total"><td>Total</td><td class="n">${exam.questions.length}</td><td class="n">${exam.maxScore}</td></tr>`,
    '</tbody>',
    '</table>',
  ].join('\n');
}

function sections(exam: Exam, t: Typesetter, body: (q: Question) => string, idPrefix: string): string {
  const out: string[] = [];
  for (const topic of exam.topics) {
    const qs = exam.questions.filter((q) => q.topic === topic.topic);
    if (!qs.length) continue;
    out.push(`<section class="topic">`, `<h2>${t.inline(topic.title)}</h2>`);
    for (const q of qs) {
      out.push(
        `<article class="q ${q.kind}" id="${idPrefix}${q.position}">`,
        `<h3><span class="num">${q.position}.</span> ${KIND_LABEL[q.kind]}<span class="pts">${pointsLabel(q.points)}</span></h3>`,
        body(q),
        '</article>',
      );
    }
    out.push('</section>');
  }
  return out.join('\n');
}

function questionBody(q: Question, t: Typesetter): string {
  switch (q.kind) {
    case 'numeric':
      return [
        ...(q.intro ? [t.block(q.intro)] : []),
        t.block(q.prompt),
        `<p class="hint">Answer: ${escapeHtml(answerHintText(q))}.</p>`,
        '<div class="space numeric"></div>',
      ].join('\n');
    case 'choice':
      // the box, the letter and the text in three grid columns: nothing is drawn over the letter
      return [t.block(q.prompt), '<ol class="options">',
        ...q.options.map((o, i) => `<li><span class="box"></span><span class="letter">${optionLetter(i)}.</span><span class="text">${t.inline(o)}</span></li>`),
        '</ol>'].join('\n');
    case 'recall':
      return [t.block(q.prompt), '<div class="space recall"></div>'].join('\n');
  }
}

function keyBody(q: Question, t: Typesetter): string {
  const where = `<p class="where">card <code>${escapeHtml(q.cardId)}</code>${q.sheet.length ? ` · sheet ${lineRanges(q.sheet)}` : ''}${
    q.kind === 'numeric' ? ` · ${escapeHtml(q.family)} seed ${q.seed}` : ''}</p>`;
  const quoted = `<blockquote>${t.block(q.prompt)}</blockquote>`;
  switch (q.kind) {
    case 'numeric':
      return [
        quoted,
        `<p class="answer"><strong>Answer:</strong> ${t.math(q.answerTex, false)} — ${escapeHtml(toleranceText(q))}</p>`,
        '<p>Worked solution:</p>',
        '<ol class="steps">',
        ...workedSteps(q).map((s) => `<li>${t.inline(s)}</li>`),
        '</ol>',
        ...(q.misconceptions.length
          ? ['<p>Common wrong answers:</p>', '<ul class="mistakes">',
            ...q.misconceptions.map((m) => `<li>${t.math(answerTexOf(m.value, q.tolerance), false)} — ${t.inline(m.message)}</li>`), '</ul>']
          : []),
        where,
      ].join('\n');
    case 'choice':
      return [
        quoted,
        `<p class="answer"><strong>Answer: ${optionLetter(q.answerIndex)}.</strong> ${t.inline(q.options[q.answerIndex]!)}</p>`,
        ...(q.explanation ? [t.block(q.explanation)] : []),
        where,
      ].join('\n');
    case 'recall':
      return [
        quoted,
        `<p class="answer"><strong>Answer:</strong> ${t.inline(q.answer)}</p>`,
        ...(q.full ? [`<p>In full: ${t.inline(q.full)}</p>`] : []),
        ...(q.extra ? [t.block(q.extra)] : []),
        ...(q.fix ? [`<p class="note"><em>The sheet had</em> ${t.inline(q.fix.had)} — ${t.inline(q.fix.why)}</p>`] : []),
        where,
      ].join('\n');
  }
}

function examPart(exam: Exam, t: Typesetter): string {
  return [
    '<header>',
    front(exam, 'Practice exam'),
    topicTable(exam, t),
    '<ul class="instructions">',
    ...INSTRUCTIONS.map((i) => `<li>${escapeHtml(i)}</li>`),
    '</ul>',
    `<p class="student">Name<span></span>Date<span style="min-width:6rem"></span>Score<span style="min-width:3rem"></span>/ ${exam.maxScore}</p>`,
    '</header>',
    sections(exam, t, (q) => questionBody(q, t), 'q'),
  ].join('\n');
}

function keyPart(exam: Exam, t: Typesetter): string {
  return [front(exam, 'Answer key'), sections(exam, t, (q) => keyBody(q, t), 'k')].join('\n');
}

const END = '\n</body>\n</html>\n';

function page(title: string, body: string): string {
  return `${head(title, body)}\n${body}${END}`;
}

export function renderHtmlExam(exam: Exam): string {
  const t = new Typesetter();
  return page(`Practice exam · seed ${exam.seed}`, `<main class="exam">\n${examPart(exam, t)}\n</main>`);
}

export function renderHtmlKey(exam: Exam): string {
  const t = new Typesetter();
  return page(`Answer key · seed ${exam.seed}`, `<main class="key">\n${keyPart(exam, t)}\n</main>`);
}

/** The exam with its key as a final section that starts on a new page. */
export function renderHtmlWithKey(exam: Exam): string {
  const t = new Typesetter();
  return page(`Practice exam · seed ${exam.seed}`,
    `<main class="exam">\n${examPart(exam, t)}\n<section class="key">\n${keyPart(exam, t)}\n</section>\n</main>`);
}
