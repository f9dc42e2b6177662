// Checks a typed answer against the exact one: reads numbers, expressions and lists, compares with
// the family's tolerance, and names the likely mistake when the value matches a misconception.
// Pure (no I/O); loads the expression parser, so consumers import this module lazily.
//
// Input rules:
// - a number (`0.35`, `-1.5e-3`) or an arithmetic expression (`log(2)/2`, `1-0.9^3`), see expression.ts;
// - a decimal comma is accepted only for a single value written as digits, one comma, digits, with
//   no spaces (`0,35`, `-1,5`), and only when one number is expected;
// - a list: values separated by commas or semicolons, optionally inside [...] or (...); commas inside
//   function calls (`log(8, 2)`) do not separate. In lists a comma always separates, so decimal
//   commas are not accepted there (the error says so);
// - U+2212 (−, as printed in feedback) reads as a minus; `#` (a mathjs comment) is refused;
// - a list of the wrong length, or numbers separated only by spaces (`-1.99 -1.09`, `1 2`), is
//   unreadable — asked again with the reason, never graded: it is a format slip, not a wrong answer.
import type { Misconception, Tolerance, Value } from '../questions/types.js';
import { INTEGER_SLACK, scalarMatches, valueMatches } from './compare.js';
import { evaluateExpression } from './expression.js';
import { formatNumber } from './format.js';
import { visibleLine } from '../ui/sanitize.js';

export { formatNumber, formatValue } from './format.js';

export type Verdict =
  | { kind: 'unreadable'; message: string }
  | {
      kind: 'correct' | 'wrong';
      read: Value;
      readText: string;
      expectedText: string;
      message: string;
      misconception?: Misconception;
    };

/** Upper bound on a whole answer (each value is further bounded by the expression reader). */
const MAX_ANSWER_LENGTH = 2000;
const MAX_LIST_ITEMS = 100;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
const DECIMAL_COMMA_NOTE = 'decimal commas are not accepted in lists: write 0.35, not 0,35';

type Reading =
  | { ok: true; values: number[]; shown: string[]; decimalComma: boolean }
  | { ok: false; message: string };

/** Splits on top-level commas and semicolons (not inside brackets). */
function splitTopLevel(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if ((ch === ',' || ch === ';') && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items;
}

/** `[…]` or `(…)` around the whole text, with the closing bracket matching the opening one. */
function stripOuterBrackets(text: string): string {
  const open = text[0];
  const close = open === '[' ? ']' : open === '(' ? ')' : null;
  if (!close || text[text.length - 1] !== close) return text;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (depth === 0 && i < text.length - 1) return text; // the first bracket closes early: (1)+(2)
  }
  return text.slice(1, -1).trim();
}

/** A plain number literal is echoed as its value; an expression as `expr = value`. */
function shownItem(source: string, value: number): string {
  const plain = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(source);
  return plain ? formatNumber(value, 6) : `${source} = ${formatNumber(value, 6)}`;
}

