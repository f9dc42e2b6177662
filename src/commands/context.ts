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
  /**
   * Say so when the collection does not exist yet and is created: set for an explicit --db (a typo
   * there looks like lost history) and whenever stderr is a terminal (a first run). Scripts that set
   * DEEPCARDS_DB and read stderr through a pipe are not told.
   */
  announceNewCollection?: boolean;
  /** The package root (bundled decks/, migrations/). */
  packageRoot: string;
  /** Whether colour is wanted (false with --no-color or NO_COLOR). */
  color: boolean;
  /** Directory of the bundled decks. */
  decksDir: string;
  /** Standard input (a TTY or a pipe). */
  stdin: NodeJS.ReadStream;
}
