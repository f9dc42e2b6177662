// Sitting an exam in the terminal (the shell around grade.ts): questions in order with a countdown,
// skip (n or Enter) and back (p), skipped questions asked again after the last one, q hands in.
// Numeric answers are read by the engine's checker (an unreadable one is asked again) and choice
// answers are recorded without feedback until the end; recall questions are revealed and self-graded
// 0–2. When the time runs out the prompt is abandoned and the exam is handed in as it stands.
import type { Clock } from '../clock.js';
import type { Output } from '../commands/context.js';
import type { Verdict } from '../engine/check.js';
import type { Misconception, Tolerance, Value } from '../questions/types.js';
import type { Input } from '../ui/input.js';
import { lineRanges } from './describe.js';
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

export interface TakeDeps {
  input: Input;
  out: Output;
  clock: Clock;
  paint: Paint;
  /** LaTeX in card text -> terminal text. */
  render: (text: string) => string;
  check: CheckFn;
  /** Resolves when `ms` have passed (tests may replace it). */
  sleep?: (ms: number) => { promise: Promise<void>; cancel: () => void };
}

export type EndReason = 'done' | 'handed-in' | 'time-up' | 'end-of-input';

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

function letters(n: number): string[] {
  return Array.from({ length: n }, (_x, i) => String.fromCharCode(97 + i));
}

