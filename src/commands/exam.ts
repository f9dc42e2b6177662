// `deepcards exam …`: write a seeded practice exam and its answer key (Markdown, HTML, JSON), or sit
// it in the terminal with --take and store the result; `deepcards exam history` lists past sittings.
// Exams draw from every deck in the collection (bundled and synced alike), never from suspended or
// retired items. KaTeX (render-html) and the answer checker (mathjs) are loaded only where needed.
import { writeFileSync } from 'node:fs';
import { dayToIso, studyDay } from '../clock.js';
import { loadBundledDecks } from './bundled-decks.js';
import { UserError } from '../errors.js';
import { assembleExam, DEFAULT_COUNT, MAX_COUNT } from '../exam/assemble.js';
import type { ExamFormat } from '../exam/describe.js';
import { percent, scoreExam } from '../exam/grade.js';
import { defaultKeyPath, parseFormat, parseIntOption, parseMinutes, parseMix, parseTopics } from '../exam/options.js';
import type { Exam } from '../exam/types.js';
import { weaknessMap } from '../exam/weakness.js';
import { fnv1a } from '../questions/rng.js';
import { deleteExam, examHistory, examSource, saveExam, weaknessEvidence, type HistoryRow } from '../store/exams.js';
import type { Db } from '../store/open.js';
import { makeStyle } from '../ui/style.js';
import type { CommandContext } from './context.js';
import { openForCommand } from './open-collection.js';

export interface ExamCommandOptions {
  /** `cnn=2,rnn=1` or `cnn,rnn`. */
  topic?: string | undefined;
  /** The old spelling of --topic, still accepted. */
  topics?: string | undefined;
  count?: string | number | undefined;
  minutes?: string | number | undefined;
  seed?: string | number | undefined;
  /** `numeric=0.4,choice=0.3,recall=0.3`. */
  mix?: string | undefined;
  weak?: boolean | undefined;
  format?: string | undefined;
  /** -o FILE: the exam (`-` = stdout); default `exam.EXT` in the current directory. */
  output?: string | undefined;
  /** --key FILE: the answer key; `-` appends the key to the exam. Default: FILE-key.EXT (never stdout). */
  key?: string | undefined;
  take?: boolean | undefined;
}

/** The seed of an exam without --seed: from the clock, six digits, printed so it can be replayed. */
export function clockSeed(now: number): number {
  return fnv1a(`exam-clock:${now}`) % 1_000_000;
}

export async function runExam(opts: ExamCommandOptions, ctx: CommandContext): Promise<number> {
  // (--format is not checked here: the CLI may give it a default)
  if (opts.take && (opts.output !== undefined || opts.key !== undefined)) {
    throw new UserError('--take sits the exam in the terminal; -o and --key are for printing it', 2);
  }
  const count = parseIntOption(opts.count, '--count', 1, MAX_COUNT) ?? DEFAULT_COUNT;
  const minutes = parseMinutes(opts.minutes);
  const given = parseIntOption(opts.seed, '--seed', 0, 0xffffffff);
  const topicText = opts.topic ?? opts.topics;
  const topics = topicText === undefined ? null : parseTopics(topicText);
  const mix = opts.mix === undefined ? null : parseMix(opts.mix);
  const format = parseFormat(opts.format, opts.output);
  if (opts.output !== undefined && parseFormat(undefined, opts.output) !== format) {
    ctx.err.write(`note: writing ${format === 'md' ? 'Markdown' : format.toUpperCase()} to ${opts.output} (--format ${format})\n`);
  }
  if (format === 'json' && opts.key !== undefined) throw new UserError('--key does not apply to --format json: the JSON has the answers', 2);
  const seed = given ?? clockSeed(ctx.clock.now());

  const bundled = await loadBundledDecks(ctx);
  const titles = new Map(bundled.map((d) => [d.topic, { title: d.title, description: d.description }]));
  // printing only reads (a bundled-deck sync aside); sitting writes the result
  const db = await openForCommand(ctx, opts.take ? {} : { backup: false, readOnlyFallback: true });
  try {
    let weakness: Map<string, number> | null = null;
    if (opts.weak) {
      const ev = weaknessEvidence(db, studyDay(ctx.clock.now()));
      weakness = weaknessMap(ev.cards, ev.retention);
    }
    const { decks, skip } = examSource(db, titles);
    const exam = assembleExam(decks, { seed, count, topics, mix, minutes: minutes ?? null, weakness, skip });
    if (given === undefined) ctx.err.write(`seed ${seed} (from the clock; --seed ${seed} gives this exam again)\n`);
    for (const n of exam.notes) ctx.err.write(`note: ${n}\n`);
    if (opts.take) return await take(exam, db, ctx);
    await print(exam, format, opts, ctx);
    return 0;
  } finally {
    db.close();
  }
}

