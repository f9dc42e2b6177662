// commander declarations only: parse options, then lazily import the command module, so that each
// command loads just what it needs (status never loads mathjs, KaTeX or the prompt library).
import { Command, InvalidArgumentError, Option } from 'commander';
import { join } from 'node:path';
import { clockFromEnv } from './clock.js';
import { collectionPath, packageRoot } from './paths.js';
import type { CommandContext } from './commands/context.js';
import { applyConventions, checkCommandName, helpWidth } from './cli-conventions.js';

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

/** `--topic a,b` (one vocabulary everywhere), with `--topics` accepted but not shown in help. */
function topicOption(c: Command, what = 'only these topics (comma-separated, e.g. cnn,rnn)'): Command {
  return c.option('--topic <topics>', what, list).addOption(new Option('--topics <topics>').hideHelp().argParser(list));
}
/** The topics given with --topic and/or its hidden alias. */
function topicsOf(o: { topic?: string[]; topics?: string[] }): string[] | undefined {
  const all = [...(o.topic ?? []), ...(o.topics ?? [])];
  return all.length ? all : undefined;
}
/** `-o, --output <file>` everywhere, with `--out` accepted but not shown in help. */
function outputOption(c: Command, what: string, required = false): Command {
  const o = new Option('-o, --output <file>', what);
  if (required) o.makeOptionMandatory();
  return c.addOption(o).addOption(new Option('--out <file>').hideHelp());
}
function outputOf(o: { output?: string; out?: string }): string | undefined {
  return o.output ?? o.out;
}