export async function sitExam(exam: Exam, deps: TakeDeps): Promise<Sitting> {
  const { out, paint: s, render: r } = deps;
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
  const stamp = (): string => `[${clockText(left())}]`;

  const ask = async (q: Question): Promise<Step> => {
    const prev = responses.get(q.position);
    out.write(`\n${s.dim(`── ${q.position}/${total} · ${q.topic} · ${q.kind} · ${q.points} pts · ${clockText(left())} left ──`)}\n`);
    switch (q.kind) {
      case 'numeric': {
        if (q.intro) out.write(`${r(q.intro)}\n`);
        out.write(`${r(q.prompt)}\n${s.dim(`answer: ${q.answerHint}`)}\n`);
        if (prev?.kind === 'numeric') out.write(s.dim(`your answer so far: ${prev.input}\n`));
        for (;;) {
          const line = await race(deps.input.line(`${stamp()} answer (Enter skips, p back, q hands in) ›`, ['quit']));
          if (line === TIMEOUT) return TIMEOUT;
          if (line === null) return 'eof';
          if (line === 'quit') return 'quit';
          const t = line.trim();
          if (t === '' || t.toLowerCase() === 'n') return 'next';
          if (t.toLowerCase() === 'p') return 'prev';
          const v = deps.check(t, q.answer, q.tolerance, q.misconceptions);
          if (v.kind === 'unreadable') {
            out.write(`${s.yellow('could not read that')}: ${v.message} — try again\n`);
            continue;
          }
          out.write(s.dim(`recorded (${v.readText})\n`));
          const mistake = v.kind === 'wrong' ? v.misconception?.message : undefined;
          return { response: { kind: 'numeric', input: t, correct: v.kind === 'correct', readText: v.readText, ...(mistake ? { mistake } : {}) } };
        }
      }
      case 'choice': {
        out.write(`${r(q.prompt)}\n`);
        q.options.forEach((o, i) => out.write(`  ${s.bold(String.fromCharCode(65 + i))}. ${r(o)}\n`));
        if (prev?.kind === 'choice') out.write(s.dim(`your answer so far: ${String.fromCharCode(65 + prev.picked)}\n`));
        const ls = letters(q.options.length);
        const digits = ls.map((_l, i) => String(i + 1));
        const last = String.fromCharCode(64 + q.options.length);
        for (;;) {
          const k = await race(deps.input.key(`${stamp()} A–${last} (Enter skips, p back, q hands in) ›`, [...ls, ...digits, '', 'n', 'p'], ['quit']));
          if (k === TIMEOUT) return TIMEOUT;
          if (k === null) return 'eof';
          if (k === 'quit') return 'quit';
          if (k === '' || k === 'n') return 'next';
          if (k === 'p') return 'prev';
          const picked = ls.includes(k) ? ls.indexOf(k) : Number(k) - 1;
          if (picked < 0 || picked >= q.options.length) continue;
          out.write(s.dim(`recorded ${String.fromCharCode(65 + picked)}\n`));
          return { response: { kind: 'choice', picked } };
        }
      }
      case 'recall': {
        out.write(`${r(q.prompt)}\n`);
        if (prev?.kind === 'recall') out.write(s.dim(`marked so far: ${prev.points}/${q.points}\n`));
        const k = await race(deps.input.key(`${stamp()} r reveals the answer (Enter skips, p back, q hands in) ›`, ['r', '', 'n', 'p'], ['quit']));
        if (k === TIMEOUT) return TIMEOUT;
        if (k === null) return 'eof';
        if (k === 'quit') return 'quit';
        if (k === '' || k === 'n') return 'next';
        if (k === 'p') return 'prev';
        out.write(`${s.green('→')} ${r(q.answer)}\n`);
        if (q.full) out.write(`${s.dim(r(q.full))}\n`);
        if (q.extra) out.write(`${s.dim(r(q.extra))}\n`);
        const g = await race(deps.input.key(`${stamp()} your mark: 2 right · 1 partly · 0 wrong ›`, ['0', '1', '2'], ['quit']));
        if (g === TIMEOUT) return TIMEOUT;
        if (g === null) return 'eof';
        if (g === 'quit') return 'quit';
        return { response: { kind: 'recall', points: Math.min(q.points, Number(g)) } };
      }
    }
  };

  let order = exam.questions.map((q) => q.position);
  let i = 0;
  let reason: EndReason = 'done';
  out.write(`${s.bold('Practice exam')} · ${total} questions · ${exam.maxScore} points · ${exam.minutes} min · seed ${exam.seed}\n`);
  out.write(s.dim(`regenerate: deepcards exam ${exam.args} --take\n`));
  out.write(s.dim('Enter or n skips (skipped questions come back after the last) · p goes back · q hands in\n'));
  for (;;) {
    if (i >= order.length) {
      const open = exam.questions.filter((q) => !responses.has(q.position)).map((q) => q.position);
      if (!open.length) break;
      order = open;
      i = 0;
      out.write(`\n${s.yellow(`${open.length} question${open.length === 1 ? '' : 's'} still open`)} — back to ${open.length === 1 ? 'it' : 'them'} (q hands in)\n`);
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
      reason = 'handed-in';
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
      return `${String.fromCharCode(65 + q.answerIndex)}. ${render(q.options[q.answerIndex]!)}`;
    case 'recall':
      return render(q.answer);
  }
}

/** The end of a sitting: score, points per topic, the questions missed and their worked solutions. */
export function writeReport(exam: Exam, result: ExamResult, sitting: Sitting, deps: Pick<TakeDeps, 'out' | 'paint' | 'render'>): void {
  const { out, paint: s, render: r } = deps;
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
  out.write(`${table([
    ['#', 'topic', 'kind', 'points', 'your answer', 'answer'],
    ...result.missed.map((a) => {
      const q = byPos.get(a.position)!;
      return [String(a.position), a.topic, a.kind, `${a.earned}/${a.points}`, cut(a.answer === null ? '—' : r(a.answer), 24), cut(expectedText(q, r), 48)];
    }),
  ])}\n`);
  out.write(`\n${s.bold('Solutions')}\n`);
  for (const a of result.missed) {
    const q = byPos.get(a.position)!;
    out.write(`\n${s.bold(`${q.position}.`)} ${s.dim(`${q.cardId}${q.sheet.length ? ` · sheet ${lineRanges(q.sheet)}` : ''}`)}\n`);
    out.write(`${r(q.kind === 'numeric' && q.intro ? `${q.intro}\n${q.prompt}` : q.prompt)}\n`);
    if (q.kind === 'numeric') {
      out.write(`${s.green('answer')} ${expectedText(q, r)}\n`);
      for (const st of q.steps) out.write(`  ${r(st)}\n`);
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
