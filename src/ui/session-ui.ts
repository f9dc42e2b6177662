// The review session's terminal. On a TTY: one card per screen (the alternate screen, redrawn
// from the pure view() on every key and on resize), single keys in raw mode through Node's keypress
// parser (the one @inquirer/core uses). On a pipe: one line per prompt, so sessions can be scripted:
// an empty line is Space/Enter, a digit grades or picks, u/s/b/q are commands, ? prints the keys.
// `null` means end of input. (src/ui/input.ts keeps the prompt-style input the exam uses.)
import { createInterface, emitKeypressEvents, type Interface } from 'node:readline';
import type { ChalkInstance } from 'chalk';
import type { Output } from '../commands/context.js';
import { HELP, view, type Block, type Header, type Screen, type Tone } from '../screen/view.js';
import { EM_CLOSE, EM_OPEN } from '../screen/wrap.js';

export type SessionCommand = 'undo' | 'suspend' | 'bury' | 'quit';
export const COMMAND_KEYS: Record<string, SessionCommand> = { u: 'undo', s: 'suspend', b: 'bury', q: 'quit' };
const ALL: readonly SessionCommand[] = ['undo', 'suspend', 'bury', 'quit'];

export type Reply = string | SessionCommand | null;

export interface Ui {
  readonly tty: boolean;
  /** A new card: a fresh screen (TTY) or a header line (pipe). */
  card(header: Header): void;
  /** Text under the card. */
  add(block: Block): void;
  /** One line of feedback: the hint line of the next screen (TTY), printed at once (pipe). */
  note(text: string, tone?: Tone): void;
  /** One line of feedback about the current prompt (a misread answer): on this screen, or printed. */
  hint(text: string): void;
  /** Wait for one of `keys` ('' = Space or Enter); `bar` is the key bar; u/s/b/q come back as commands. */
  key(keys: readonly string[], bar: readonly string[], commands?: readonly SessionCommand[]): Promise<Reply>;
  /** A typed line (a numeric answer); u/s/b/q alone are commands. */
  line(label: string, bar: readonly string[], commands?: readonly SessionCommand[]): Promise<Reply>;
  close(): void;
}

function asCommand(text: string, allowed: readonly SessionCommand[]): SessionCommand | undefined {
  const c = COMMAND_KEYS[text];
  return c && allowed.includes(c) ? c : undefined;
}

function toneOf(style: ChalkInstance, t: Tone | undefined): (s: string) => string {
  switch (t) {
    case 'question': case 'strong': return style.bold;
    case 'dim': return style.dim;
    case 'good': return style.green;
    case 'bad': return style.red;
    case 'warn': return style.yellow;
    default: return (s) => s;
  }
}

/** A block as one unwrapped piece of text (pipe mode: scripts read whole lines). */
function blockText(b: Block, style: ChalkInstance): string {
  const base = toneOf(style, b.tone);
  const text = b.runs.map((r) => r.text).join('');
  const parts = text.split(new RegExp(`(${EM_OPEN}[^${EM_CLOSE}]*${EM_CLOSE})`));
  return (b.lead ?? '') + parts.map((p) => (p.startsWith(EM_OPEN) ? style.bold.green(p.slice(1, -1)) : base(p))).join('');
}

/** Piped input: every prompt consumes one line. Unknown input is reported and asked again. */
export class LineUi implements Ui {
  readonly tty = false;
  private readonly rl: Interface;
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | undefined;
  private ended = false;

  constructor(stdin: NodeJS.ReadableStream, private readonly out: Output, private readonly style: ChalkInstance) {
    this.rl = createInterface({ input: stdin, terminal: false, crlfDelay: Infinity });
    this.rl.on('line', (l) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(l);
      } else this.lines.push(l);
    });
    this.rl.on('close', () => {
      this.ended = true;
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(null);
      }
    });
  }

  private next(): Promise<string | null> {
    if (this.lines.length) return Promise.resolve(this.lines.shift()!);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  card(h: Header): void {
    this.out.write(`\n${this.style.dim(`── ${h.position} · ${h.topic} · ${h.kind} ──`)}\n`);
  }

  add(b: Block): void {
    this.out.write(`${blockText(b, this.style)}\n`);
  }

  note(text: string, tone?: Tone): void {
    this.out.write(`${toneOf(this.style, tone)(text)}\n`);
  }

  hint(text: string): void {
    this.out.write(`${this.style.yellow(text)}\n`);
  }

  async key(keys: readonly string[], bar: readonly string[], commands: readonly SessionCommand[] = ALL): Promise<Reply> {
    for (;;) {
      this.out.write(`${bar.filter((b) => b !== '|').join('  ')} › `);
      const raw = await this.next();
      if (raw === null) {
        this.out.write('\n');
        return null;
      }
      const t = raw.trim().toLowerCase();
      this.out.write(`${t}\n`);
      const cmd = asCommand(t, commands);
      if (cmd) return cmd;
      if (keys.includes(t)) return t;
      if (t === '?') {
        this.out.write(`${HELP.join('\n')}\n`);
        continue;
      }
      const shown = keys.map((k) => (k === '' ? 'Enter' : k));
      this.out.write(`unknown key "${raw.trim()}": expected ${[...shown, ...commands.map((c) => c[0]!), '?'].join(', ')}\n`);
    }
  }

  async line(label: string, _bar: readonly string[], commands: readonly SessionCommand[] = ALL): Promise<Reply> {
    this.out.write(`${label} `);
    const raw = await this.next();
    if (raw === null) {
      this.out.write('\n');
      return null;
    }
    this.out.write(`${raw.trim()}\n`);
    return asCommand(raw.trim().toLowerCase(), commands) ?? raw.trim();
  }

  close(): void {
    this.rl.close();
  }
}

