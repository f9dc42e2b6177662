// The exam and its answer key as one self-contained, printable HTML page each. Math is typeset here,
// at generation time, by KaTeX into MathML (which browsers lay out natively: no fonts, no scripts,
// no network). The only module that imports KaTeX; the command loads it lazily.
//
// Safety: every piece of card text is escaped — prose by escapeHtml, math by KaTeX (trust: false, so
// \href, \url, \htmlClass … render as text; throwOnError: false, so broken TeX shows as escaped
// source). A Content-Security-Policy of default-src 'none' forbids scripts and fetches even if
// something slipped through. Pure: the same exam gives the same bytes.
import katex from 'katex';
import { fmtValue } from '../questions/format.js';
import {
  INSTRUCTIONS, KIND_LABEL, lineRanges, optionLetter, pointsLabel, regenerateCommand, summaryLine, toleranceText, weakNote,
} from './describe.js';
import { escapeHtml, splitMath } from './text.js';
import type { Exam, Question } from './types.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const CSS = `
@page { size: A4; margin: 16mm 15mm 18mm; }
html { color: #111; background: #fff; }
body { font: 11pt/1.45 "Latin Modern Roman", "STIX Two Text", "Times New Roman", serif; max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; }
math { font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", math; font-size: 1.05em; }
.katex-display { display: block; margin: .45em 0; text-align: center; }
.katex-error, code.tex { color: #a00; font-family: "DejaVu Sans Mono", monospace; font-size: .9em; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .6rem; padding-bottom: .15rem; border-bottom: 2px solid #111; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1rem; margin: 0 0 .35rem; }
h3 .pts { float: right; font-weight: normal; color: #444; }
.meta, .regen, .note, .where { color: #444; font-size: .88rem; margin: .2rem 0; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: .82em; overflow-wrap: anywhere; }
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
ol.options { list-style: upper-alpha; margin: .3rem 0; padding-left: 2.6rem; }
ol.options li { margin: .15rem 0; }
ol.options li::before { content: ""; display: inline-block; width: .8em; height: .8em; border: 1px solid #333; margin: 0 .5em -.05em -1.65em; vertical-align: baseline; }
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
          output: 'mathml',
          displayMode: display,
          throwOnError: false,
          trust: false,
          strict: 'ignore',
          maxSize: 20,
          maxExpand: 500,
        });
        // The TeX source annotation is invisible but is text in the DOM; the page carries no raw TeX.
        html = html.replace(/<annotation encoding="application\/x-tex">[^<]*<\/annotation>/g, '');
      } catch {
        html = `<code class="tex">${escapeHtml(tex)}</code>`;
      }
      if (this.cache.size >= MATH_CACHE_MAX) this.cache.clear();
      this.cache.set(key, html);
    }
    return html;
  }

  /** Inline HTML of card text: prose escaped, newlines as <br>. */
  inline(text: string): string {
    return splitMath(text)
      .map((s) => (s.kind === 'math' ? this.math(s.text, s.display) : escapeHtml(s.text).replace(/\n/g, '<br>')))
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

function head(title: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="deepcards">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
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
        `<p class="hint">Answer: ${escapeHtml(q.answerHint)}.</p>`,
        '<div class="space numeric"></div>',
      ].join('\n');
    case 'choice':
      return [t.block(q.prompt), '<ol class="options">', ...q.options.map((o) => `<li>${t.inline(o)}</li>`), '</ol>'].join('\n');
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
        ...q.steps.map((s) => `<li>${t.inline(s)}</li>`),
        '</ol>',
        ...(q.misconceptions.length
          ? ['<p>Common wrong answers:</p>', '<ul class="mistakes">',
            ...q.misconceptions.map((m) => `<li>${t.math(fmtValue(m.value, 6), false)} — ${t.inline(m.message)}</li>`), '</ul>']
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

export function renderHtmlExam(exam: Exam): string {
  const t = new Typesetter();
  return `${head(`Practice exam · seed ${exam.seed}`)}\n<main class="exam">\n${examPart(exam, t)}\n</main>${END}`;
}

export function renderHtmlKey(exam: Exam): string {
  const t = new Typesetter();
  return `${head(`Answer key · seed ${exam.seed}`)}\n<main class="key">\n${keyPart(exam, t)}\n</main>${END}`;
}

/** The exam with its key as a final section that starts on a new page. */
export function renderHtmlWithKey(exam: Exam): string {
  const t = new Typesetter();
  return `${head(`Practice exam · seed ${exam.seed}`)}\n<main class="exam">\n${examPart(exam, t)}\n<section class="key">\n${keyPart(exam, t)}\n</section>\n</main>${END}`;
}
