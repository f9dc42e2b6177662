// Card text for the exam renderers: split prose from `$…$` / `$$…$$` math (the same rules as the
// terminal renderer: `\$` is a literal dollar, an unclosed `$` stays literal), and escape prose.

import { splitMath, type Span } from '../render/math-spans.js';

export { splitMath, type Span };

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Prose for Markdown: neutralizes what a Markdown renderer would take as raw HTML (a `<` that starts
 * a tag, comment or declaration; an `&` that starts an entity) while leaving `a < b` readable.
 * Math spans stay between their `$` delimiters for Markdown math renderers, with `<` and `>` written
 * `\lt` and `\gt`, so a renderer without math support cannot see a tag in them either.
 */
export function markdownText(text: string): string {
  return splitMath(text)
    .map((s) => {
      if (s.kind === 'math') {
        const tex = s.text.replace(/</g, '\\lt ').replace(/>/g, '\\gt ');
        return s.display ? `$$${tex}$$` : `$${tex}$`;
      }
      return s.text
        .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;')
        .replace(/<(?=[a-zA-Z/!?])/g, '&lt;')
        .replace(/\$/g, '\\$');
    })
    .join('');
}

/** One line (a list item, a heading): newlines folded. */
export function markdownLine(text: string): string {
  return markdownText(text).replace(/\s*\n\s*/g, ' ');
}

/** A table cell: one line, and every `|` escaped (GFM unescapes `\|` even inside math and code). */
export function markdownCell(text: string): string {
  return markdownLine(text).replace(/\|/g, '\\|');
}
