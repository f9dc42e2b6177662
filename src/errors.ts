// Error classes and the one place that maps them to exit codes (src/main.ts).
// Commands throw; they never call process.exit.

/** Something the user can fix (bad input, bad file); exit code 2 for usage/input, 1 otherwise. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 1) {
    super(message);
    this.name = 'UserError';
  }
}

/** A message located in a file: `file:line:col: message`. */
export interface Located {
  file: string;
  line: number;
  col: number;
  message: string;
}

export function formatLocated(l: Located): string {
  return `${l.file}:${l.line}:${l.col}: ${l.message}`;
}

/** One or more located errors (a deck file with several problems is reported at once). */
export class LocatedError extends UserError {
  constructor(readonly errors: Located[]) {
    super(errors.map(formatLocated).join('\n'), 1);
    this.name = 'LocatedError';
  }
}

/** Ends the command with a given exit code after it has printed what it had to say. */
export class ExitError extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'ExitError';
  }
}
