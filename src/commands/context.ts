// What every command receives from the shell: output streams, environment, clock, collection path.
// Commands write through `out`/`err` (never console.*), so tests can capture them.
import type { Clock } from '../clock.js';

export interface Output {
  write(text: string): void;
}

export interface CommandContext {
  out: Output;
  err: Output;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  /** Resolved collection path (--db, DEEPCARDS_DB, or the XDG default). */
  dbPath: string;
  /** True when dbPath is the XDG default (its directory may be created). */
  dbIsDefault: boolean;
  /** The package root (bundled decks/, migrations/). */
  packageRoot: string;
  /** Whether colour is wanted (false with --no-color or NO_COLOR). */
  color: boolean;
  /** Directory of the bundled decks. */
  decksDir: string;
  /** Standard input (a TTY or a pipe). */
  stdin: NodeJS.ReadStream;
}