async function render(exam: Exam, format: ExamFormat, part: 'exam' | 'key' | 'both'): Promise<string> {
  if (format === 'json') return (await import('../exam/render-json.js')).renderJsonExam(exam);
  if (format === 'html') {
    const h = await import('../exam/render-html.js');
    return part === 'exam' ? h.renderHtmlExam(exam) : part === 'key' ? h.renderHtmlKey(exam) : h.renderHtmlWithKey(exam);
  }
  const m = await import('../exam/render-markdown.js');
  return part === 'exam' ? m.renderMarkdownExam(exam) : part === 'key' ? m.renderMarkdownKey(exam) : m.renderMarkdownWithKey(exam);
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UserError(`${path}: cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Where the exam and its key go. Without -o: `exam.EXT` and `exam-key.EXT` in the current directory
 * (the key is never mixed into what a terminal shows). `-o -` writes the exam to stdout; its key then
 * goes to `--key FILE`, or `exam-key.EXT`. `--key -` appends the key to the exam file.
 */
export function outputPaths(format: ExamFormat, output: string | undefined, key: string | undefined): { exam: string; key: string | null } {
  const ext = format === 'md' ? 'md' : format;
  const exam = output ?? `exam.${ext}`;
  if (format === 'json') return { exam, key: null };
  if (key === '-') {
    if (exam === '-') throw new UserError('--key - appends the key to the exam file; with -o - give --key FILE (the key never goes to stdout with the exam)', 2);
    return { exam, key: null };
  }
  const keyPath = key ?? (exam === '-' ? `exam-key.${ext}` : defaultKeyPath(exam));
  if (keyPath === exam) throw new UserError('--key must differ from -o (use --key - to append the key)', 2);
  return { exam, key: keyPath };
}

async function print(exam: Exam, format: ExamFormat, opts: ExamCommandOptions, ctx: CommandContext): Promise<void> {
  const paths = outputPaths(format, opts.output, opts.key);
  const main = await render(exam, format, paths.key === null && format !== 'json' ? 'both' : 'exam');
  const what = `${exam.questions.length} questions, ${exam.maxScore} points, ${exam.minutes} min, seed ${exam.seed}`;
  if (paths.exam === '-') ctx.out.write(main);
  else write(paths.exam, main);
  if (paths.key !== null) write(paths.key, await render(exam, format, 'key'));
  // with the exam on stdout the report goes to stderr, so stdout stays the exam alone
  const report = paths.exam === '-' ? ctx.err : ctx.out;
  const key = format === 'json' ? ' (answers included)' : paths.key ? ` and the key ${paths.key}` : ' with the key at the end';
  if (paths.exam !== '-') report.write(`wrote ${paths.exam}${key}: ${what}\n`);
  else if (paths.key !== null) report.write(`wrote the key ${paths.key}: ${what}\n`);
}

async function take(exam: Exam, db: Db, ctx: CommandContext): Promise<number> {
  const { richToTerminal } = await import('../render/rich-text.js');
  const { checkAnswer } = await import('../engine/check.js');
  const { sitExam, writeReport } = await import('../exam/take.js');
  const { pipeExamInput, ttyExamInput } = await import('../exam/exam-input.js');
  const paint = makeStyle(ctx.color);
  const render = (text: string): string => richToTerminal(text, (code) => paint.bold(code));
  const tty = ctx.stdin.isTTY === true;
  const columns = tty ? (): number => process.stdout.columns || 80 : undefined;
  const input = tty ? ttyExamInput(ctx.stdin, ctx.out, () => process.stdout.columns || 80) : pipeExamInput(ctx.stdin, ctx.out);
  let sitting;
  try {
    sitting = await sitExam(exam, { input, out: ctx.out, clock: ctx.clock, paint, render, check: checkAnswer, ...(columns ? { columns } : {}) });
  } finally {
    input.close();
  }
  if (sitting.reason === 'abandoned') {
    ctx.out.write(`\nSitting abandoned: nothing saved, no card's schedule changed. (deepcards exam ${exam.args} --take sits it again)\n`);
    return 0;
  }
  const result = scoreExam(exam, sitting.responses);
  const day = studyDay(sitting.startedAt);
  const saved = saveExam(db, {
    takenAt: sitting.startedAt,
    day,
    seed: exam.seed,
    options: { ...exam.settings, decks: exam.decks, command: `deepcards exam ${exam.args} --take`, ended: sitting.reason },
    minutes: exam.minutes,
    score: result.score,
    maxScore: result.maxScore,
    durationMs: sitting.endedAt - sitting.startedAt,
    answers: result.answers.map((a) => {
      const q = exam.questions[a.position - 1]!;
      return { ...a, seed: q.kind === 'numeric' ? q.seed : undefined };
    }),
  });
  writeReport(exam, result, sitting, { out: ctx.out, paint, render, ...(columns ? { columns } : {}) });
  ctx.out.write(`\n${paint.dim(`saved as exam #${saved.examId} (deepcards exam history; deepcards exam history --delete ${saved.examId} removes it)`)}\n`);
  const cards = (n: number): string => `${n} card${n === 1 ? '' : 's'}`;
  if (saved.madeDue.length) {
    ctx.out.write(`${cards(saved.madeDue.length)} answered wrong ${saved.madeDue.length === 1 ? 'is' : 'are'} due today (${dayToIso(day)}): ${saved.madeDue.join(', ')}\n`);
  }
  if (saved.notStudied.length) {
    ctx.out.write(paint.dim(`not studied yet, left new (they come with the daily new cards): ${saved.notStudied.join(', ')}\n`));
  }
  if (saved.alreadyDue.length) ctx.out.write(paint.dim(`already due or suspended: ${saved.alreadyDue.join(', ')}\n`));
  return 0;
}

async function deleteSitting(id: number, ctx: CommandContext): Promise<number> {
  const db = await openForCommand(ctx, { sync: false });
  try {
    const done = deleteExam(db, id);
    if (!done) throw new UserError(`no exam #${id} in the history (deepcards exam history lists them)`, 2);
    ctx.out.write(`deleted exam #${id} from the history\n`);
    if (done.restored.length) ctx.out.write(`back to their earlier due day: ${done.restored.join(', ')}\n`);
    if (done.kept.length) ctx.out.write(`studied since, schedule kept: ${done.kept.join(', ')}\n`);
    return 0;
  } finally {
    db.close();
  }
}

const SPARKS = '▁▂▃▄▅▆▇█';

/** Percentages 0–100 as a sparkline on an absolute scale (▁ below 12.5%, █ from 87.5%). */
export function sparkline(percents: readonly number[]): string {
  return percents.map((p) => SPARKS[Math.min(7, Math.max(0, Math.floor(p / 12.5)))]!).join('');
}

function localStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function minutesText(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export interface Trend {
  /** Percent scores of the last (up to) 5 sittings, oldest first. */
  last: number[];
  sparkline: string;
  /** Percentage points against the sitting before the last; null with fewer than 2 sittings. */
  change: number | null;
}

export function trendOf(rows: readonly HistoryRow[]): Trend {
  const last = rows.slice(-5).map((r) => percent(r.score, r.maxScore));
  const change = last.length >= 2 ? last[last.length - 1]! - last[last.length - 2]! : null;
  return { last, sparkline: sparkline(last), change };
}

export async function runExamHistory(opts: { json?: boolean | undefined; delete?: string | undefined }, ctx: CommandContext): Promise<number> {
  if (opts.delete !== undefined) return deleteSitting(parseIntOption(opts.delete, '--delete', 1, Number.MAX_SAFE_INTEGER)!, ctx);
  const db = await openForCommand(ctx, { sync: false });
  let rows: HistoryRow[];
  try {
    rows = examHistory(db);
  } finally {
    db.close();
  }
  const trend = trendOf(rows);
  if (opts.json) {
    ctx.out.write(`${JSON.stringify({
      exams: rows.map((r) => ({ ...r, takenAtIso: new Date(r.takenAt).toISOString(), percent: percent(r.score, r.maxScore) })),
      trend,
    }, null, 2)}\n`);
    return 0;
  }
  const s = makeStyle(ctx.color);
  if (!rows.length) {
    ctx.out.write('No exams taken yet: deepcards exam --take\n');
    return 0;
  }
  ctx.out.write(`${s.bold(`Exams (${rows.length})`)}\n`);
  for (const r of rows) {
    const topics = r.topics.map((t) => `${t.topic} ${t.earned}/${t.max}`).join(' · ');
    ctx.out.write(`#${r.id}  ${localStamp(r.takenAt)}  seed ${r.seed}  ${s.bold(`${r.score}/${r.maxScore}`)} ${String(percent(r.score, r.maxScore)).padStart(3)}%` +
      `  ${minutesText(r.durationMs)} of ${r.minutes} min\n`);
    if (topics) ctx.out.write(`    ${s.dim(topics)}\n`);
  }
  const change = trend.change === null ? '' : ` · ${trend.change > 0 ? '+' : ''}${trend.change} percentage points vs the previous`;
  ctx.out.write(`\ntrend (last ${trend.last.length}): ${trend.sparkline}  ${trend.last.map((p) => `${p}%`).join(' → ')}${change}\n`);
  return 0;
}
