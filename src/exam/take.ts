// Sitting an exam in the terminal (the shell around grade.ts), with the review's keys: questions in
// order under a live countdown; numeric answers typed (Enter on an empty answer skips), choices picked
// with 1–N (Enter skips), recall revealed with Space or Enter (n skips) and self-marked 0–2; p goes
// back; skipped questions come back after the last. q (or Ctrl-C) opens a menu: hand in — confirmed
// when questions are unanswered —, abandon without saving, or go on. Numeric answers are read by the
// engine's checker (an unreadable one is asked again); nothing is marked right or wrong until the end.
// When the time runs out the pending prompt is abandoned and the exam is handed in as it stands.
import type { Clock } from '../clock.js';
import type { Output } from '../commands/context.js';
import type { Verdict } from '../engine/check.js';
import type { Misconception, Tolerance, Value } from '../questions/types.js';
import { answerHintText, lineRanges, workedSteps } from './describe.js';
import { percent, type ExamResult, type Response } from './grade.js';
import type { Exam, Question } from './types.js';

export type CheckFn = (input: string, expected: Value, tolerance: Tolerance, misconceptions: Misconception[]) => Verdict;

/** The parts of chalk the sitting uses. */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
}

/** What the sitting reads. `quit` is q or Ctrl-C; null is the end of input. */
export type ExamAnswer = string | 'quit' | null;

/**
 * How the sitting reads the student. Prompts are functions so that a terminal can redraw them every
 * second with the time left; a pipe reads one line per prompt.
 */
export interface ExamInput {
  /** One of `keys` (' ' Space, '' Enter), or 'quit'. */
  key(prompt: () => string, keys: readonly string[]): Promise<ExamAnswer>;
  /** A line of text (trimmed), or 'quit' for a lone q. */
  line(prompt: () => string): Promise<ExamAnswer>;
  close(): void;
}

export interface TakeDeps {
  input: ExamInput;
  out: Output;
  clock: Clock;
  paint: Paint;
  /** Card text -> terminal text (render/rich-text.ts richToTerminal). */
  render: (text: string) => string;
  check: CheckFn;
  /** Resolves when `ms` have passed (tests may replace it). */
  sleep?: (ms: number) => { promise: Promise<void>; cancel: () => void };
  /** The terminal's width: text is wrapped at spaces to it. Absent: no wrapping (a pipe). */
  columns?: () => number;
}

const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * `text` wrapped at spaces so that no line is wider than `width` visible characters (colour codes
 * do not count); continuation lines get `indent` spaces. A word longer than a line stays whole.
 */
export function wrapText(text: string, width: number, indent = 0): string {
  if (!Number.isFinite(width) || width < 20) return text;
  const visible = (s: string): number => [...s.replace(ANSI, '')].length;
  return text.split('\n').map((line) => {
    const words = line.split(' ');
    const out: string[] = [];
    let cur = '';
    for (const w of words) {
      if (cur !== '' && visible(cur) + 1 + visible(w) > width) {
        out.push(cur);
        cur = ' '.repeat(indent) + w;
      } else cur = cur === '' && out.length === 0 ? w : cur === '' ? ' '.repeat(indent) + w : `${cur} ${w}`;
    }
    out.push(cur);
    return out.join('\n');
  }).join('\n');
}

export type EndReason = 'done' | 'handed-in' | 'time-up' | 'end-of-input' | 'abandoned';

export interface Sitting {
  responses: Map<number, Response>;
  startedAt: number;
  endedAt: number;
  reason: EndReason;
}

const TIMEOUT: unique symbol = Symbol('timeout');

