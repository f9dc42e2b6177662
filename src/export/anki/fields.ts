// Deck text -> Anki field HTML, pure.
// - Text is HTML-escaped (`&`, `<`, `>`), newlines become <br>, `code` spans become <code>.
// - LaTeX `$…$` / `$$…$$` becomes MathJax `\(…\)` / `\[…\]` (Anki does not render `$`); `<`, `>`, `&`
//   inside math are escaped too (MathJax reads the decoded DOM text). A `$` that opens no math (or `\$`)
//   is written `&#36;`, so no literal `$` is ever left in a field.
// - Cloze text keeps its deletions `{{cN::answer::hint}}`; inside answer and hint, a `}}` that would
//   close the deletion early is separated (`} }`), which LaTeX ignores.
// - Fields are NFC-normalised and stripped of control characters, as Anki does on import, so that the
//   sfld/csum we write are the ones Anki would compute.
import { CLOZE_RE } from '../../decks/cloze.js';
import { splitMath } from '../../render/math-spans.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function escapeHtml(s: string): string {
  return /[&<>]/.test(s) ? s.replace(/[&<>]/g, (c) => ESCAPES[c]!) : s;
}

/** URL schemes that run code or smuggle content when a MathJax `\\href`/`\\url` link is clicked. */
const UNSAFE_SCHEME = /^(?:javascript|vbscript|data|file):/i;

/**
 * `\href{javascript:…}{text}` (MathJax renders it as a link) -> `\href{#}{text}`. The scheme is read
 * as a browser does, ignoring whitespace and control characters inside it.
 */
export function neutralizeLinks(tex: string): string {
  if (!/\\(?:href|url)/.test(tex)) return tex;
  // eslint-disable-next-line no-control-regex
  return tex.replace(/(\\(?:href|url)\s*\{)([^{}]*)(\})/g, (m, open: string, url: string, close: string) =>
    UNSAFE_SCHEME.test(url.replace(/[\s\u0000-\u001f]/g, '').replace(/&#?\w+;/g, '')) ? `${open}#${close}` : m);
}

function mathHtml(tex: string): string {
  return escapeHtml(neutralizeLinks(tex)).replace(/\\\$/g, '\\&#36;').replace(/\$/g, '&#36;').replace(/\r?\n/g, ' ');
}

/**
 * TeX written outside `$…$` (a generator's `4.038 \\times 10^{-5}` in prose): a command with its
 * arguments, with a number before it and a power after it, becomes inline MathJax, so no raw TeX is
 * ever shown in Anki.
 */
const PROSE_TEX_RE = /(?:-?\d+(?:\.\d+)?\s*)?\\[A-Za-z]+(?:\s*\{[^{}]*\})*(?:\s*-?\d+(?:\.\d+)?)?(?:\s*[\^_]\s*(?:\{[^{}]*\}|[\w.-]))?/g;

function proseHtml(text: string): string {
  if (!text.includes('\\')) return escapeHtml(text).replace(/\$/g, '&#36;');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(PROSE_TEX_RE)) {
    out += escapeHtml(text.slice(last, m.index)).replace(/\$/g, '&#36;') + `\\(${mathHtml(m[0].trim())}\\)`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last)).replace(/\$/g, '&#36;');
}

function textHtml(text: string): string {
  const parts = text.split(/(`[^`\n]+`)/);
  return parts
    .map((p, i) => (i % 2 === 1 ? `<code>${escapeHtml(p.slice(1, -1)).replace(/\$/g, '&#36;')}</code>` : proseHtml(p)))
    .join('')
    .replace(/\r?\n/g, '<br>');
}

/** Deck text (may contain `$…$` LaTeX) as Anki field HTML with MathJax delimiters. */
export function texToHtml(text: string): string {
  if (!/[$&<>`\n\r\\]/.test(text)) return text;
  return splitMath(text)
    .map((span) => (span.kind === 'prose' ? textHtml(span.text) : span.display ? `\\[${mathHtml(span.text)}\\]` : `\\(${mathHtml(span.text)}\\)`))
    .join('');
}

