// Pure: wrapping card text to a terminal width. Prose breaks at spaces; a formula is never split
// inside a token: it moves whole to the next line when it fits there, and only a formula wider than
// the line breaks, before a top-level operator (=, +, −, …, outside brackets). Widths are terminal
// columns (wide and combining characters counted right).
import stringWidth from 'fast-string-width';

/** A piece of text: prose, or one rendered formula. */
export interface Run {
  text: string;
  math: boolean;
}

/** Marks around an emphasised stretch (a cloze answer) that the view turns into a style after wrapping. */
export const EM_OPEN = '\uE000';
export const EM_CLOSE = '\uE001';
const MARKS = /[\uE000\uE001]/g;

export const width = (s: string): number => stringWidth(s.replace(MARKS, ''));

/** A unit the wrapper places whole: chunks that may go on separate lines only when it is too wide. */
interface Token {
  chunks: string[];
  spaceBefore: boolean;
  /** A forced line break (a newline in the text) instead of text. */
  newline?: boolean;
}

const OPERATORS = new Set(['=', '+', '−', '-', '·', '×', '≤', '≥', '≈', '→', '⇒', '∝', '<', '>', '≠', '≡', '⟹', '↦', ':=']);
const OPEN = '([{⟨⌊⌈‖|';
const CLOSE = ')]}⟩⌋⌉';

/** Split a formula before its top-level operators (those written with a space on both sides). */
export function formulaChunks(formula: string): string[] {
  const chunks: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < formula.length; i++) {
    const c = formula[i]!;
    if (OPEN.includes(c) && c !== '|' && c !== '‖') depth++;
    else if (CLOSE.includes(c)) depth = Math.max(0, depth - 1);
    else if (c === ' ' && depth === 0 && i > start) {
      const rest = formula.slice(i + 1);
      const op = [...OPERATORS].find((o) => rest.startsWith(`${o} `));
      if (op) {
        chunks.push(formula.slice(start, i));
        start = i + 1;
      }
    }
  }
  chunks.push(formula.slice(start));
  return chunks.filter((c) => c !== '');
}

function tokenize(runs: readonly Run[]): Token[] {
  const tokens: Token[] = [];
  let space = false; // whitespace seen since the last token
  const glue = (t: Token): void => {
    const prev = tokens.at(-1);
    // text touching the previous token (a bracket or comma next to a formula) travels with it
    if (!t.newline && prev && !prev.newline && !t.spaceBefore) {
      const last = prev.chunks.length - 1;
      prev.chunks[last] = prev.chunks[last]! + t.chunks[0]!;
      prev.chunks.push(...t.chunks.slice(1));
    } else tokens.push(t);
  };
  for (const r of runs) {
    if (r.math) {
      const f = r.text.trim();
      if (f === '') continue;
      glue({ chunks: formulaChunks(f), spaceBefore: space || /^\s/.test(r.text) });
      space = /\s$/.test(r.text);
      continue;
    }
    const parts = r.text.split(/(\n|[^\S\n]+)/);
    for (const p of parts) {
      if (p === '') continue;
      if (p === '\n') {
        tokens.push({ chunks: [], spaceBefore: false, newline: true });
        space = false;
      } else if (/^\s+$/.test(p)) space = true;
      else {
        glue({ chunks: [p], spaceBefore: space });
        space = false;
      }
    }
  }
  return tokens;
}

/** Cut a string wider than `w` into pieces of at most `w` columns (a last resort for one long word). */
function hardSplit(s: string, w: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (width(cur + ch) > w && cur !== '') {
      out.push(cur);
      cur = '';
    }
    cur += ch;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** Wrap runs of prose and math to lines of at most `cols` columns (`indent` before every line). */
export function wrapRuns(runs: readonly Run[], cols: number, indent = ''): string[] {
  const w = Math.max(10, cols - width(indent));
  const lines: string[] = [];
  let line = '';
  const flush = (): void => {
    lines.push(indent + line);
    line = '';
  };
  const place = (text: string, spaceBefore: boolean): void => {
    const sep = line !== '' && spaceBefore ? ' ' : '';
    if (width(line + sep + text) <= w) {
      line += sep + text;
      return;
    }
    if (line !== '') flush();
    if (width(text) <= w) line = text;
    else if (text.includes(' ')) {
      // a bracket group wider than the line: at its spaces, still never inside a token
      text.split(' ').filter((p) => p !== '').forEach((p) => place(p, true));
    } else {
      const pieces = hardSplit(text, w);
      for (const p of pieces.slice(0, -1)) lines.push(indent + p);
      line = pieces.at(-1)!;
    }
  };
  for (const t of tokenize(runs)) {
    if (t.newline) {
      flush();
      continue;
    }
    const whole = t.chunks.join(' ');
    const sep = line !== '' && t.spaceBefore ? ' ' : '';
    if (width(line + sep + whole) <= w) line += sep + whole;
    else if (width(whole) <= w) {
      if (line !== '') flush();
      line = whole;
    } else t.chunks.forEach((c, i) => place(c, i === 0 ? t.spaceBefore : true));
  }
  if (line !== '' || lines.length === 0) flush();
  return lines;
}

/** Plain text (no math) wrapped at spaces. */
export function wrapText(text: string, cols: number, indent = ''): string[] {
  return wrapRuns([{ text, math: false }], cols, indent);
}
