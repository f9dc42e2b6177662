// commander declarations only: parse options, then lazily import the command module, so that each
// command loads just what it needs (status never loads mathjs, KaTeX or the prompt library).
import { Command, InvalidArgumentError, Option } from 'commander';
import { join } from 'node:path';
import { clockFromEnv } from './clock.js';
import { collectionPath, packageRoot } from './paths.js';
import type { CommandContext } from './commands/context.js';

const VERSION = '0.1.0';

function int(name: string, min = 0) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
    return n;
  };
}

function list(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

export async function runCli(argv: string[], mainUrl: string): Promise<number> {
  const root = packageRoot(mainUrl);
  let exitCode = 0;
  const program = new Command('deepcards')
    .description('Spaced-repetition flashcards, numeric drills and practice exams for a deep-learning course.')
    .version(VERSION, '-V, --version')
    .option('--db <path>', 'collection file (default $DEEPCARDS_DB, else $XDG_DATA_HOME/deepcards/collection.db)')
    .option('--no-color', 'plain output without colours (also NO_COLOR=1)')
    .showHelpAfterError('(run deepcards --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const ctx = (): CommandContext => {
    const opts = program.opts<{ db?: string; color: boolean }>();
    const env = process.env;
    const db = collectionPath(opts.db, env);
    const color = opts.color !== false && !('NO_COLOR' in env && env['NO_COLOR'] !== '') && env['TERM'] !== 'dumb';
    return {
      out: { write: (t) => void process.stdout.write(t) },
      err: { write: (t) => void process.stderr.write(t) },
      env,
      clock: clockFromEnv(env),
      dbPath: db.path,
      dbIsDefault: db.isDefault,
      packageRoot: root,
      // DEEPCARDS_DECKS: another bundled-deck directory (tests, or a course of one's own)
      decksDir: env['DEEPCARDS_DECKS'] ? env['DEEPCARDS_DECKS'] : join(root, 'decks'),
      color,
      stdin: process.stdin,
    };
  };
  const set = (code: number | void): void => {
    if (typeof code === 'number') exitCode = code;
  };

  const reviewOptions = (c: Command): Command =>
    c.option('--topic <topics>', 'only these topics (comma-separated)', list)
      .option('--new <n>', 'new cards per day', int('--new'), 20)
      .option('--limit <n>', 'reviews per day (default unlimited)', int('--limit'));
  const runReview = async (o: { topic?: string[]; new: number; limit?: number }): Promise<void> => {
    const { runReview } = await import('./commands/review.js');
    set(await runReview({ topics: o.topic, newLimit: o.new, reviewLimit: o.limit }, ctx()));
  };

  reviewOptions(program).action(runReview);
  reviewOptions(program.command('review').description('the daily review session (the default command)')).action(runReview);

  program.command('status').description('due now, new available, reviewed today, per topic')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const { runStatus } = await import('./commands/status.js');
      set(await runStatus(o, ctx()));
    });

  program.command('simulate').description('what SM-2 does with a sequence of grades')
    .requiredOption('--grades <list>', 'grades 0-5, comma-separated, e.g. 5,4,3,0,5')
    .option('--json', 'machine-readable output')
    .action(async (o: { grades: string; json?: boolean }) => {
      const { runSimulate } = await import('./commands/simulate.js');
      set(runSimulate(o, ctx()));
    });

  const decks = program.command('decks').description('deck files: list, show, check, sync, coverage, errata, generate');
  decks.command('list').description('topics with their card counts').option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => set(await (await import('./commands/decks.js')).runDecksList(o, ctx())));
  decks.command('show <topic>').description('the cards of one topic')
    .action(async (topic: string) => set(await (await import('./commands/decks.js')).runDecksShow(topic, ctx())));
  decks.command('check [paths...]').description('validate deck files (default: the bundled decks)')
    .action(async (paths: string[]) => set(await (await import('./commands/decks.js')).runDecksCheck(paths, ctx())));
  decks.command('sync [paths...]').description('bring deck files into the collection (default: the bundled decks)')
    .option('--dry-run', 'show what would change')
    .action(async (paths: string[], o: { dryRun?: boolean }) => set(await (await import('./commands/decks.js')).runDecksSync(paths, o, ctx())));

  const card = program.command('card').description('card management');
  for (const action of ['suspend', 'unsuspend', 'reset'] as const) {
    card.command(`${action} <ids...>`).description(`${action} cards (a card id, or card#cN for one cloze deletion)`)
      .action(async (ids: string[]) => set(await (await import('./commands/card.js')).runCardAction(action, ids, ctx())));
  }

  program.command('solve [family] [assignments...]').description('the computation engine as a calculator: answer and worked solution')
    .option('--list', 'list the families, their parameters and defaults')
    .option('--json', 'machine-readable output')
    .action(async (family: string | undefined, assignments: string[], o: { list?: boolean; json?: boolean }) => {
      const { runSolve } = await import('./commands/solve.js');
      await runSolve({ family, assignments, list: o.list, json: o.json }, ctx());
    });

  program.command('ask [family]').description('one numeric question now, outside the schedule')
    .option('--seed <n>', 'replay a given question', int('--seed'))
    .addOption(new Option('--level <n>', 'difficulty 1-3').argParser(int('--level', 1)))
    .action(async (family: string | undefined, o: { seed?: number; level?: number }) => {
      const { runAsk } = await import('./commands/ask.js');
      await runAsk({ family, seed: o.seed, level: o.level === undefined ? undefined : (Math.min(3, o.level) as 1 | 2 | 3) }, ctx());
    });

  await program.parseAsync(argv, { from: 'user' });
  return exitCode;
}

export { VERSION };
