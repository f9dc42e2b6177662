// `deepcards [review]`: the daily session. Wires the pure session queue and SM-2 to the collection
// and the terminal. Each answer is committed (one transaction) before the next card is shown.
import { dayToIso, studyDay } from '../clock.js';
import { clozeBack, clozeFront } from '../decks/cloze.js';
import type { Card } from '../decks/model.js';
import { renderLatex } from '../render/latex-unicode.js';
import { formatInterval, previewOutcomes, review as sm2Review, type Grade } from '../scheduler/sm2.js';
import { answered, current, remaining, removeItem, startSession, undo, type Entry, type Session } from '../session/session.js';
import {
  countToday, dueItemIds, getItem, itemCard, itemState, newItems, setSuspended, undoAnswer, writeAnswer,
  type ItemRow, type NumericLog,
  AnsweredElsewhereError, type AnswerResult,
} from '../store/collection.js';
import type { Db } from '../store/open.js';
import { pacedNewLimitNow } from '../store/pacing.js';
import { createTtyInput, LineInput, type Input, type SessionCommand } from '../ui/input.js';
import { makeStyle } from '../ui/style.js';
import type { CommandContext } from './context.js';
import { ensureDailyBackup, openForCommand } from './open-collection.js';
import { fnv1a, seedFor } from '../questions/rng.js';
import type { Instance } from '../questions/types.js';

export interface ReviewOptions {
  topics?: string[] | undefined;
  newLimit: number;
  reviewLimit?: number | undefined;
}

/** What the summary needs beyond the log: how to name a missed card, which cards became leeches. */
interface Tally {
  fronts: Map<string, string>;
  leeches: string[];
}

export async function runReview(opts: ReviewOptions, ctx: CommandContext): Promise<number> {
  // the daily backup waits until the first answer: the first card shows without that copy
  const db = await openForCommand(ctx, { backup: 'deferred' });
  let backedUp = false;
  const beforeWrite = (): void => {
    if (!backedUp) ensureDailyBackup(db, ctx);
    backedUp = true;
  };
  const s = makeStyle(ctx.color);
  const startedAt = ctx.clock.now();
  const today = studyDay(startedAt);
  const paced = pacedNewLimitNow(db, today); // with an exam-date, today's new limit is paced toward it (src/pacing/pace.ts)
  const newLeft = Math.max(0, (paced.pacedFor ? paced.limit : opts.newLimit) - countToday(db, today, 'new'));
  const reviewLeft = opts.reviewLimit === undefined ? -1 : Math.max(0, opts.reviewLimit - countToday(db, today, 'review'));
  const due = reviewLeft === 0 ? [] : dueItemIds(db, today, opts.topics, reviewLeft);
  const fresh = newItems(db, newLeft, opts.topics ?? paced.newTopics ?? undefined, today); // while paced, new cards of the exam's topics
  let session: Session = startSession(due, fresh.map((r) => r.id));
  const total = remaining(session);
  const tally: Tally = { fronts: new Map(), leeches: [] };

  if (total === 0) {
    ctx.out.write(`${s.green('Nothing due.')} ${nextDueText(db, today)}\n`);
    db.close();
    return 0;
  }
  ctx.out.write(`${s.bold('deepcards')} · ${due.length} due, ${fresh.length} new${paced.pacedFor ? ` · new today: ${paced.limit} (paced for ${paced.pacedFor})` : ''}${opts.topics?.length ? ` · topics ${opts.topics.join(', ')}` : ''}${paced.warning ? `\n${s.yellow(paced.warning)}` : ''}\n`);
  ctx.out.write(s.dim('Enter shows the answer · 0–5 grades (≥3 passes) · u undo · s suspend · q quit\n'));

  const input: Input = ctx.stdin.isTTY ? await createTtyInput(ctx.out) : new LineInput(ctx.stdin, ctx.out);
  let done = 0;
  const drillCount = new Map<string, number>();
  try {
    for (;;) {
      const entry = current(session);
      if (!entry) break;
      const item = getItem(db, entry.itemId);
      // gone, suspended, or answered meanwhile in another terminal (no longer new / no longer due)
      const elsewhere = !!item && (entry.kind === 'new' ? item.due !== null : entry.kind === 'review' && (item.due === null || item.due > today));
      if (!item || item.suspended || item.retired || elsewhere) {
        session = removeItem(session, entry.itemId);
        continue;
      }
      const position = entry.kind === 'drill' ? `re-drill · ${session.drill.length} left` : `${done + 1}/${total}`;
      ctx.out.write(`\n${s.dim(`── ${position} · ${item.topic}${entry.kind === 'drill' ? '' : ` · ${entry.kind}`} ──`)}\n`);
      const shownAt = ctx.clock.now();
      const outcome = await ask(item, entry, input, ctx, drillCount);
      if (outcome === null || outcome === 'quit') break;
      if (outcome !== 'undo') beforeWrite();
      if (outcome === 'suspend') {
        setSuspended(db, [item.id], true);
        session = removeItem(session, item.id);
        ctx.out.write(`${s.yellow('suspended')} ${item.id} (deepcards card unsuspend ${item.id})\n`);
        continue;
      }
      if (outcome === 'undo') {
        const u = undo(session);
        if (!u) {
          ctx.out.write('nothing to undo in this session\n');
          continue;
        }
        const r = undoAnswer(db, u.reviewId);
        session = u.session;
        const back = current(session);
        if (back && back.kind !== 'drill') done = Math.max(0, done - 1);
        ctx.out.write(`${s.yellow('undone')}: ${r?.itemId ?? '?'} is back as it was\n`);
        continue;
      }
      const { grade, numeric } = outcome;
      const at = ctx.clock.now();
      const kind = entry.kind === 'drill' ? 'drill' : item.due === null ? 'new' : 'review';
      const after = kind === 'drill' ? null : sm2Review(itemState(item), grade, today);
      let res: AnswerResult;
      try {
        res = writeAnswer(db, { itemId: item.id, session: startedAt, at, day: today, kind, grade, durationMs: at - shownAt, after, ...(numeric ? { numeric } : {}) });
      } catch (e) {
        if (!(e instanceof AnsweredElsewhereError)) throw e;
        session = removeItem(session, item.id);
        ctx.out.write(`${s.yellow('not recorded')}: ${item.id} was just answered in another deepcards session\n`);
        continue;
      }
      session = answered(session, grade, res.reviewId);
      if (entry.kind !== 'drill') done++;
      if (grade < 3) tally.fronts.set(item.id, shortFront(itemCard(item), item.ord));
      const next = after ? `next in ${formatInterval(after.interval)} (${dayToIso(after.due)})` : 'drill: schedule unchanged';
      ctx.out.write(`${s.dim(`recorded grade ${grade} · ${next}${grade < 4 ? ' · again later today' : ''}`)}\n`);
      if (res.leeched) {
        tally.leeches.push(item.id);
        session = removeItem(session, item.id);
        ctx.out.write(`${s.red('leech')}: ${item.id} lapsed 8 times and is suspended — rewrite or split it, then deepcards card unsuspend ${item.id}\n`);
      }
    }
  } finally {
    input.close();
  }
  writeSummary(db, ctx, tally, startedAt, today);
  db.close();
  return 0;
}

