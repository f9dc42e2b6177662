// The one place that makes text safe for the terminal. Anything from a file or a user (answers, deck
// text, messages quoting them) goes through here before it is written: control characters (C0 but
// tab and line feed, DEL, C1) are shown escaped as \x1b, \x07, \u009b … instead of being sent, so
// no input can retitle, clear or reprogram the terminal. Pure.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_LINE = /[\u0000-\u001f\u007f-\u009f]/g;

function escape(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Multi-line text (deck fronts, backs): tab and line feed kept, every other control escaped. */
export function visible(text: string): string {
  return text.replace(CONTROL, escape);
}

/** One line (an echoed answer, a quoted input): line breaks and tabs escaped too. */
export function visibleLine(text: string): string {
  return text.replace(CONTROL_LINE, escape);
}