const ALT_ON = '\x1b[?1049h\x1b[?25l';
const ALT_OFF = '\x1b[?25h\x1b[?1049l';

interface Key {
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
  sequence?: string;
}

/** A terminal: the alternate screen, redrawn from view() on every change and on resize. */
export class TtyUi implements Ui {
  readonly tty = true;
  private screen: Screen = { header: null, blocks: [], keys: [] };
  private pendingNote: string | undefined;
  /** The hint was set for the screen about to be drawn; any other hint goes at the next prompt. */
  private freshHint = false;
  private handler: ((str: string | undefined, key: Key | undefined) => void) | undefined;
  private readonly onResize = (): void => this.draw();
  private readonly restore = (): void => {
    this.stdout.write(ALT_OFF);
  };
  private closed = false;

  constructor(private readonly stdin: NodeJS.ReadStream, private readonly stdout: NodeJS.WriteStream, private readonly style: ChalkInstance) {
    emitKeypressEvents(stdin);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('keypress', (str: string | undefined, key: Key | undefined) => this.handler?.(str, key));
    stdout.on('resize', this.onResize);
    process.on('exit', this.restore); // a crash still gives the terminal back
    stdout.write(ALT_ON);
  }

  /** Render time of the current screen (bench). */
  lines(): string[] {
    return view(this.screen, this.stdout.columns || 80, this.stdout.rows || 24, this.style);
  }

  private draw(): void {
    if (this.closed) return;
    const lines = this.lines();
    this.stdout.write(`\x1b[H${lines.map((l) => `${l}\x1b[K`).join('\n')}\x1b[J`);
  }

  card(h: Header): void {
    this.screen = { header: h, blocks: [], keys: [], ...(this.pendingNote ? { hint: this.pendingNote } : {}) };
    this.freshHint = this.pendingNote !== undefined;
    this.pendingNote = undefined;
  }

  add(b: Block): void {
    this.screen = { ...this.screen, blocks: [...this.screen.blocks, b] };
  }

  note(text: string): void {
    this.pendingNote = this.pendingNote ? `${this.pendingNote} · ${text}` : text;
  }

  hint(text: string): void {
    this.screen = { ...this.screen, hint: text };
    this.freshHint = true;
  }

  /** A new prompt: an old hint (the last card's outcome) gives way. */
  private prompt(fields: Partial<Screen>): void {
    const { prompt: _p, hint, ...rest } = this.screen;
    this.screen = { ...rest, ...(this.freshHint && hint ? { hint } : {}), ...fields };
    this.freshHint = false;
  }

  private wait(onKey: (str: string | undefined, key: Key | undefined, done: (r: Reply) => void) => void): Promise<Reply> {
    return new Promise((resolve) => {
      this.handler = (str, key) => {
        if (key?.ctrl && key.name === 'c') return resolve('quit'); // Ctrl-C ends the session like q
        if (this.screen.help) { // any key closes the help
          this.screen = { ...this.screen, help: false };
          return this.draw();
        }
        onKey(str, key, (r) => {
          this.handler = undefined;
          resolve(r);
        });
      };
    });
  }

  key(keys: readonly string[], bar: readonly string[], commands: readonly SessionCommand[] = ALL): Promise<Reply> {
    this.prompt({ keys: [...bar] });
    this.draw();
    return this.wait((str, key, done) => {
      const name = key?.name === 'return' || key?.name === 'enter' || key?.name === 'space' ? '' : (str ?? '').toLowerCase();
      const cmd = asCommand(name, commands);
      if (cmd) return done(cmd);
      if (keys.includes(name)) return done(name);
      if (name === '?') this.screen = { ...this.screen, help: true };
      else this.screen = { ...this.screen, hint: `unknown key ${JSON.stringify(printable(str, key))} · ? shows the keys` };
      this.draw();
    });
  }

  line(label: string, bar: readonly string[], commands: readonly SessionCommand[] = ALL): Promise<Reply> {
    let input = '';
    this.prompt({ keys: [...bar], prompt: { label, input } });
    this.draw();
    return this.wait((str, key, done) => {
      if (key?.name === 'return' || key?.name === 'enter') {
        const t = input.trim();
        this.screen = { ...this.screen, prompt: { label, input: t } };
        return done(asCommand(t.toLowerCase(), commands) ?? t);
      }
      if (key?.name === 'backspace') input = [...input].slice(0, -1).join('');
      else if (str === '?' && input === '') this.screen = { ...this.screen, help: true };
      else if (str && !key?.ctrl && !key?.meta && /^[\p{L}\p{N}\p{P}\p{S} ]$/u.test(str)) input += str;
      this.screen = { ...this.screen, prompt: { label, input } };
      this.draw();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stdout.off('resize', this.onResize);
    process.off('exit', this.restore);
    this.stdout.write(ALT_OFF);
    this.stdin.setRawMode(false);
    this.stdin.pause();
  }
}

/** What to call a key in a hint, never a raw control sequence. */
function printable(str: string | undefined, key: Key | undefined): string {
  if (str && /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(str)) return str;
  return key?.name ?? 'that key';
}
