// Pure: the review screen as lines for a terminal `width` columns wide (and `height` rows, when
// known): a header (progress, topic, kind, what is left: due, new, again today), the card, and at the
// bottom a hint, the answer being typed and the key bar. The TTY shell draws these lines; tests
// snapshot them at 60, 80 and 120 columns.
import type { ChalkInstance } from 'chalk';
import { EM_CLOSE, EM_OPEN, width, wrapRuns, wrapText, type Run } from './wrap.js';

export type Tone = 'plain' | 'question' | 'dim' | 'good' | 'bad' | 'warn' | 'strong';

export interface Block {
  runs: Run[];
  tone?: Tone;
  /** Printed before the first line (e.g. `2. ` for an option); later lines align under the text. */
  lead?: string;
  /** Followed by the next block without a blank line (options of a choice, steps of a solution). */
  tight?: boolean;
}

export interface Header {
  position: string;
  topic: string;
  kind: string;
  counts: { due: number; new: number; again: number };
}

export interface Screen {
  header: Header | null;
  blocks: Block[];
  /** Key bar items, e.g. `Space show answer`, `3 · 1d · EF −0.14`; an item '|' starts a new line. */
  keys: string[];
  /** A prompt with the text typed so far (numeric answers), shown above the key bar. */
  prompt?: { label: string; input: string };
  /** One line of feedback (an unknown key, a misread answer). */
  hint?: string;
  help?: boolean;
}

/** The text column is at most this wide, so lines stay readable on a wide terminal. */
export const MAX_TEXT = 100;

/** The keys and what they do, for `?` (a pipe prints the same lines). */
export const HELP_KEYS: readonly (readonly [string, string])[] = [
  ['Space / Enter', 'show the answer; after it, give the default grade'],
  ['0–5', 'grade (SM-2): 0 blackout · 1 wrong, the answer familiar · 2 wrong, the answer easy to recall · 3 right with difficulty · 4 right after hesitation · 5 perfect. 3 and up pass; below 4 comes back again today'],
  ['1–9', 'pick an option of a choice card'],
  ['u', 'undo the last answer, suspend or bury'],
  ['s / b', 'suspend the card / bury it until tomorrow'],
  ['q / Ctrl-C', 'quit (every answer is already saved)'],
  ['?', 'this help (any key closes it)'],
];
const KEY_COL = 16;
export const HELP: readonly string[] = HELP_KEYS.map(([k, d]) => `${k.padEnd(KEY_COL)}${d}`);

export const plain = (t: string): string => t;

function tone(style: ChalkInstance, t: Tone | undefined): (s: string) => string {
  switch (t) {
    case 'question': return style.bold;
    case 'dim': return style.dim;
    case 'good': return style.green;
    case 'bad': return style.red;
    case 'warn': return style.yellow;
    case 'strong': return style.bold;
    default: return plain;
  }
}

/** Turn emphasis marks into the style, per line (a mark may open on one line and close on the next). */
function emphasise(lines: string[], style: ChalkInstance, base: (s: string) => string): string[] {
  let open = false;
  return lines.map((l) => {
    let out = '';
    let buf = '';
    const emit = (): void => {
      if (buf !== '') out += open ? style.bold.green(buf) : base(buf);
      buf = '';
    };
    for (const ch of l) {
      if (ch === EM_OPEN || ch === EM_CLOSE) {
        emit();
        open = ch === EM_OPEN;
      } else buf += ch;
    }
    emit();
    return out;
  });
}

/** Items joined with a separator, wrapped at item boundaries. */
function joinItems(items: readonly string[], sep: string, cols: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const it of items) {
    if (line !== '' && width(line + sep + it) > cols) {
      lines.push(line);
      line = it;
    } else line = line === '' ? it : line + sep + it;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function headerLines(h: Header, cols: number, style: ChalkInstance): string[] {
  const left = `${h.position} · ${h.topic} · ${h.kind}`;
  const right = `due ${h.counts.due} · new ${h.counts.new} · again today ${h.counts.again}`;
  if (width(left) + 2 + width(right) <= cols) {
    return [`${style.bold(left)}${' '.repeat(cols - width(left) - width(right))}${style.dim(right)}`];
  }
  return [style.bold(left), style.dim(right)];
}

export function view(screen: Screen, termWidth: number, height: number | null, style: ChalkInstance): string[] {
  const cols = Math.max(20, Math.min(termWidth, MAX_TEXT));
  const top: string[] = [];
  if (screen.header) {
    top.push(...headerLines(screen.header, cols, style));
    top.push(style.dim('─'.repeat(cols)));
  }
  const body: string[] = [];
  if (screen.help) {
    body.push(style.bold('Keys'));
    for (const [k, d] of HELP_KEYS) body.push(...wrapText(d, cols - KEY_COL).map((l, i) => `${(i === 0 ? k : '').padEnd(KEY_COL)}${l}`));
  } else {
    for (const b of screen.blocks) {
      const lead = b.lead ?? '';
      const wrapped = wrapRuns(b.runs, cols - width(lead));
      const styled = emphasise(wrapped, style, tone(style, b.tone));
      styled.forEach((l, i) => body.push(i === 0 ? `${lead}${l}` : `${' '.repeat(width(lead))}${l}`));
      if (!b.tight) body.push('');
    }
  }
  const bottom: string[] = [];
  if (screen.hint) bottom.push(...wrapText(screen.hint, cols).map((l) => style.yellow(l)));
  if (screen.prompt) bottom.push(...wrapText(`${screen.prompt.label} ${screen.prompt.input}▏`, cols));
  const groups: string[][] = [[]];
  for (const k of screen.keys) if (k === '|') groups.push([]); else groups.at(-1)!.push(k);
  for (const g of groups) if (g.length) bottom.push(...joinItems(g, '   ', cols).map((l) => style.dim(l)));
  if (height === null) return [...top, ...body, ...bottom];
  // a short terminal: the key bar stays, the card is cut with a mark
  const room = Math.max(1, height - top.length - bottom.length);
  let shown = body;
  if (body.length > room) shown = [...body.slice(0, room - 1), style.dim('… (make the terminal taller to see the rest)')];
  else while (shown.length < room) shown = [...shown, ''];
  return [...top, ...shown, ...bottom].slice(0, height);
}