/**
 * Inside a cloze deletion, Anki closes at the first `}}`: separate consecutive braces, and keep a
 * trailing `}` off the closing `}}`. LaTeX treats the inserted spaces as nothing.
 */
export function separateClozeBraces(s: string): string {
  const out = s.replace(/\}(?=\})/g, '} ');
  return out.endsWith('}') ? `${out} ` : out;
}

export interface Deletion {
  /** Offsets of `{{` and just after the closing `}}`. */
  start: number;
  end: number;
  n: number;
  answer: string;
  hint?: string;
}

const OPEN_RE = /\{\{c(\d+)::/g;

/**
 * The deletions of a cloze text. Brace-aware: `{{c1::$x^{a^{2}}$}}` is one deletion whose answer is
 * `$x^{a^{2}}$` (single braces are counted, `\{` `\}` skipped; at depth 0 the first `::` starts the
 * hint and `}}` closes). When braces do not balance, falls back to the deck parser's CLOZE_RE, so
 * for every ordinary text this is exactly what deepcards reviews.
 */
export function scanClozes(text: string): Deletion[] {
  const out: Deletion[] = [];
  OPEN_RE.lastIndex = 0;
  for (let m = OPEN_RE.exec(text); m; m = OPEN_RE.exec(text)) {
    const start = m.index;
    const from = OPEN_RE.lastIndex;
    let depth = 0;
    let hintAt = -1;
    let close = -1;
    for (let k = from; k < text.length; k++) {
      const ch = text[k];
      if (ch === '\\') k++;
      else if (ch === '{') depth++;
      else if (ch === '}') {
        if (depth > 0) depth--;
        else if (text[k + 1] === '}') {
          close = k;
          break;
        }
      } else if (ch === ':' && text[k + 1] === ':' && depth === 0 && hintAt < 0) {
        hintAt = k;
        k++;
      }
    }
    if (close >= 0) {
      const answer = text.slice(from, hintAt >= 0 ? hintAt : close);
      const hint = hintAt >= 0 ? text.slice(hintAt + 2, close) : undefined;
      out.push({ start, end: close + 2, n: Number(m[1]), answer, ...(hint !== undefined ? { hint } : {}) });
      OPEN_RE.lastIndex = close + 2;
      continue;
    }
    const re = new RegExp(CLOZE_RE.source, 'sy');
    re.lastIndex = start;
    const f = re.exec(text);
    if (f) {
      out.push({ start, end: start + f[0].length, n: Number(f[1]), answer: f[2]!, ...(f[3] !== undefined ? { hint: f[3] } : {}) });
      OPEN_RE.lastIndex = start + f[0].length;
    }
  }
  return out;
}

/** Distinct cloze numbers, ascending: the cards Anki generates for this text (ord = n − 1). */
export function clozeOrdinals(text: string): number[] {
  return [...new Set(scanClozes(text).map((d) => d.n))].sort((a, b) => a - b);
}

/** Cloze text -> the Text field: deletions kept (`{{cN::…}}`), their content converted and made safe. */
export function clozeToHtml(text: string): string {
  let out = '';
  let last = 0;
  for (const d of scanClozes(text)) {
    out += texToHtml(text.slice(last, d.start));
    const answer = separateClozeBraces(texToHtml(d.answer));
    const hint = d.hint !== undefined ? `::${separateClozeBraces(texToHtml(d.hint))}` : '';
    out += `{{c${d.n}::${answer}${hint}}}`;
    last = d.end;
  }
  return out + texToHtml(text.slice(last));
}

/**
 * For the other fields of a cloze note: Anki looks for deletions in every field, so a literal `{{c1::`
 * there would create a card. `{&#123;` renders as `{{` but is no deletion.
 */
export function neutralizeCloze(html: string): string {
  return html.replace(/\{\{/g, '{&#123;');
}

/** Sheet line numbers as short ranges: [331, 332, 333, 335] -> "331–333, 335". */
export function sheetLines(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(j === i ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}

/** What Anki does to every field on import: control characters other than \n and \t removed, NFC. */
export function cleanField(html: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = html.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u007f]*$/.test(clean) ? clean : clean.normalize('NFC');
}
