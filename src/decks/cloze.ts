// Pure cloze text transforms: which deletion is hidden, which are shown. Free of the YAML parser, so
// the session and the store can use it without loading it.

/** `{{c1::answer}}` or `{{c1::answer::hint}}`; the answer may contain single braces. */
export const CLOZE_RE = /\{\{c(\d+)::((?:(?!\}\}).)*?)(?:::((?:(?!\}\}).)*?))?\}\}/gs;

/** Distinct cloze numbers of a text, ascending. */
export function clozeNumbers(text: string): number[] {
  const set = new Set<number>();
  for (const m of text.matchAll(CLOZE_RE)) set.add(Number(m[1]));
  return [...set].sort((a, b) => a - b);
}

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
