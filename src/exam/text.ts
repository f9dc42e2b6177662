// Card text for the exam renderers: split prose from `$…$` / `$$…$$` math (the same rules as the
// terminal renderer: `\$` is a literal dollar, an unclosed `$` stays literal), and escape prose.

export type Span = { kind: 'prose'; text: string } | { kind: 'math'; text: string; display: boolean };

function dollarRun(text: string, i: number): number {
  let n = 0;
  while (text[i + n] === '$') n++;
  return n;
}

function findMath(text: string, start: number): { body: string; end: number; display: boolean } | undefined {
  const open = dollarRun(text, start);
  const display = open >= 2;
  for (let j = start + open; j < text.length; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] !== '$') continue;
    const close = dollarRun(text, j);
    if (display && close < 2) continue;
    return { body: text.slice(start + open, j), end: j + (display ? Math.min(close, open) : 1), display };
  }
  return undefined;
}

export function splitMath(text: string): Span[] {
  const spans: Span[] = [];
  let prose = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      prose += text[i + 1] === '$' ? '$' : text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c !== '$') {
      prose += c;
      i++;
      continue;
    }
    const math = findMath(text, i);
    if (math === undefined) {
      const run = dollarRun(text, i);
      prose += '$'.repeat(run);
      i += run;
      continue;
    }
    if (prose) spans.push({ kind: 'prose', text: prose });
    prose = '';
    spans.push({ kind: 'math', text: math.body, display: math.display });
    i = math.end;
  }
  if (prose) spans.push({ kind: 'prose', text: prose });
  return spans;
}

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
