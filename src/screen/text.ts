// Card text (prose with `$…$` LaTeX) → runs for the wrapper: math rendered to Unicode, kept apart
// from prose so that a formula is never broken inside a token. Control characters from deck files
// are dropped: nothing from a file reaches the terminal as an escape sequence.
import { latexToUnicode } from '../render/latex-unicode.js';
import { splitMath } from '../render/math-spans.js';
import type { Run } from './wrap.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

export function clean(text: string): string {
  return text.replace(CONTROL, '');
}

/** Display math (`$$…$$`) gets a line of its own. */
export function cardRuns(text: string): Run[] {
  return splitMath(text).flatMap((span): Run[] => {
    if (span.kind === 'prose') return [{ text: clean(span.text), math: false }];
    const f = { text: clean(latexToUnicode(span.text)), math: true };
    return span.display ? [{ text: '\n', math: false }, f, { text: '\n', math: false }] : [f];
  });
}
