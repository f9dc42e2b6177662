// Pure cloze text transforms: which deletion is hidden, which are shown.
import { CLOZE_RE } from './parse.js';

/** The text with deletion `ord` hidden as […] (or [hint]) and every other deletion shown. */
export function clozeFront(text: string, ord: number): string {
  return text.replace(CLOZE_RE, (_m, n: string, answer: string, hint: string | undefined) =>
    Number(n) === ord ? `[${hint ? hint : '…'}]` : answer);
}

/** The text with every deletion shown; `mark` wraps the answer of deletion `ord`. */
export function clozeBack(text: string, ord: number, mark: (s: string) => string = (s) => s): string {
  return text.replace(CLOZE_RE, (_m, n: string, answer: string) => (Number(n) === ord ? mark(answer) : answer));
}

/** The answers of deletion `ord` (several deletions may share a number). */
export function clozeAnswers(text: string, ord: number): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(CLOZE_RE)) if (Number(m[1]) === ord) out.push(m[2]!);
  return out;
}