function realSleep(ms: number): { promise: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, ms));
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/** `mm:ss` (or `h:mm:ss`) of a non-negative duration. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

type Step = { response: Response } | 'next' | 'prev' | 'quit' | 'eof' | typeof TIMEOUT;

export async function sitExam(exam: Exam, deps: TakeDeps): Promise<Sitting> {
  const { paint: s } = deps;
  const width = (): number => deps.columns?.() ?? Infinity;
  // every line the sitting prints is wrapped to the terminal (options with a hanging indent)
  const out = { write: (t: string): void => deps.out.write(wrapText(t, width(), /^ {2}\S+\. /.test(t) ? 5 : 0)) };
  const r = deps.render;
  const sleep = deps.sleep ?? realSleep;
  const startedAt = deps.clock.now();
  const deadline = startedAt + exam.minutes * 60_000;
  const left = (): number => deadline - deps.clock.now();
  const responses = new Map<number, Response>();
  const byPos = new Map(exam.questions.map((q) => [q.position, q]));
  const total = exam.questions.length;

  /** Waits for `p` or the deadline, whichever comes first. */
  const race = async <T>(p: Promise<T>): Promise<T | typeof TIMEOUT> => {
    const timer = sleep(left());
    try {
      return await Promise.race([p, timer.promise.then((): typeof TIMEOUT => TIMEOUT)]);
    } finally {
      timer.cancel();
    }
  };
  const stamp = (text: string) => (): string => `[${clockText(left())}] ${text}`;

  const ask = async (q: Question): Promise<Step> => {
    const prev = responses.get(q.position);
    out.write(`\n${s.dim(`── ${q.position}/${total} · ${q.topic} · ${q.kind} · ${q.points} pts ──`)}\n`);
    switch (q.kind) {
      case 'numeric': {
        if (q.intro) out.write(`${r(q.intro)}\n`);
        out.write(`${r(q.prompt)}\n${s.dim(`answer: ${answerHintText(q)}`)}\n`);
        if (prev?.kind === 'numeric') out.write(s.dim(`your answer so far: ${prev.input}\n`));
        for (;;) {
          const line = await race(deps.input.line(stamp('answer (Enter skips · p back · q menu) ›')));
          if (line === TIMEOUT) return TIMEOUT;
          if (line === null) return 'eof';
          if (line === 'quit') return 'quit';
          const t = line.trim();
          if (t === '') return 'next';
          if (t.toLowerCase() === 'p') return 'prev';
          const v = deps.check(t, q.answer, q.tolerance, q.misconceptions);
          if (v.kind === 'unreadable') {
            out.write(`${s.yellow('could not read that')}: ${v.message} — try again (nothing recorded)\n`);
            continue;
          }
          out.write(s.dim(`recorded (${v.readText})\n`));
          const mistake = v.kind === 'wrong' ? v.misconception?.message : undefined;
          return { response: { kind: 'numeric', input: t, correct: v.kind === 'correct', readText: v.readText, ...(mistake ? { mistake } : {}) } };
        }
      }
      case 'choice': {
        out.write(`${r(q.prompt)}\n`);
        q.options.forEach((o, i) => out.write(`  ${s.bold(String(i + 1))}. ${r(o)}\n`));
        if (prev?.kind === 'choice') out.write(s.dim(`your answer so far: ${prev.picked + 1}\n`));
        const digits = q.options.map((_o, i) => String(i + 1));
        const k = await race(deps.input.key(stamp(`1–${q.options.length} picks (Enter skips · p back · q menu) ›`), [...digits, '', 'p']));
        if (k === TIMEOUT) return TIMEOUT;
        if (k === null) return 'eof';
        if (k === 'quit') return 'quit';
        if (k === '') return 'next';
        if (k === 'p') return 'prev';
        const picked = Number(k) - 1;
        out.write(s.dim(`recorded ${picked + 1}\n`));
        return { response: { kind: 'choice', picked } };
      }
      case 'recall': {
        out.write(`${r(q.prompt)}\n`);
        if (prev?.kind === 'recall') out.write(s.dim(`marked so far: ${prev.points}/${q.points}\n`));
        const k = await race(deps.input.key(stamp('Space/Enter reveals (n skips · p back · q menu) ›'), [' ', '', 'n', 'p']));
        if (k === TIMEOUT) return TIMEOUT;
        if (k === null) return 'eof';
        if (k === 'quit') return 'quit';
        if (k === 'n') return 'next';
        if (k === 'p') return 'prev';
        out.write(`${s.green('→')} ${r(q.answer)}\n`);
        if (q.full) out.write(`${s.dim(r(q.full))}\n`);
        if (q.extra) out.write(`${s.dim(r(q.extra))}\n`);
        const g = await race(deps.input.key(stamp('your mark: 2 right · 1 partly · 0 wrong ›'), ['0', '1', '2']));
        if (g === TIMEOUT) return TIMEOUT;
        if (g === null) return 'eof';
        if (g === 'quit') return 'quit';
        return { response: { kind: 'recall', points: Math.min(q.points, Number(g)) } };
      }
    }
  };

  /** q or Ctrl-C: hand in (confirmed when questions are unanswered), abandon, or go on. */
  const menu = async (): Promise<EndReason | 'continue' | typeof TIMEOUT> => {
    const open = total - responses.size;
    out.write(`\n${s.bold('Paused')} · ${responses.size}/${total} answered · h hands in · a abandons (nothing saved) · c goes on\n`);
    const k = await race(deps.input.key(stamp('h / a / c ›'), ['h', 'a', 'c', '']));
    if (k === TIMEOUT) return TIMEOUT;
    if (k === null) return 'end-of-input';
    // a second Ctrl-C (or q) at the menu leaves without saving, as a terminal user expects of it
    if (k === 'quit' || k === 'a') {
      const sure = await race(deps.input.key(stamp('abandon this sitting? nothing is saved · y / n ›'), ['y', 'n', '']));
      if (sure === TIMEOUT) return TIMEOUT;
      if (sure === null) return 'end-of-input';
      return sure === 'y' || sure === 'quit' ? 'abandoned' : 'continue';
    }
    if (k === 'h') {
      if (open === 0) return 'handed-in';
      const sure = await race(deps.input.key(stamp(`${open} question${open === 1 ? ' is' : 's are'} unanswered: hand in anyway? y / n ›`), ['y', 'n', '']));
      if (sure === TIMEOUT) return TIMEOUT;
      if (sure === null) return 'end-of-input';
      return sure === 'y' ? 'handed-in' : 'continue';
    }
    return 'continue';
  };

  let order = exam.questions.map((q) => q.position);
  let i = 0;
  let reason: EndReason = 'done';
  out.write(`${s.bold('Practice exam')} · ${total} questions · ${exam.maxScore} points · ${exam.minutes} min · seed ${exam.seed}\n`);
  out.write(s.dim(`regenerate: deepcards exam ${exam.args} --take\n`));
  out.write(s.dim('Enter skips a question (it comes back after the last) · p goes back · q: hand in or abandon\n'));
  for (;;) {
    if (i >= order.length) {
      const open = exam.questions.filter((q) => !responses.has(q.position)).map((q) => q.position);
      if (!open.length) break;
      order = open;
      i = 0;
      out.write(`\n${s.yellow(`${open.length} question${open.length === 1 ? '' : 's'} still open`)} — back to ${open.length === 1 ? 'it' : 'them'} (q to hand in)\n`);
    }
    if (left() <= 0) {
      reason = 'time-up';
      break;
    }
    const q = byPos.get(order[i]!)!;
    const step = await ask(q);
    if (step === TIMEOUT) {
      reason = 'time-up';
      break;
    }
    if (step === 'quit') {
      const m = await menu();
      if (m === 'continue') continue;
      reason = m === TIMEOUT ? 'time-up' : m;
      break;
    }
    if (step === 'eof') {
      reason = 'end-of-input';
      break;
    }
    if (step === 'prev') {
      if (i === 0) out.write(s.dim('this is the first question of this round\n'));
      i = Math.max(0, i - 1);
      continue;
    }
    if (step !== 'next') responses.set(q.position, step.response);
    i++;
  }
  if (reason === 'time-up') out.write(`\n${s.red('Time is up.')} The exam is handed in as it stands.\n`);
  return { responses, startedAt, endedAt: deps.clock.now(), reason };
}

