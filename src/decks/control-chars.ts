// Pure: control characters in deck text, located. Deck text reaches the terminal (review, decks show);
// ESC, BEL, NUL, C1 controls and the like could retitle, clear or reprogram it, so `decks check` and
// every sync refuse them. Tab, line feed and carriage return are layout and stay allowed.
import type { Located } from '../errors.js';

// C0 except \t \n \r, DEL, C1 (U+0080–U+009F)
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

const NAMES: Record<number, string> = { 0: 'NUL', 7: 'BEL', 8: 'BS', 0x0b: 'VT', 0x0c: 'FF', 0x1b: 'ESC', 0x7f: 'DEL', 0x9b: 'CSI' };

export function controlName(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return NAMES[code] ? `${hex} (${NAMES[code]})` : hex;
}

/** Every control character of `text` (up to `max`), as file:line:col errors. */
export function controlCharErrors(text: string, file: string, max = 20): Located[] {
  const out: Located[] = [];
  let line = 1;
  let lineStart = 0;
  let from = 0;
  CONTROL.lastIndex = 0;
  for (let m = CONTROL.exec(text); m && out.length < max; m = CONTROL.exec(text)) {
    for (let i = text.indexOf('\n', from); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    from = m.index;
    const code = m[0].charCodeAt(0);
    out.push({ file, line, col: m.index - lineStart + 1, message: `control character ${controlName(code)} is not allowed in deck text (it would be sent to the terminal)` });
  }
  return out;
}
