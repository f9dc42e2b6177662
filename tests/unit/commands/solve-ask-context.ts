// A fake CommandContext for the solve/ask command tests: output collected in strings, stdin from text.
import { Readable } from 'node:stream';
import type { CommandContext } from '../../../src/commands/context.js';

export type FakeContext = CommandContext & { stdout: () => string; stderr: () => string };

export function fakeContext(input = '', now = 1_700_000_123_456): FakeContext {
  let out = '';
  let err = '';
  return {
    out: { write: (t) => void (out += t) },
    err: { write: (t) => void (err += t) },
    env: {},
    clock: { now: () => now },
    dbPath: '/nonexistent/collection.db',
    dbIsDefault: false,
    packageRoot: '/nonexistent',
    color: false,
    decksDir: '/nonexistent/decks',
    stdin: Readable.from([input]) as unknown as NodeJS.ReadStream,
    stdout: () => out,
    stderr: () => err,
  };
}