/** A number (or bracket) followed, after spaces only, by another number or a sign glued to one. */
const SPACE_SEPARATED = /[\d.)]\s+(?:[+-](?=[\d.(a-z])|[\d.(])/i;
const SPACE_NOTE = 'numbers separated only by spaces: separate values with commas (for a subtraction write 1 - 2 or 1-2)';

function readAnswer(input: string, expectList: boolean): Reading {
  const text = input.replace(/\u2212/g, '-').trim();
  if (text === '') return { ok: false, message: 'empty answer' };
  if (text.includes('#')) return { ok: false, message: 'refused: # starts a comment; type only the answer' };
  if (text.length > MAX_ANSWER_LENGTH) return { ok: false, message: `refused: answer longer than ${MAX_ANSWER_LENGTH} characters` };
  if (!expectList && DECIMAL_COMMA.test(text)) {
    const value = Number(text.replace(',', '.'));
    return { ok: true, values: [value], shown: [formatNumber(value, 6)], decimalComma: true };
  }
  const note = expectList && /\d,\d/.test(text) ? ` (${DECIMAL_COMMA_NOTE})` : '';
  const items = splitTopLevel(stripOuterBrackets(text)).map((s) => s.trim());
  if (items.length > MAX_LIST_ITEMS) return { ok: false, message: `refused: more than ${MAX_LIST_ITEMS} values` };
  const values: number[] = [];
  const shown: string[] = [];
  for (const [i, item] of items.entries()) {
    const where = items.length > 1 ? `value ${i + 1} of ${items.length}: ` : '';
    if (item === '') return { ok: false, message: `${where}empty value (two separators in a row?)${note}` };
    if (SPACE_SEPARATED.test(item)) return { ok: false, message: `${where}${SPACE_NOTE}` };
    const r = evaluateExpression(item);
    if (!r.ok) return { ok: false, message: `${where}${r.message}${note}` };
    values.push(r.value);
    shown.push(shownItem(item, r.value));
  }
  return { ok: true, values, shown, decimalComma: false };
}

/**
 * `x` with the fewest significant digits (at least 4) whose rounding error is a tenth of the
 * tolerance at x, so the value shown as "expected" is accepted when typed back.
 */
function formatAt(x: number, t: Tolerance): string {
  if (t.kind === 'exact' || !Number.isFinite(x)) return formatNumber(x, 6);
  const allowed = 0.1 * Math.max(t.rel * Math.abs(x), t.abs);
  for (let sig = 4; sig < 17; sig++) {
    if (Math.abs(Number(x.toPrecision(sig)) - x) <= allowed) return formatNumber(x, sig);
  }
  return formatNumber(x, 17);
}

function formatExpected(v: Value, t: Tolerance): string {
  return Array.isArray(v) ? `[${v.map((x) => formatAt(x, t)).join(', ')}]` : formatAt(v, t);
}

function describeTol(t: Tolerance): string {
  if (t.kind === 'exact') return 'exactly';
  if (t.rel === 0) return `within ±${formatNumber(t.abs)}`;
  const pct = t.rel * 100;
  return `within ${pct >= 1 ? pct.toFixed(0) : pct.toPrecision(1)}%`;
}

/** Every mistake the value matches, named in one feedback (the first one's id is logged). */
function namedMistake(matches: Misconception[]): Misconception | undefined {
  if (matches.length <= 1) return matches[0];
  const first = matches[0]!;
  const also = [...(first.also ?? []), ...matches.slice(1).flatMap((m) => [m.id, ...(m.also ?? [])])];
  return { ...first, message: matches.map((m) => m.message).join(' Or: '), also };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Reads `input` and compares it with `expected` under `tolerance`. Never throws: an answer that
 * cannot be read (syntax, refused construct, non-finite) gives `unreadable` with the reason.
 */
export function checkAnswer(
  input: string,
  expected: Value,
  tolerance: Tolerance,
  misconceptions: Misconception[],
): Verdict {
  const expectList = Array.isArray(expected);
  let reading: Reading;
  try {
    reading = readAnswer(input, expectList);
  } catch {
    // evaluateExpression already contains its own failures; this is a last line of defence
    reading = { ok: false, message: 'could not read the answer' };
  }
  // the message quotes the answer: escaped, so an unreadable answer cannot drive the terminal
  if (!reading.ok) return { kind: 'unreadable', message: visibleLine(reading.message) };

  const n = reading.values.length;
  const read: Value = expectList || n > 1 ? reading.values : reading.values[0]!;
  const readText =
    `read as ${n === 1 && !expectList ? reading.shown[0]! : `[${reading.shown.join(', ')}]`}` +
    (reading.decimalComma ? ' (decimal comma)' : '');
  const expectedText = `expected ${formatExpected(expected, tolerance)}`;
  const wrong = (message: string): Verdict => {
    const misconception = namedMistake(misconceptions.filter((m) => valueMatches(read, m.value, tolerance)));
    return { kind: 'wrong', read, readText, expectedText, message, ...(misconception ? { misconception } : {}) };
  };

  if (Array.isArray(expected)) {
    if (n !== expected.length) {
      const note = /\d,\d/.test(input) ? ` (${DECIMAL_COMMA_NOTE})` : '';
      return { kind: 'unreadable', message: `expected a list of ${plural(expected.length, 'number')}, got ${plural(n, 'number')}${note}` };
    }
    const off = reading.values.flatMap((x, i) => (scalarMatches(x, expected[i]!, tolerance) ? [] : [i + 1]));
    if (off.length === 0) {
      return { kind: 'correct', read, readText, expectedText, message: `correct: all ${n} values ${describeTol(tolerance)}` };
    }
    return wrong(`wrong: ${off.length === 1 ? 'value' : 'values'} ${off.join(', ')} of ${n} ${off.length === 1 ? 'is' : 'are'} off`);
  }

  if (n !== 1) return { kind: 'unreadable', message: `expected one number, got a list of ${n}` };
  const x = reading.values[0]!;
  if (scalarMatches(x, expected, tolerance)) {
    return { kind: 'correct', read, readText, expectedText, message: `correct (${describeTol(tolerance)})` };
  }
  if (tolerance.kind === 'exact' && Math.abs(x - Math.round(x)) > INTEGER_SLACK * Math.max(1, Math.abs(x))) {
    return wrong(`wrong: ${formatNumber(x, 6)} is not an integer`);
  }
  if (tolerance.kind === 'exact') return wrong(`wrong: ${formatNumber(Math.round(x))} instead of ${formatNumber(expected)}`);
  const rel = expected === 0 ? null : Math.abs(x - expected) / Math.abs(expected);
  // an absolute tolerance is about the step, not the value: a percentage of the value misleads
  const by = rel === null || rel > 10 || tolerance.rel === 0 ? '' : ` (off by ${formatNumber(rel * 100, 2)}%)`;
  return wrong(`wrong: not ${describeTol(tolerance)} of the answer${by}`);
}
