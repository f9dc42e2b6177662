// Card text (prose with `$…$` LaTeX) → runs for the wrapper: math rendered to Unicode, kept apart
// from prose so that a formula is never broken inside a token. Control characters from deck files
// are dropped: nothing from a file reaches the terminal as an escape sequence.
import { latexToUnicode } from '../render/latex-unicode.js';
import { richSpans } from '../render/rich-text.js';
import type { Run } from './wrap.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

export function clean(text: string): string {
  return text.replace(CONTROL, '');
}

/**
 * Display math (`$$…$$`) gets a line of its own. The spans are the ones every renderer reads
 * (render/rich-text.ts): prose math written by the question families (`V_{t−1}`) is lifted into math,
 * and a code span (`ceil_mode`) keeps its text without backticks, unbroken like a formula.
 */
export function cardRuns(text: string): Run[] {
  return richSpans(text).flatMap((span): Run[] => {
    if (span.kind === 'prose') return [{ text: clean(span.text), math: false }];
    if (span.kind === 'code') return [{ text: clean(span.text), math: true }];
    const f = { text: clean(latexToUnicode(span.text.replace(/\\mathrm\{([A-Za-z]+)\}/g, '$1'))), math: true };
    return span.display ? [{ text: '\n', math: false }, f, { text: '\n', math: false }] : [f];
  });
}
