// Card text for the exam renderers: the spans of render/rich-text.ts (prose, math, code), escaped for
// HTML or Markdown.

import { splitMath, type Span } from '../render/math-spans.js';
import { richSpans } from '../render/rich-text.js';

export { splitMath, type Span };

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Card text for Markdown, through the same spans as the terminal and HTML (render/rich-text.ts).
 * Prose: neutralizes what a Markdown renderer would take as raw HTML (a `<` that starts a tag,
 * comment or declaration; an `&` that starts an entity) while leaving `a < b` readable, and breaks
 * every link and reference definition (`[x](javascript:…)`, `[x]: data:…`, `[x][y]`) by escaping the
 * `]` that would make one: card text has no links, so none can smuggle in a `javascript:` or `data:`
 * URL. Math — written `$…$` or lifted prose math such as `V_{t−1}` — goes between `$` delimiters for
 * Markdown math renderers, with `<` and `>` written `\lt` and `\gt`, so a renderer without math
 * support cannot see a tag in them either, and `\\href`/`\\url` are shown as names, never links. Code spans stay code spans (their content is literal).
 */
export function markdownText(text: string): string {
  return richSpans(text)
    .map((s) => {
      if (s.kind === 'math') {
        // a Markdown math renderer may trust \href/\url (MathJax does): shown as their name instead
        const tex = s.text
          .replace(/</g, '\\lt ')
          .replace(/>/g, '\\gt ')
          .replace(/\\(href|url|includegraphics|html[A-Za-z]*)(?![A-Za-z])/g, '\\backslash\\text{$1}');
        return s.display ? `$$${tex}$$` : `$${tex}$`;
      }
      if (s.kind === 'code') return codeSpan(s.text);
      return s.text
        .replace(/\\(?=[\[\]])/g, '\\\\')
        .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;')
        .replace(/<(?=[a-zA-Z/!?])/g, '&lt;')
        .replace(/\](?=\s*[([:])/g, '\\]')
        .replace(/\$/g, '\\$');
    })
    .join('');
}

/** A Markdown code span that holds `text` literally (backticks inside get a longer fence). */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** One line (a list item, a heading): newlines folded. */
export function markdownLine(text: string): string {
  return markdownText(text).replace(/\s*\n\s*/g, ' ');
}

/** A table cell: one line, and every `|` escaped (GFM unescapes `\|` even inside math and code). */
export function markdownCell(text: string): string {
  return markdownLine(text).replace(/\|/g, '\\|');
}
