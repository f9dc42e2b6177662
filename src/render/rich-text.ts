// Card and question text as one stream of spans that every renderer (terminal, HTML, Markdown)
// consumes, so a formula looks the same wherever it is shown.
//
// Three kinds: `$…$`/`$$…$$` math (math-spans.ts), Markdown code in single backticks, and prose. Text
// written by the question families (prompts, worked steps, misconception messages) also carries
// "prose math" outside any `$`: `V_{t−1}`, `η_t = η_0 e^{−kt}`, `D_KL(p‖q)`, `β1^t`, `(1 − k)^t`. Those
// are lifted into math spans here, so no renderer shows a raw `_{` or `^{`. A snake_case identifier
// (`ceil_mode`, `output_padding`: two or more Latin letters before `_`) stays prose. Pure.
import { latexToUnicode } from './latex-unicode.js';
import { splitMath } from './math-spans.js';

export type RichSpan =
  | { kind: 'prose'; text: string }
  | { kind: 'math'; text: string; display: boolean }
  | { kind: 'code'; text: string };

/** Letters that may form a script's base: Latin, Greek, and the big operators written as letters. */
const BASE_CHAR = /[A-Za-z0-9'\u0370-\u03ff\u2207\u2211\u220f]/u;
/** Big operators (as words) whose `_x` is a limit, not an identifier: `max_a' Q`. */
const OPERATOR_WORDS = new Set(['max', 'min', 'argmax', 'argmin', 'sup', 'inf', 'lim', 'log', 'exp']);
/** A run before `_`/`^` preceded by one of these is part of an identifier, address or file name. */
const NO_MATH_BEFORE = /[_\\.:@#`$]/;
/** A whitespace-delimited token that is a URL or a path: nothing in it is math. */
const ADDRESS = /:\/\/|^[~.]?\/|\w\.\w+\//;

/** The whitespace-delimited token around index `i`. */
function tokenAt(text: string, i: number): string {
  let a = i;
  let b = i;
  while (a > 0 && !/\s/.test(text[a - 1]!)) a--;
  while (b < text.length && !/\s/.test(text[b]!)) b++;
  return text.slice(a, b);
}

/** The text of a `{…}` group starting at `i` (which holds `{`), with its end; undefined when unbalanced. */
function braced(text: string, i: number): { arg: string; end: number } | undefined {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) return { arg: text.slice(i + 1, j), end: j + 1 };
    else if (text[j] === '\n') return undefined;
  }
  return undefined;
}

