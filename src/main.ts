// The bin: build the context, run commander, and map every outcome to an exit code.
// The only place that calls process.exit.
import { runCli } from './cli.js';
import { ExitError, UserError } from './errors.js';
import { describeSqliteFailure } from './store/failure.js';

async function main(): Promise<number> {
  // Ctrl-C in a piped session: every answer is already committed, so leaving is safe.
  process.on('SIGINT', () => process.exit(0));
  try {
    return await runCli(process.argv.slice(2), import.meta.url);
  } catch (e) {
    const err = e as Error & { code?: string; exitCode?: number };
    if (err.name === 'ExitPromptError' || err.name === 'AbortPromptError') return 0; // Ctrl-C at a prompt
    if (e instanceof ExitError) return e.code;
    if (e instanceof UserError) {
      process.stderr.write(`deepcards: ${e.message}\n`);
      return e.exitCode;
    }
    if (err.code === 'EPIPE') return 0;
    if (typeof err.code === 'string' && err.code.startsWith('commander.')) return err.exitCode === 0 ? 0 : 2;
    if (typeof err.code === 'string' && err.code.startsWith('SQLITE_')) {
      // the failed write was one transaction: it is wholly undone; the message names the path and what to do
      process.stderr.write(`deepcards: ${describeSqliteFailure(err.code, err.message)}\n`);
      return 1;
    }
    process.stderr.write(`deepcards: internal error: ${err.stack ?? err.message}\nPlease report this with the command you ran.\n`);
    return 1;
  }
}

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});
const code = await main();
// Exit once stdout has drained: an open stdin reader must not keep a finished command alive.
process.stdout.write('', () => process.exit(code));
