// What every command shares on the command line: help that fits the terminal and ends with examples,
// usage errors that point at the command's own --help, and "did you mean" for a mistyped command
// even though `review` is the default (commander would hand the word to review as an argument).
import type { Command } from 'commander';
import { suggest } from './suggest.js';

/** Help width: the terminal's, else $COLUMNS, else 80. */
export function helpWidth(env: NodeJS.ProcessEnv, stdout: { isTTY?: boolean; columns?: number }): number {
  const cols = stdout.isTTY && stdout.columns ? stdout.columns : Number(env['COLUMNS']);
  return Number.isInteger(cols) && cols >= 40 ? Math.min(cols, 200) : 80;
}

/** Examples shown at the end of each command's --help (a command without any fails tests/cli/help.test.ts). */
export const EXAMPLES: Record<string, string[]> = {
  deepcards: ['deepcards                        # today\'s review', 'deepcards status', 'deepcards stats --days 90', 'deepcards card show cnn.bn-bias'],
  review: ['deepcards --topic cnn,rnn --new 10', 'deepcards review --limit 50'],
  status: ['deepcards status', 'deepcards status --json'],
  simulate: ['deepcards simulate --grades 5,4,3,0,5', 'deepcards simulate --grades 5,5,5 --json'],
  decks: ['deepcards decks list', 'deepcards decks show cnn'],
  'decks list': ['deepcards decks list --json'],
  'decks show': ['deepcards decks show rnn'],
  'decks check': ['deepcards decks check', 'deepcards decks check decks-mine/'],
  'decks sync': ['deepcards decks sync decks-mine/ --dry-run'],
  'decks coverage': ['deepcards decks coverage --min 90'],
  'decks errata': ['deepcards decks errata --topic cnn,rnn'],
  'decks generate': ['deepcards decks generate my-sheet.md -o decks-mine/'],
  card: ['deepcards card show cnn.bn-bias', 'deepcards card list --leeches'],
  'card show': ['deepcards card show cnn.bn-bias', 'deepcards card show rl-classical.return#c2'],
  'card suspend': ['deepcards card suspend training.adam-bias-correction'],
  'card unsuspend': ['deepcards card unsuspend training.adam-bias-correction'],
  'card reset': ['deepcards card reset rl-classical.return#c2'],
  'card list': ['deepcards card list --leeches', 'deepcards card list --topic cnn --json'],
  solve: ['deepcards solve --list', 'deepcards solve conv-output size=32 kernel=3 stride=2 padding=1'],
  ask: ['deepcards ask', 'deepcards ask q-learning --seed 7 --level 2'],
  undo: ['deepcards undo'],
  exam: ['deepcards exam --topic cnn,rnn --count 10 -o exam.md', 'deepcards exam --take --count 10 --minutes 20'],
  'exam history': ['deepcards exam history'],
  export: ['deepcards export anki -o deepcards.apkg', 'deepcards export csv --anki'],
  'export anki': ['deepcards export anki -o dl.apkg --topic cnn --with-scheduling'],
  'export csv': ['deepcards export csv -o cards.csv --topic rnn'],
  stats: ['deepcards stats', 'deepcards stats --days 90 --forecast 14 --topic cnn'],
  backup: ['deepcards backup -o ~/deepcards-copy.db'],
  restore: ['deepcards restore ~/deepcards-copy.db'],
  doctor: ['deepcards doctor --dry-run'],
  config: ['deepcards config list', 'deepcards config set new-per-day 10'],
  'config list': ['deepcards config list --json'],
  'config get': ['deepcards config get new-per-day'],
  'config set': ['deepcards config set new-per-day 10', 'deepcards config set exam-date 2026-07-15'],
  'config unset': ['deepcards config unset new-per-day'],
  plan: ['deepcards plan', 'deepcards plan --topic cnn,rnn --json'],
  import: ['deepcards import anki collection.colpkg --dry-run'],
  'import anki': ['deepcards import anki collection.colpkg --dry-run', 'deepcards import anki deepcards.apkg'],
};

export function commandPath(c: Command): string {
  const names: string[] = [];
  for (let x: Command | null = c; x && x.parent; x = x.parent) names.unshift(x.name());
  return names.join(' ') || c.name();
}

/** Every command: its own hint after a usage error, and its examples after the help. */
export function applyConventions(program: Command): void {
  const walk = (c: Command): void => {
    const path = commandPath(c);
    const full = c.parent ? `deepcards ${path}` : 'deepcards';
    c.showHelpAfterError(`(see ${full} --help)`);
    const ex = EXAMPLES[path];
    if (ex?.length) c.addHelpText('after', `\nExamples:\n${ex.map((e) => `  ${e}`).join('\n')}\n`);
    for (const sub of c.commands) walk(sub);
  };
  walk(program);
}

/** Root options that take a value (their value is not a command name). */
const ROOT_VALUE_OPTIONS = new Set(['--db']);

/**
 * Before commander runs: the first word, if there is one before any review option, must name a
 * command; otherwise commander would pass it to the default command as a stray argument.
 */
export function checkCommandName(program: Command, argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === '--') return;
    if (tok.startsWith('-')) {
      if (ROOT_VALUE_OPTIONS.has(tok)) i++;
      else if (!['--no-color', '-V', '--version', '-h', '--help'].includes(tok) && !tok.startsWith('--db=')) return; // review's options follow
      continue;
    }
    const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
    if (tok === 'help' || names.includes(tok)) return;
    const near = suggest(tok, names.filter((n) => !program.commands.find((c) => c.name() === n && (c as unknown as { _hidden?: boolean })._hidden)));
    const hint = near.length ? `\n(Did you mean ${near.length === 1 ? near[0] : `${near.slice(0, -1).join(', ')} or ${near[near.length - 1]}`}?)` : '';
    program.error(`error: unknown command '${tok}'${hint}`, { code: 'commander.unknownCommand', exitCode: 2 });
  }
}