/** A script argument after `_`/`^` at `i`: `{…}`, a run of letters/digits (with primes), a Greek letter or `*`. */
function scriptArg(text: string, i: number): { tex: string; end: number } | undefined {
  if (text[i] === '{') {
    const b = braced(text, i);
    return b && b.arg.trim() ? { tex: `{${b.arg}}`, end: b.end } : undefined;
  }
  const m = /^(?:[A-Za-z]+|[0-9]+|[\u0370-\u03ff]|\*)'*/u.exec(text.slice(i));
  if (!m) return undefined;
  const run = m[0];
  const core = run.replace(/'+$/, '');
  // a word of several letters is upright (`D_KL`, `H_in`, `p_data`); digits and one letter as they are
  const tex = /^[A-Za-z]{2,}$/.test(core) ? `{\\mathrm{${core}}${run.slice(core.length)}}` : run.length > 1 ? `{${run}}` : run;
  return { tex, end: i + run.length };
}

/** Start of the parenthesized group that ends just before `end` (text[end-1] === ')'), or -1. */
function groupStart(text: string, end: number): number {
  let depth = 0;
  for (let j = end - 1; j >= 0; j--) {
    if (text[j] === ')') depth++;
    else if (text[j] === '(' && --depth === 0) return j;
    else if (text[j] === '\n' || text[j] === '$') return -1;
  }
  return -1;
}

/** Prose with its prose-math lifted out: the spans in order. */
function liftProseMath(text: string): RichSpan[] {
  const out: RichSpan[] = [];
  let prose = '';
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if ((c !== '_' && c !== '^') || i === 0) {
      i++;
      continue;
    }
    // the base: a parenthesized group, or a run of base characters
    let start = i;
    let base: string;
    if (text[i - 1] === ')') {
      start = groupStart(text, i);
      if (start < last || start < 0) {
        i++;
        continue;
      }
      base = text.slice(start, i);
    } else {
      while (start > last && BASE_CHAR.test(text[start - 1]!)) start--;
      base = text.slice(start, i);
      // leading digits belong to the prose (`2x_i` keeps `2`); the base must hold a letter
      const lead = /^[0-9']*/.exec(base)![0].length;
      start += lead;
      base = base.slice(lead);
      if (!base || (start > 0 && NO_MATH_BEFORE.test(text[start - 1]!)) || ADDRESS.test(tokenAt(text, i))) {
        i++;
        continue;
      }
      const word = /^[A-Za-z]{2,}/.exec(base)?.[0];
      if (word && word.length === base.length) {
        if (OPERATOR_WORDS.has(word)) base = `\\${word === 'argmax' || word === 'argmin' ? `operatorname*{${word.slice(0, 3)}\\,${word.slice(3)}}` : word}`;
        else if (c === '^') base = `\\mathrm{${word}}`;
        else {
          i++; // snake_case identifier
          continue;
        }
      } else if (/[A-Za-z]{2,}/.test(base)) {
        i++; // a word with a digit or Greek inside (`conv2_d`): an identifier
        continue;
      }
    }
    // one or more scripts: x_i^2, V_{k+1}
    let tex = base;
    let j = i;
    let scripts = 0;
    while (text[j] === '_' || text[j] === '^') {
      const arg = scriptArg(text, j + 1);
      if (!arg) break;
      tex += text[j] + arg.tex;
      j = arg.end;
      scripts++;
    }
    if (scripts === 0) {
      i++;
      continue;
    }
    prose += text.slice(last, start);
    if (prose) out.push({ kind: 'prose', text: prose });
    prose = '';
    out.push({ kind: 'math', text: tex, display: false });
    last = j;
    i = j;
  }
  prose += text.slice(last);
  if (prose) out.push({ kind: 'prose', text: prose });
  return out;
}

/** Prose split at Markdown code spans (single backticks, on one line). */
function splitCode(text: string): RichSpan[] {
  const out: RichSpan[] = [];
  let last = 0;
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    if (m.index! > last) out.push(...liftProseMath(text.slice(last, m.index)));
    out.push({ kind: 'code', text: m[1]! });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push(...liftProseMath(text.slice(last)));
  return out;
}

/**
 * Card text as spans. Backticks are looked for in the raw text first (a code span may hold a `$`),
 * then the rest is split into `$…$` math and prose, and prose math is lifted out of the prose.
 */
export function richSpans(text: string): RichSpan[] {
  const out: RichSpan[] = [];
  // code spans first, on the raw text, but only where they do not straddle a `$…$` formula
  const pieces: RichSpan[] = [];
  let last = 0;
  for (const m of text.matchAll(/`([^`\n$]+)`/g)) {
    pieces.push({ kind: 'prose', text: text.slice(last, m.index) });
    pieces.push({ kind: 'code', text: m[1]! });
    last = m.index! + m[0].length;
  }
  pieces.push({ kind: 'prose', text: text.slice(last) });
  for (const p of pieces) {
    if (p.kind === 'code') {
      out.push(p);
      continue;
    }
    for (const s of splitMath(p.text)) {
      if (s.kind === 'math') out.push(s);
      else out.push(...splitCode(s.text));
    }
  }
  // neighbouring prose pieces merged (a renderer escapes prose as a whole)
  const merged: RichSpan[] = [];
  for (const s of out) {
    const prev = merged[merged.length - 1];
    if (s.kind === 'prose' && prev?.kind === 'prose') merged[merged.length - 1] = { kind: 'prose', text: prev.text + s.text };
    else if (s.kind !== 'prose' || s.text) merged.push(s);
  }
  return merged;
}

/**
 * Card text for the terminal: math (written and lifted) through the LaTeX → Unicode converter, code
 * spans without their backticks (`code` styles them, e.g. bold), prose as it is.
 */
export function richToTerminal(text: string, code: (s: string) => string = (s) => s): string {
  return richSpans(text)
    // upright text (`C_{\\mathrm{in}}`) has no other form in a terminal: unwrapped, it can take subscripts
    .map((s) => (s.kind === 'math' ? latexToUnicode(s.text.replace(/\\mathrm\{([A-Za-z]+)\}/g, '$1')) : s.kind === 'code' ? code(s.text) : s.text))
    .join('');
}
