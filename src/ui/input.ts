// How a session reads the student: single keys on a TTY (through @inquirer), or one line per prompt
// when stdin is a pipe, so sessions can be scripted. `null` means end of input.
import { createInterface, type Interface } from 'node:readline';
import type { Output } from '../commands/context.js';
import { visibleLine } from './sanitize.js';

export type SessionCommand = 'undo' | 'suspend' | 'quit';
export const COMMAND_KEYS: Record<string, SessionCommand> = { u: 'undo', s: 'suspend', q: 'quit' };

export interface KeyChoice {
  /** What the student types (a digit, or '' for Enter). */
  key: string;
  label: string;
}

export interface Input {
  /** Wait for one of `keys` (Enter is ''); u/s/q come back as commands. */
  key(message: string, keys: readonly string[], commands?: readonly SessionCommand[]): Promise<string | SessionCommand | null>;
  /** A free line (a numeric answer); u/s/q alone on the line are commands. */
  line(message: string, commands?: readonly SessionCommand[]): Promise<string | SessionCommand | null>;
  close(): void;
}

const ALL: readonly SessionCommand[] = ['undo', 'suspend', 'quit'];

function asCommand(text: string, allowed: readonly SessionCommand[]): SessionCommand | undefined {
  const c = COMMAND_KEYS[text];
  return c && allowed.includes(c) ? c : undefined;
}

/** Piped input: every prompt consumes one line. Unknown input is reported and asked again. */
export class LineInput implements Input {
  private readonly rl: Interface;
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | undefined;
  private ended = false;

  constructor(stdin: NodeJS.ReadableStream, private readonly out: Output) {
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

  async key(message: string, keys: readonly string[], commands: readonly SessionCommand[] = ALL): Promise<string | SessionCommand | null> {
    for (;;) {
      this.out.write(`${message} `);
      const raw = await this.next();
      if (raw === null) {
        this.out.write('\n');
        return null;
      }
      const t = raw.trim().toLowerCase();
      this.out.write(`${visibleLine(t)}\n`);
      const cmd = asCommand(t, commands);
      if (cmd) return cmd;
      if (keys.includes(t)) return t;
      const shown = keys.map((k) => (k === '' ? 'Enter' : k));
      this.out.write(`unknown key "${visibleLine(raw.trim())}": expected ${[...shown, ...commands.map((c) => c[0]!)].join(', ')}\n`);
    }
  }

  async line(message: string, commands: readonly SessionCommand[] = ALL): Promise<string | SessionCommand | null> {
    this.out.write(`${message} `);
    const raw = await this.next();
    if (raw === null) {
      this.out.write('\n');
      return null;
    }
    this.out.write(`${visibleLine(raw.trim())}\n`);
    return asCommand(raw.trim().toLowerCase(), commands) ?? raw.trim();
  }

  close(): void {
    this.rl.close();
  }
}

/** A TTY: single keypresses through @inquirer/core, free lines through @inquirer/prompts' input. */
export async function createTtyInput(out: Output): Promise<Input> {
  const core = await import('@inquirer/core');
  const prompts = await import('@inquirer/prompts');
  const keyPrompt = core.createPrompt<string, { message: string; keys: readonly string[]; commands: readonly SessionCommand[] }>((config, done) => {
    const [status, setStatus] = core.useState<'idle' | 'done'>('idle');
    const [answer, setAnswer] = core.useState('');
    core.useKeypress((key) => {
      const name = core.isEnterKey(key) ? '' : (key.name ?? '').toLowerCase();
      const cmd = asCommand(name, config.commands);
      if (cmd || config.keys.includes(name)) {
        setAnswer(name === '' ? '⏎' : name);
        setStatus('done');
        done(cmd ?? name);
      }
    });
    return status === 'done' ? `${config.message} ${answer}` : config.message;
  });
  // Ctrl-C at a prompt ends the session like q (every answer is already committed), so the summary
  // is still shown; main.ts maps a Ctrl-C elsewhere to exit code 0 as well.
  const quitOnCtrlC = async <T>(p: Promise<T>): Promise<T | 'quit'> => {
    try {
      return await p;
    } catch (e) {
      if ((e as Error).name === 'ExitPromptError') return 'quit';
      throw e;
    }
  };
  return {
    key: (message, keys, commands = ALL) => quitOnCtrlC(keyPrompt({ message, keys, commands })),
    line: async (message, commands = ALL) => {
      const v = await quitOnCtrlC(prompts.input({ message }));
      if (v === 'quit') return v;
      const t = v.trim();
      return asCommand(t.toLowerCase(), commands) ?? t;
    },
    close: () => out.write(''),
  };
}
