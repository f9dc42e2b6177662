// How `exam --take` reads the student (the shell of take.ts's ExamInput).
// - A pipe: one line per prompt (ui/input.ts LineInput), so sittings can be scripted and tested.
// - A TTY: raw keypresses, read here rather than through a prompt library, because the prompt line
//   carries a countdown that is redrawn every second while the student thinks or types. Keys: Enter,
//   Space, digits and letters; a small line editor (Backspace, Ctrl-U) for numeric answers; q alone
//   and Ctrl-C are 'quit'; Ctrl-D on an empty line is the end of input. Nothing typed is echoed as a
//   control sequence: only printable characters reach the buffer.
import type { Output } from '../commands/context.js';
import { LineInput } from '../ui/input.js';
import type { ExamAnswer, ExamInput } from './take.js';

export function pipeExamInput(stdin: NodeJS.ReadableStream, out: Output): ExamInput {
  const lines = new LineInput(stdin, out);
  return {
    key: (prompt, keys) => lines.key(prompt(), keys, ['quit']),
    line: (prompt) => lines.line(prompt(), ['quit']),
    close: () => lines.close(),
  };
}

interface Pending {
  kind: 'key' | 'line';
  prompt: () => string;
  keys: readonly string[];
  buffer: string;
  resolve: (v: ExamAnswer) => void;
}

/** Characters a line may hold: printable, no controls (C0, DEL, C1) and no escape sequences. */
function printable(text: string): string {
  return [...text].filter((c) => !/[\u0000-\u001f\u007f-\u009f]/.test(c)).join('');
}

export function ttyExamInput(stdin: NodeJS.ReadStream, out: Output, columns: () => number): ExamInput {
  let pending: Pending | undefined;
  let ended = false;
  const wasRaw = stdin.isRaw;
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();

  const draw = (): void => {
    if (!pending) return;
    const head = `${pending.prompt()} `;
    // one screen line: a long answer shows its end, so the redraw never wraps
    const room = Math.max(8, columns() - [...head].length - 1);
    const chars = [...pending.buffer];
    const shown = chars.length > room ? `…${chars.slice(chars.length - room + 1).join('')}` : pending.buffer;
    out.write(`\r\x1b[2K${head}${shown}`);
  };
  const finish = (v: ExamAnswer, echo: string): void => {
    const p = pending;
    if (!p) return;
    pending = undefined;
    out.write(`\r\x1b[2K${p.prompt()} ${echo}\n`);
    p.resolve(v);
  };
  const tick = setInterval(draw, 1000);
  tick.unref();

  const onData = (chunk: string): void => {
    const p = pending;
    if (!p) return;
    if (chunk.startsWith('\x1b')) return; // arrows, function keys, Esc: nothing
    for (const c of chunk) {
      if (!pending) return;
      if (c === '\x03') return finish('quit', '^C');
      if (c === '\x04') {
        if (p.kind === 'key' || p.buffer === '') return finish(null, '');
        continue;
      }
      if (p.kind === 'key') {
        const k = c === '\r' || c === '\n' ? '' : c.toLowerCase();
        if (k === 'q') return finish('quit', 'q');
        if (p.keys.includes(k)) return finish(k, k === '' ? '⏎' : k === ' ' ? '␣' : k);
        continue; // a key that means nothing here: the prompt lists the ones that do
      }
      if (c === '\r' || c === '\n') {
        const t = p.buffer.trim();
        return finish(t.toLowerCase() === 'q' ? 'quit' : t, t);
      }
      if (c === '\x7f' || c === '\b') p.buffer = [...p.buffer].slice(0, -1).join('');
      else if (c === '\x15') p.buffer = '';
      else p.buffer += printable(c);
    }
    draw();
  };
  const onEnd = (): void => {
    ended = true;
    finish(null, '');
  };
  stdin.on('data', onData);
  stdin.on('end', onEnd);

  const ask = (kind: 'key' | 'line', prompt: () => string, keys: readonly string[]): Promise<ExamAnswer> => {
    if (ended) return Promise.resolve(null);
    return new Promise((resolve) => {
      pending = { kind, prompt, keys, buffer: '', resolve };
      draw();
    });
  };
  return {
    key: (prompt, keys) => ask('key', prompt, keys),
    line: (prompt) => ask('line', prompt, []),
    close: () => {
      clearInterval(tick);
      // a prompt abandoned by the deadline: end its line
      if (pending) {
        pending = undefined;
        out.write('\n');
      }
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.setRawMode(wasRaw);
      stdin.pause();
    },
  };
}