export async function runCli(argv: string[], mainUrl: string): Promise<number> {
  const root = packageRoot(mainUrl);
  let exitCode = 0;
  const program = new Command('deepcards')
    .description('Spaced-repetition flashcards, numeric drills and practice exams for a deep-learning course.')
    .version(VERSION, '-V, --version')
    .option('--db <path>', 'collection file (default: $DEEPCARDS_DB, else collection.db in $XDG_DATA_HOME/deepcards; created on first use)')
    .option('--no-color', 'plain output without colours (also NO_COLOR=1)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .configureHelp({
      helpWidth: helpWidth(process.env, process.stdout),
      minWidthToWrap: 20,
      // `solve [family] [assignments...]`, not `solve [options] [family] …`: a narrower first column
      subcommandTerm: (c) => [c.name(), ...c.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`))].join(' '),
    });

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
      announceNewCollection: opts.db !== undefined || process.stderr.isTTY === true,
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

  /** An unknown topic is exit 2 before a command that does not check topics itself starts. */
  const validateTopics = async (topics: string[] | undefined): Promise<void> => {
    if (!topics?.length) return;
    const c = ctx();
    const { openForCommand } = await import('./commands/open-collection.js');
    const { checkTopics } = await import('./commands/topics.js');
    const db = await openForCommand(c, { backup: false, readOnlyFallback: true });
    try {
      checkTopics(db, topics);
    } finally {
      db.close();
    }
  };

  const reviewOptions = (c: Command): Command =>
    topicOption(c)
      .option('--new <n>', 'new cards per day (this run; default: config new-per-day, 20)', int('--new'))
      .option('--limit <n>', 'reviews per day (this run; default: config reviews-per-day, unlimited)', int('--limit'));
  const runReview = async (o: { topic?: string[]; topics?: string[]; new?: number; limit?: number }): Promise<void> => {
    const topics = topicsOf(o);
    await validateTopics(topics);
    const { runReview } = await import('./commands/review.js');
    set(await runReview({ topics, newLimit: o.new, reviewLimit: o.limit }, ctx()));
  };

  // review --cram: drills outside the schedule, in its own module (src/commands/cram.ts)
  const runReviewOrCram = async (o: Parameters<typeof runReview>[0] & { cram?: boolean; failedSince?: string }): Promise<void> => {
    if (!o.cram && o.failedSince === undefined) return runReview(o);
    await validateTopics(topicsOf(o));
    const { runCram } = await import('./commands/cram.js');
    set(await runCram({ cram: o.cram, topics: topicsOf(o), failedSince: o.failedSince, limit: o.limit }, ctx()));
  };

  // review is the default command; its options belong to it alone, so `stats --topic` and
  // `card list --topic` keep theirs (root options are only --db and --no-color)
  reviewOptions(program.command('review', { isDefault: true }).description('the daily review session (the default command)'))
    .option('--cram', 'drill introduced cards outside the schedule, logged as cram (--limit N: cards to cram, default 50)')
    .option('--failed-since <date>', 'with --cram: only cards failed on or after YYYY-MM-DD')
    .action(runReviewOrCram);

  program.command('status').description('due now, new available, reviewed today, per topic')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const { runStatus } = await import('./commands/status.js');
      set(await runStatus(o, ctx()));
    });

  const config = program.command('config').description('settings kept in the collection (new-per-day, topics, default-grade, …)');
  config.command('list').description('every setting with its value and default').option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => set(await (await import('./commands/config.js')).runConfigList(o, ctx())));
  config.command('get <key>').description('the value of one setting')
    .action(async (key: string) => set(await (await import('./commands/config.js')).runConfigGet(key, ctx())));
  config.command('set <key> <value>').description('keep a setting in the collection (flags still override it for one run)')
    .action(async (key: string, value: string) => set(await (await import('./commands/config.js')).runConfigSet(key, value, ctx())));
  config.command('unset <key>').description('back to the default')
    .action(async (key: string) => set(await (await import('./commands/config.js')).runConfigUnset(key, ctx())));

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
  decks.command('check [paths...]').description('validate deck files and lint weak cards (default: the bundled decks)')
    .option('--strict', 'lint warnings are errors (exit 1)')
    .action(async (paths: string[], o: { strict?: boolean }) => set(await (await import('./commands/decks.js')).runDecksCheck(paths, o, ctx())));
  decks.command('sync [paths...]').description('bring deck files into the collection (default: the bundled decks)')
    .option('--dry-run', 'show what would change')
    .action(async (paths: string[], o: { dryRun?: boolean }) => set(await (await import('./commands/decks.js')).runDecksSync(paths, o, ctx())));

  decks.command('coverage').description('which content lines of the sheet the decks cover, per topic')
    .option('--json', 'machine-readable output')
    .option('--sheet <path>', 'the sheet to compare with (default: the bundled sheet/deep-learning.txt)')
    .option('--min <percent>', 'exit 1 when coverage is below this percentage', percentArg)
    .action(async (o: { json?: boolean; sheet?: string; min?: number }) => set(await (await import('./commands/sheet.js')).runDecksCoverage(o, ctx())));
  topicOption(decks.command('errata').description('every correction the decks make to the sheet, in sheet order')
    .option('--json', 'machine-readable output (LaTeX kept raw)'))
    .option('--sheet <path>', 'the sheet (default: the bundled sheet/deep-learning.txt)')
    .action(async (o: { json?: boolean; topic?: string[]; topics?: string[]; sheet?: string }) =>
      set(await (await import('./commands/sheet.js')).runDecksErrata({ json: o.json, topic: topicsOf(o), sheet: o.sheet }, ctx())));
  outputOption(decks.command('generate <sheet>').description('draft deck files from a sheet (review every card before studying)'),
    'directory to write <topic>.yaml files into', true)
    .option('--force', 'overwrite existing files')
    .action(async (sheet: string, o: { output?: string; out?: string; force?: boolean }) =>
      set(await (await import('./commands/sheet.js')).runDecksGenerate(sheet, { out: outputOf(o) ?? '', force: o.force }, ctx())));

  const card = program.command('card').description('one card: show it with its history, suspend, reset; list cards');
  card.command('show <id>').description("one card: rendered, each item's SM-2 state, and every answer (numeric ones replayable with ask --seed)")
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { json?: boolean }) => set(await (await import('./commands/card-show.js')).runCardShow(id, o, ctx())));
  for (const action of ['suspend', 'unsuspend', 'reset'] as const) {
    const what = { suspend: 'hide cards from reviews until unsuspended', unsuspend: 'bring suspended cards back into reviews', reset: 'make cards new again (their review history is kept)' }[action];
    card.command(`${action} <ids...>`).description(`${what}; an id is a card (cnn.bn-bias) or one cloze deletion (cnn.bn-bias#c2)`)
      .action(async (ids: string[]) => set(await (await import('./commands/card.js')).runCardAction(action, ids, ctx())));
  }

  program.command('solve [family] [assignments...]').description('the computation engine as a calculator: answer and worked solution')
    .option('--list', 'list the families, their parameters and defaults')
    .option('--json', 'machine-readable output')
    .action(async (family: string | undefined, assignments: string[], o: { list?: boolean; json?: boolean }) => {
      const { runSolve } = await import('./commands/solve.js');
      await runSolve({ family, assignments, list: o.list, json: o.json }, ctx());
    });

  topicOption(program.command('plan').description('readiness per topic and the day-by-day load to the exam date (config exam-date)'))
    .option('--json', 'machine-readable output')
    .action(async (o: { topic?: string[]; topics?: string[]; json?: boolean }) =>
      set(await (await import('./commands/plan.js')).runPlan({ topic: topicsOf(o), json: o.json }, ctx())));

  program.command('ask [family]').description('one numeric question now, outside the schedule')
    .option('--seed <n>', 'replay a given question', int('--seed'))
    .addOption(new Option('--level <n>', 'difficulty 1-3 (default 1)').argParser(int('--level', 1)))
    .option('--json', 'QA: print the instance (params, prompt, answer, tolerance, misconceptions, steps) as JSON')
    .option('--seeds <A-B>', 'QA: one JSON line per seed from A to B')
    .option('--check <answer>', 'QA: check an answer and print the verdict as JSON')
    .action(async (family: string | undefined, o: { seed?: number; level?: number; json?: boolean; seeds?: string; check?: string }) => {
      const { runAsk } = await import('./commands/ask.js');
      // ask.ts refuses anything but 1–3 (exit 2)
      await runAsk({ family, seed: o.seed, level: o.level as 1 | 2 | 3 | undefined, json: o.json, seeds: o.seeds, check: o.check }, ctx());
    });

  program.command('undo').description('take back the most recent answer (schedule and log), e.g. a misgrade noticed after the session')
    .action(async () => set(await (await import('./commands/undo.js')).runUndo(ctx())));

  topicOption(card.command('list').description('list cards: leeches, suspended cards, some topics')
    .option('--leeches', 'only leeches (lapsed 8 times, suspended)')
    .option('--suspended', 'only suspended cards'))
    .option('--json', 'machine-readable output')
    .action(async (o: { leeches?: boolean; suspended?: boolean; topic?: string[]; topics?: string[]; json?: boolean }) =>
      set(await (await import('./commands/card-list.js')).runCardList({ ...o, topic: topicsOf(o)?.join(',') }, ctx())));

  const exam = topicOption(program.command('exam').description('a practice exam: printable (md, html, json) with an answer key, or sat in the terminal (--take)'),
    'topics, optionally weighted: cnn,rnn or cnn=2,rnn=1 (default: all, by sheet size)')
    .option('--count <n>', 'number of questions (default 20)')
    .option('--minutes <m>', 'time budget (default from the questions)')
    .option('--seed <s>', 'seed: the same seed and decks give the same exam (default from the clock, printed)')
    .option('--mix <mix>', 'question kinds, e.g. numeric=0.4,choice=0.3,recall=0.3')
    .option('--weak', 'lean towards your weak material (lapses, failures, low E-Factor, weak topics)')
    .addOption(new Option('--format <format>', "output format (default: from -o's extension, else md)").choices(['md', 'html', 'json']))
    .option('-o, --output <file>', 'write the exam to FILE (default: exam.md, exam.html or exam.json here; - for stdout)')
    .option('--key <file>', 'write the answer key to FILE (default: FILE-key.EXT, e.g. exam-key.md; - appends it to the exam)')
    .option('--take', 'sit the exam in the terminal, timed, and record the score')
    .action(async (o: Record<string, unknown> & { topic?: string[]; topics?: string[] }) => {
      // exam.ts parses the weights from one string; the names are checked here like everywhere else
      const { topic: _t, ...rest } = o;
      const topics = topicsOf(o);
      await validateTopics(topics?.map((t) => t.split('=')[0]!.trim()));
      set(await (await import('./commands/exam.js')).runExam({ ...rest, topics: topics?.join(',') }, ctx()));
    });
  exam.command('history').description('past exams with scores per topic and the trend')
    .option('--json', 'machine-readable output')
    .option('--delete <n>', 'delete sitting #N from the history (its due-today changes are taken back)')
    .action(async (o: { json?: boolean; delete?: string }) => set(await (await import('./commands/exam.js')).runExamHistory(o, ctx())));

  const exp = program.command('export').description('export decks: Anki package or CSV');
  topicOption(outputOption(exp.command('anki').description('an Anki package (.apkg) that updates notes on re-import'),
    'output file (default deepcards.apkg)'))
    .option('--instances <n>', 'fixed instances per numeric card, 0–100 (default 5)', (v: string): number => {
      const n = Number(v);
      // the same words as the command's own check (commands/export.ts INSTANCES_MESSAGE)
      if (!Number.isInteger(n) || n < 0 || n > 100) throw new InvalidArgumentError('--instances must be an integer from 0 to 100');
      return n;
    })
    .option('--with-scheduling', 'carry your SM-2 state and review history into the package')
    .action(async (o: { output?: string; out?: string; topic?: string[]; topics?: string[]; instances?: number; withScheduling?: boolean }) =>
      set(await (await import('./commands/export.js')).runExportAnki({ out: outputOf(o), topics: topicsOf(o), instances: o.instances, withScheduling: o.withScheduling }, ctx())));
  topicOption(outputOption(exp.command('csv').description('a CSV of all cards (id, topic, type, front, back, tags)'),
    'output file (default deepcards.csv)')
    .option('--anki', "Anki's text-import format with #headers")
    .option('--note-types <basic,cloze>', 'with --anki: your Anki\'s names for the stock Basic and Cloze note types, if renamed or localized (e.g. Einfach,Lückentext)', (v: string) => {
      const [basic, cloze, ...rest] = v.split(',').map((x) => x.trim());
      if (!basic || !cloze || rest.length) throw new InvalidArgumentError('--note-types takes two names: BASIC,CLOZE');
      return { basic, cloze };
    }))
    .action(async (o: { output?: string; out?: string; anki?: boolean; noteTypes?: { basic: string; cloze: string }; topic?: string[]; topics?: string[] }) => {
      if (o.noteTypes && !o.anki) throw new (await import('./errors.js')).UserError('--note-types applies to --anki only', 2);
      set(await (await import('./commands/export.js')).runExportCsv({ out: outputOf(o), anki: o.anki, topics: topicsOf(o), noteTypes: o.noteTypes }, ctx()));
    });

  const imp = program.command('import').description('bring reviews made elsewhere into the schedule');
  imp.command('anki <file>').description('reviews done in Anki or AnkiDroid (.apkg or .colpkg, exported with scheduling)')
    .option('--dry-run', 'show per topic what would change, write nothing')
    .action(async (file: string, o: { dryRun?: boolean }) =>
      set(await (await import('./commands/import-anki.js')).runImportAnki(file, o, ctx())));

  topicOption(program.command('stats').description('due forecast, answers per day and hour, grades by kind, retention, intervals, E-Factors, streak, time, numeric accuracy')
    .option('--days <n>', 'the history window: the last N study days (default 30)', int('--days', 1))
    .option('--forecast <n>', 'the due forecast: the next N days (default 30)', int('--forecast', 2)))
    .option('--json', 'machine-readable output: every figure of the report')
    .action(async (o: { days?: number; forecast?: number; topic?: string[]; topics?: string[]; json?: boolean }) =>
      set(await (await import('./commands/stats.js')).runStats({ days: o.days, forecast: o.forecast, topic: topicsOf(o)?.join(','), json: o.json }, ctx())));

  outputOption(program.command('backup').description('a consistent copy of the collection'),
    'output file (default: backups/ beside the collection)')
    .action(async (o: { output?: string; out?: string }) => set(await (await import('./commands/backup.js')).runBackup({ out: outputOf(o) }, ctx())));
  program.command('restore <file>').description('replace the collection by a backup (the current one is kept first)')
    .action(async (file: string) => set(await (await import('./commands/backup.js')).runRestore(file, ctx())));
  program.command('doctor').description('check the collection: integrity, orphans, cards missing from decks, schema')
    .option('--dry-run', 'report without fixing')
    .action(async (o: { dryRun?: boolean }) => set(await (await import('./commands/doctor.js')).runDoctor(o, ctx())));

  applyConventions(program);
  checkCommandName(program, argv);
  await program.parseAsync(argv, { from: 'user' });
  return exitCode;
}

export { VERSION };
