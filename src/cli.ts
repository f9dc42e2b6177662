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

function percentArg(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('--min must be a percentage between 0 and 100');
  return n;
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
    // colour only on a terminal (or when FORCE_COLOR asks for it), never with --no-color / NO_COLOR
    const wanted = opts.color !== false && !(env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') && env['TERM'] !== 'dumb';
    const color = wanted && (process.stdout.isTTY === true || (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0'));
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

  // review is the default command; its options belong to it alone, so `stats --topic` and
  // `card list --topic` keep theirs (root options are only --db and --no-color)
  reviewOptions(program.command('review', { isDefault: true }).description('the daily review session (the default command)')).action(runReview);

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

  decks.command('coverage').description('which content lines of the sheet the decks cover, per topic')
    .option('--json', 'machine-readable output')
    .option('--sheet <path>', 'the sheet to compare with (default: the bundled sheet/deep-learning.txt)')
    .option('--min <percent>', 'exit 1 when coverage is below this percentage', percentArg)
    .action(async (o: { json?: boolean; sheet?: string; min?: number }) => set(await (await import('./commands/sheet.js')).runDecksCoverage(o, ctx())));
  decks.command('errata').description('every correction the decks make to the sheet, in sheet order')
    .option('--json', 'machine-readable output (LaTeX kept raw)')
    .option('--topic <topic>', 'only this topic')
    .option('--sheet <path>', 'the sheet (default: the bundled sheet/deep-learning.txt)')
    .action(async (o: { json?: boolean; topic?: string; sheet?: string }) => set(await (await import('./commands/sheet.js')).runDecksErrata(o, ctx())));
  decks.command('generate <sheet>').description('draft deck files from a sheet (review every card before studying)')
    .requiredOption('-o, --out <dir>', 'directory to write <topic>.yaml files into')
    .option('--force', 'overwrite existing files')
    .action(async (sheet: string, o: { out: string; force?: boolean }) => set(await (await import('./commands/sheet.js')).runDecksGenerate(sheet, o, ctx())));

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
    .option('--json', 'QA: print the instance (params, prompt, answer, tolerance, misconceptions, steps) as JSON')
    .option('--seeds <A-B>', 'QA: one JSON line per seed from A to B')
    .option('--check <answer>', 'QA: check an answer and print the verdict as JSON')
    .action(async (family: string | undefined, o: { seed?: number; level?: number; json?: boolean; seeds?: string; check?: string }) => {
      const { runAsk } = await import('./commands/ask.js');
      const level = o.level === undefined ? undefined : (Math.min(3, o.level) as 1 | 2 | 3);
      await runAsk({ family, seed: o.seed, level, json: o.json, seeds: o.seeds, check: o.check }, ctx());
    });

  program.command('undo').description('take back the most recent answer (schedule and log), e.g. a misgrade noticed after the session')
    .action(async () => set(await (await import('./commands/undo.js')).runUndo(ctx())));

  card.command('list').description('list cards: leeches, suspended cards, a topic')
    .option('--leeches', 'only leeches (lapsed 8 times, suspended)')
    .option('--suspended', 'only suspended cards')
    .option('--topic <topic>', 'only this topic')
    .option('--json', 'machine-readable output')
    .action(async (o: { leeches?: boolean; suspended?: boolean; topic?: string; json?: boolean }) =>
      set(await (await import('./commands/card-list.js')).runCardList(o, ctx())));

  const exam = program.command('exam').description('a practice exam: printable (md, html, json) with an answer key, or sat in the terminal (--take)')
    .option('--topics <topics>', 'topics, optionally weighted: cnn,rnn or cnn=2,rnn=1 (default: all, by sheet size)')
    .option('--count <n>', 'number of questions (default 20)')
    .option('--minutes <m>', 'time budget (default from the questions)')
    .option('--seed <s>', 'seed: the same seed and decks give the same exam (default from the clock, printed)')
    .option('--mix <mix>', 'question kinds, e.g. numeric=0.4,choice=0.3,recall=0.3')
    .option('--weak', 'lean towards your weak material (lapses, failures, low E-Factor, weak topics)')
    .addOption(new Option('--format <format>', "output format (default: from -o's extension, else md)").choices(['md', 'html', 'json']))
    .option('-o, --output <file>', 'write the exam to FILE (default: stdout)')
    .option('--key <file>', 'write the answer key to FILE (default: FILE-key.EXT; "-" appends it)')
    .option('--take', 'sit the exam in the terminal, timed, and record the score')
    .action(async (o: Record<string, unknown>) => set(await (await import('./commands/exam.js')).runExam(o, ctx())));
  exam.command('history').description('past exams with scores per topic and the trend')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => set(await (await import('./commands/exam.js')).runExamHistory(o, ctx())));

  const exp = program.command('export').description('export decks: Anki package or CSV');
  exp.command('anki').description('an Anki package (.apkg) that updates notes on re-import')
    .option('-o, --out <file>', 'output file (default deepcards.apkg)')
    .option('--topics <topics>', 'only these topics (comma-separated)', list)
    .option('--instances <n>', 'fixed instances per numeric card (default 5)', int('--instances', 1))
    .option('--with-scheduling', 'carry your SM-2 state and review history into the package')
    .action(async (o: { out?: string; topics?: string[]; instances?: number; withScheduling?: boolean }) =>
      set(await (await import('./commands/export.js')).runExportAnki(o, ctx())));
  exp.command('csv').description('a CSV of all cards (id, topic, type, front, back, tags)')
    .option('-o, --out <file>', 'output file (default deepcards.csv)')
    .option('--anki', "Anki's text-import format with #headers")
    .option('--topics <topics>', 'only these topics (comma-separated)', list)
    .action(async (o: { out?: string; anki?: boolean; topics?: string[] }) =>
      set(await (await import('./commands/export.js')).runExportCsv(o, ctx())));

  program.command('stats').description('forecast, review heatmap, retention, E-Factors, streak, numeric accuracy')
    .option('--days <n>', 'days of history to consider', int('--days', 1))
    .option('--topic <topic>', 'only these topics (comma-separated)')
    .option('--json', 'machine-readable output')
    .action(async (o: { days?: number; topic?: string; json?: boolean }) => set(await (await import('./commands/stats.js')).runStats(o, ctx())));

  program.command('backup').description('a consistent copy of the collection')
    .option('-o, --out <file>', 'output file (default: backups/ beside the collection)')
    .action(async (o: { out?: string }) => set(await (await import('./commands/backup.js')).runBackup(o, ctx())));
  program.command('restore <file>').description('replace the collection by a backup (the current one is kept first)')
    .action(async (file: string) => set(await (await import('./commands/backup.js')).runRestore(file, ctx())));
  program.command('doctor').description('check the collection: integrity, orphans, cards missing from decks, schema')
    .option('--dry-run', 'report without fixing')
    .action(async (o: { dryRun?: boolean }) => set(await (await import('./commands/doctor.js')).runDoctor(o, ctx())));

  await program.parseAsync(argv, { from: 'user' });
  return exitCode;
}

export { VERSION };