type Outcome = { grade: Grade; numeric?: NumericLog } | SessionCommand | null;

async function ask(item: ItemRow, entry: Entry, input: Input, ctx: CommandContext, drillCount: Map<string, number>): Promise<Outcome> {
  const card = itemCard(item);
  const s = makeStyle(ctx.color);
  const state = itemState(item);
  const preview = previewOutcomes(state, 0);
  const gradeLine = (allowed: readonly Grade[]): string => {
    const parts = allowed.map((g) => `${s.bold(String(g))} ${entry.kind === 'drill' ? '' : s.dim(formatInterval(preview[g].interval))}`.trim());
    return `grade ${parts.join('  ')} ›`;
  };
  const askGrade = async (allowed: readonly Grade[]): Promise<Outcome> => {
    const k = await input.key(gradeLine(allowed), allowed.map(String));
    if (k === null || k === 'quit' || k === 'undo' || k === 'suspend') return k;
    return { grade: Number(k) as Grade };
  };
  const r = (t: string): string => renderLatex(t);
  switch (card.type) {
    case 'basic':
    case 'cloze': {
      const front = card.type === 'basic' ? card.front : clozeFront(card.text, item.ord);
      ctx.out.write(`${r(front)}\n`);
      const k = await input.key(s.dim('[Enter] show answer ›'), ['']);
      if (k !== '') return k as Outcome;
      const back = card.type === 'basic' ? card.back : clozeBack(card.text, item.ord, (a) => s.bold.green(a));
      ctx.out.write(`${s.green('→')} ${r(back)}\n`);
      if (card.type === 'cloze' && card.back) ctx.out.write(`${s.dim(r(card.back))}\n`);
      if (card.fix) ctx.out.write(s.dim(`(corrects the sheet: ${r(card.fix.why)})\n`));
      return askGrade([0, 1, 2, 3, 4, 5]);
    }
    case 'choice': {
      ctx.out.write(`${r(card.front)}\n`);
      card.choices.forEach((c, i) => ctx.out.write(`  ${s.bold(String(i + 1))}. ${r(c)}\n`));
      const keys = card.choices.map((_c, i) => String(i + 1));
      const k = await input.key(`pick 1–${card.choices.length} ›`, keys);
      if (k === null || k === 'quit' || k === 'undo' || k === 'suspend') return k;
      const picked = card.choices[Number(k) - 1]!;
      const right = picked === card.answer;
      ctx.out.write(right ? `${s.green('✓ right')}\n` : `${s.red('✗ wrong')} — the answer is ${s.bold(r(card.answer))}\n`);
      if (card.explanation) ctx.out.write(`${s.dim(r(card.explanation))}\n`);
      if (!right) return { grade: 1 }; // a wrong pick is a failing grade (docs: "wrong answers grade 1")
      return askGrade([3, 4, 5]);
    }
    case 'numeric': {
      let instance: Instance;
      let seed: number;
      const { instantiate } = await import('../questions/registry.js');
      if (entry.kind === 'drill') {
        const k = (drillCount.get(item.id) ?? 0) + 1;
        drillCount.set(item.id, k);
        seed = fnv1a(`${item.id}#${item.reviews}~drill${k}`);
      } else seed = seedFor(item.id, item.reviews);
      try {
        instance = instantiate(card.family, seed, card.level);
      } catch (e) {
        ctx.out.write(`${s.red('cannot build this question')}: ${(e as Error).message}\n`);
        return 'suspend';
      }
      if (card.front) ctx.out.write(`${r(card.front)}\n`);
      ctx.out.write(`${r(instance.prompt)}\n${s.dim(`answer: ${instance.answerHint} · seed ${seed}`)}\n`);
      const { checkAnswer } = await import('../engine/check.js');
      for (;;) {
        const line = await input.line('answer ›');
        if (line === null || line === 'quit' || line === 'undo' || line === 'suspend') return line;
        const v = checkAnswer(line, instance.answer, instance.tolerance, instance.misconceptions);
        if (v.kind === 'unreadable') {
          ctx.out.write(`${s.yellow('could not read that')}: ${v.message} — try again (nothing recorded)\n`);
          continue;
        }
        const right = v.kind === 'correct';
        ctx.out.write(`${right ? s.green('✓ right') : s.red('✗ wrong')} · ${v.readText} · ${v.expectedText}\n`);
        if (v.misconception) ctx.out.write(`${s.yellow('likely mistake')}: ${r(v.misconception.message)}\n`);
        ctx.out.write(`${s.bold('Worked solution')}\n${instance.steps.map((st) => `  ${r(st)}`).join('\n')}\n`);
        const numeric: NumericLog = { family: instance.family, seed, params: JSON.stringify(instance.params), answerGiven: line, correct: right };
        if (!right) return { grade: 1, numeric };
        const g = await askGrade([3, 4, 5]);
        return typeof g === 'object' && g !== null ? { ...g, numeric } : g;
      }
    }
  }
}