function pad(text: string, width: number): string {
  const n = [...text].length;
  return n >= width ? text : text + ' '.repeat(width - n);
}

function cut(text: string, width: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  const chars = [...one];
  return chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : one;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_c, j) => Math.max(...rows.map((row) => [...(row[j] ?? '')].length)));
  return rows.map((row) => row.map((c, j) => (j === row.length - 1 ? c : pad(c, widths[j]!))).join('  ').trimEnd()).join('\n');
}

/** The answer of a question, for the terminal. */
export function expectedText(q: Question, render: (t: string) => string): string {
  switch (q.kind) {
    case 'numeric':
      return render(`$${q.answerTex}$`);
    case 'choice':
      return `${q.answerIndex + 1}. ${render(q.options[q.answerIndex]!)}`;
    case 'recall':
      return render(q.answer);
  }
}

/** The end of a sitting: score, points per topic, the questions missed and their worked solutions. */
export function writeReport(exam: Exam, result: ExamResult, sitting: Sitting, deps: Pick<TakeDeps, 'out' | 'paint' | 'render' | 'columns'>): void {
  const { paint: s, render: r } = deps;
  const width = deps.columns?.() ?? Infinity;
  const out = { write: (t: string): void => deps.out.write(wrapText(t, width, /^ {2}/.test(t) ? 2 : 0)) };
  const byPos = new Map(exam.questions.map((q) => [q.position, q]));
  const used = sitting.endedAt - sitting.startedAt;
  out.write(`\n${s.bold('Result')}: ${result.score}/${result.maxScore} points (${percent(result.score, result.maxScore)}%) · ` +
    `${result.answered}/${exam.questions.length} answered · ${result.correct} fully right · time ${clockText(used)} of ${clockText(exam.minutes * 60_000)}\n\n`);
  out.write(`${table([
    ['topic', 'questions', 'answered', 'points', ''],
    ...result.topics.map((t) => [t.topic, String(t.questions), String(t.answered), `${t.earned}/${t.max}`, `${percent(t.earned, t.max)}%`]),
  ])}\n`);
  if (!result.missed.length) {
    out.write(`\n${s.green('Nothing missed.')}\n`);
    return;
  }
  out.write(`\n${s.bold(`Missed (${result.missed.length})`)}\n`);
  // the two answer columns share what the terminal leaves beside the fixed ones (24 and 48 on a pipe)
  const fixed = Math.max(...result.missed.map((a) => [...a.topic].length), 5) + 1 + 6 + 1 + 7 + 6 + 2 * 5;
  const rest = Number.isFinite(width) ? Math.max(20, width - fixed) : 72;
  const yours = Math.max(8, Math.floor(rest / 3));
  out.write(`${table([
    ['#', 'topic', 'kind', 'points', 'your answer', 'answer'],
    ...result.missed.map((a) => {
      const q = byPos.get(a.position)!;
      return [String(a.position), a.topic, a.kind, `${a.earned}/${a.points}`, cut(a.answer === null ? '—' : r(a.answer), yours), cut(expectedText(q, r), rest - yours)];
    }),
  ])}\n`);
  out.write(`\n${s.bold('Solutions')}\n`);
  for (const a of result.missed) {
    const q = byPos.get(a.position)!;
    out.write(`\n${s.bold(`${q.position}.`)} ${s.dim(`${q.cardId}${q.sheet.length ? ` · sheet ${lineRanges(q.sheet)}` : ''}`)}\n`);
    out.write(`${r(q.kind === 'numeric' && q.intro ? `${q.intro}\n${q.prompt}` : q.prompt)}\n`);
    if (q.kind === 'numeric') {
      out.write(`${s.green('answer')} ${expectedText(q, r)}\n`);
      for (const st of workedSteps(q)) out.write(`  ${r(st)}\n`);
      const given = sitting.responses.get(q.position);
      if (given?.kind === 'numeric' && given.mistake) out.write(`${s.yellow('likely mistake')}: ${r(given.mistake)}\n`);
    } else if (q.kind === 'choice') {
      out.write(`${s.green('answer')} ${expectedText(q, r)}\n`);
      if (q.explanation) out.write(`${s.dim(r(q.explanation))}\n`);
    } else {
      out.write(`${s.green('answer')} ${r(q.answer)}\n`);
      if (q.extra) out.write(`${s.dim(r(q.extra))}\n`);
    }
  }
}