function shortFront(card: Card, ord: number): string {
  const text = card.type === 'cloze' ? clozeFront(card.text, ord) : card.type === 'numeric' ? `numeric ${card.family}` : card.front;
  const one = renderLatex(text).replace(/\s+/g, ' ');
  return one.length > 70 ? `${one.slice(0, 69)}…` : one;
}

function nextDueText(db: Db, today: number): string {
  const next = db.prepare('SELECT min(due) FROM items WHERE due > ? AND suspended = 0 AND retired = 0').pluck().get(today) as number | null;
  return next === null ? 'No reviews scheduled.' : `Next review on ${dayToIso(next)}.`;
}

function writeSummary(db: Db, ctx: CommandContext, t: Tally, startedAt: number, today: number): void {
  const s = makeStyle(ctx.color);
  const log = db.prepare(`SELECT kind, grade FROM reviews WHERE session = ?`).all(startedAt) as { kind: string; grade: number }[];
  const scheduled = log.filter((l) => l.kind !== 'drill');
  const passed = scheduled.filter((l) => l.grade >= 3).length;
  const reviewed = scheduled.filter((l) => l.kind === 'review').length;
  const fresh = scheduled.filter((l) => l.kind === 'new').length;
  const drills = log.length - scheduled.length;
  const minutes = (ctx.clock.now() - startedAt) / 60000;
  const dueTomorrow = db.prepare('SELECT count(*) FROM items i JOIN cards c ON c.id = i.card_id WHERE i.due IS NOT NULL AND i.due <= ? AND i.suspended = 0 AND i.retired = 0 AND c.retired_at IS NULL').pluck().get(today + 1) as number;
  const missed = db.prepare(`SELECT DISTINCT item_id FROM reviews WHERE session = ? AND kind != 'drill' AND grade < 3`).pluck().all(startedAt) as string[];
  ctx.out.write(`\n${s.bold('Session summary')}\n`);
  ctx.out.write(`reviewed ${reviewed} · new ${fresh} · re-drills ${drills} · accuracy ${scheduled.length ? Math.round((100 * passed) / scheduled.length) : 0}% (${passed}/${scheduled.length} passed)\n`);
  ctx.out.write(`time ${minutes < 1 ? `${Math.round(minutes * 60)}s` : `${minutes.toFixed(1)} min`} · due tomorrow ${dueTomorrow}\n`);
  if (missed.length) {
    ctx.out.write(`${s.red('missed today')}:\n`);
    for (const id of missed) ctx.out.write(`  ${id}  ${t.fronts.get(id) ?? ''}\n`);
  }
  // a leech whose answer was undone is no longer one
  const leeches = t.leeches.filter((id) => db.prepare('SELECT leech FROM items WHERE id = ?').pluck().get(id) === 1);
  if (leeches.length) ctx.out.write(`${s.red('new leeches (suspended)')}: ${leeches.join(', ')}\n`);
}
