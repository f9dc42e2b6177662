// `deepcards [review]`: the daily session. Wires the pure session queue, SM-2 and the pure screen to
// the collection and the terminal. Each action (answer, suspend, bury) is committed before the next
// card is shown; again-today items live in the collection (items.again_day), so a quit, a Ctrl-C or
// a kill loses nothing of step 7.
import { dayToIso, studyDay } from '../clock.js';
import { clozeBack, clozeFront } from '../decks/cloze.js';
import type { Card } from '../decks/model.js';
import { richToTerminal } from '../render/rich-text.js';
import { formatInterval, review as sm2Review, type Grade } from '../scheduler/sm2.js';
import { gradeBar } from '../session/grade-bar.js';
import {
  answered, counts, current, remaining, removeItem, setAside, startSession, undo, type Entry, type Session,
} from '../session/session.js';
import { choiceOrder, misread, numericSeed, type Showing } from '../session/showing.js';
import { cardRuns } from '../screen/text.js';
import type { Block, Header } from '../screen/view.js';
import { EM_CLOSE, EM_OPEN } from '../screen/wrap.js';
import {
  againTodayIds, countToday, drillCountToday, dueItemIds, getItem, itemCard, itemState, lastMisconception, newItems, setBuried, setSuspended,
  undoAnswer, writeAnswer, AnsweredElsewhereError, type AnswerResult, type ItemRow, type NumericLog,
} from '../store/collection.js';
import { readSettings } from '../store/config.js';
import type { Db } from '../store/open.js';
import type { Settings } from '../config/keys.js';
import { pacedNewLimit } from '../store/pacing.js';
import { LineUi, TtyUi, type Reply, type SessionCommand, type Ui } from '../ui/session-ui.js';
import { makeStyle } from '../ui/style.js';
import type { CommandContext } from './context.js';
import { ensureDailyBackup, openForCommand } from './open-collection.js';
import type { Instance } from '../questions/types.js';

export interface ReviewOptions {
  topics?: string[] | undefined;
  /** --new: overrides config new-per-day for this run. */
  newLimit?: number | undefined;
  /** --limit: overrides config reviews-per-day for this run. */
  reviewLimit?: number | undefined;
}

/** What the summary needs beyond the log: how to name a missed card, which cards became leeches. */
interface Tally {
  fronts: Map<string, string>;
  leeches: string[];
}

type Answered = { grade: Grade; numeric?: NumericLog; shown?: number[]; /** the feedback stays until a key (TTY) */ pause?: boolean };
type Outcome = Answered | SessionCommand | null;

const BAR_COMMANDS = ['|', '? help', 'u undo', 's suspend', 'b bury', 'q quit'];

export async function runReview(opts: ReviewOptions, ctx: CommandContext): Promise<number> {
  // the daily backup waits until the first answer: the first card shows without that copy
  const db = await openForCommand(ctx, { backup: 'deferred' });
  let backedUp = false;
  const beforeWrite = (): void => {
    if (!backedUp) ensureDailyBackup(db, ctx);
    backedUp = true;
  };
  const settings = readSettings(db);
  const s = makeStyle(ctx.color);
  const startedAt = ctx.clock.now();
  const today = studyDay(startedAt, settings.rolloverHour);
  const topics = opts.topics ?? settings.topics ?? undefined;
  // The day's new-card limit: the --new flag for this run; else, with an exam date set, the limit
  // paced toward it (src/pacing/pace.ts); else config new-per-day. The one place it is decided.
  const paced = pacedNewLimit(db, settings, today);
  const newPerDay = opts.newLimit ?? (paced.pacedFor ? paced.limit : settings.newPerDay);
  const pacedNote = opts.newLimit === undefined && paced.pacedFor ? `new today: ${paced.limit} (paced for ${paced.pacedFor})` : null;
  const reviewsPerDay = opts.reviewLimit ?? settings.reviewsPerDay ?? undefined;
  const newLeft = Math.max(0, newPerDay - countToday(db, today, 'new'));
  const reviewLeft = reviewsPerDay === undefined ? -1 : Math.max(0, reviewsPerDay - countToday(db, today, 'review'));
  const due = reviewLeft === 0 ? [] : dueItemIds(db, today, topics, reviewLeft);
  // while paced (and no topics chosen), new cards come from the exam's topics, which the pace counts
  const fresh = newItems(db, newLeft, topics ?? (pacedNote ? paced.newTopics ?? undefined : undefined), today);
  const again = againTodayIds(db, today, topics);
  let session: Session = startSession(due, fresh.map((r) => r.id), again);
  const scheduledTotal = session.main.length;
  const tally: Tally = { fronts: new Map(), leeches: [] };

  if (remaining(session) === 0) {
    ctx.out.write(`${s.green('Nothing due.')} ${nextDueText(db, today)}\n`);
    db.close();
    return 0;
  }
  const tty = ctx.stdin.isTTY === true && process.stdout.isTTY === true;
  if (!tty) {
    ctx.out.write(`${s.bold('deepcards')} · ${due.length} due, ${fresh.length} new${session.drill.length ? `, ${session.drill.length} again today` : ''}${pacedNote ? ` · ${pacedNote}` : ''}${topics?.length ? ` · topics ${topics.join(', ')}` : ''}${paced.warning && pacedNote ? `\n${s.yellow(paced.warning)}` : ''}\n`);
    ctx.out.write(s.dim('Enter shows the answer and gives the default grade · 0–5 grade (≥3 passes, <4 again today) · u undo · s suspend · b bury · q quit · ? keys\n'));
  }
  const ui: Ui = tty ? new TtyUi(ctx.stdin, process.stdout, s) : new LineUi(ctx.stdin, ctx.out, s);
  let pending: Reply = null; // a command typed at the pause after an answer
  try {
    for (;;) {
      let outcome: Outcome;
      let item: ItemRow | undefined;
      if (pending !== null) {
        outcome = pending as SessionCommand;
        pending = null;
      } else {
        const entry = current(session);
        if (!entry) {
          // on a terminal the last action can still be taken back before the session ends
          if (!ui.tty || session.history.length === 0) break;
          ui.card({ position: 'done', topic: 'nothing left for now', kind: 'session', counts: counts(session) });
          ui.add(plainBlock('Nothing left in this session. Space/Enter shows the summary.', 'good'));
          const k = await ui.key([''], ['Space/Enter summary', 'u undo', 'q quit'], ['undo', 'quit']);
          if (k !== 'undo') break;
          pending = k;
          continue;
        }
        item = getItem(db, entry.itemId);
        if (!item || !showable(item, entry, today)) {
          session = removeItem(session, entry.itemId);
          continue;
        }
        const c = counts(session);
        const position = entry.kind === 'drill' ? `again today · ${c.again} left` : `${scheduledTotal - session.main.length + 1}/${scheduledTotal}`;
        const card = itemCard(item);
        ui.card({ position, topic: item.topic, kind: `${entry.kind} · ${card.type}`, counts: c } satisfies Header);
        const shownAt = ctx.clock.now();
        outcome = await ask(db, item, card, entry, ui, settings, today, ctx.color);
        if (typeof outcome === 'object' && outcome !== null) {
          const res = record(item, entry, outcome, shownAt);
          if (res === null) continue;
          if (outcome.pause && ui.tty) {
            const k = await ui.key([''], ['Space/Enter next card', 'u undo', 'q quit'], ['undo', 'quit']);
            if (k !== '') pending = k === null ? 'quit' : k;
          }
          continue;
        }
      }
      if (outcome === null || outcome === 'quit') break;
      if (outcome === 'undo') {
        const u = undo(session);
        if (!u) {
          ui.note('nothing to undo in this session', 'warn');
          continue;
        }
        const a = u.action;
        if (a.kind === 'answer') undoAnswer(db, a.reviewId);
        else if (a.kind === 'suspend') setSuspended(db, [a.itemId], false);
        else setBuried(db, a.itemId, a.buriedBefore);
        session = u.session;
        ui.note(`${s.yellow('undone')}: ${a.kind === 'answer' ? 'the answer to ' : `the ${a.kind} of `}${a.itemId}; it is back as it was`);
        continue;
      }
      if (!item) continue;
      beforeWrite();
      if (outcome === 'suspend') {
        setSuspended(db, [item.id], true);
        session = setAside(session, { kind: 'suspend', itemId: item.id });
        ui.note(`${s.yellow('suspended')} ${item.id} (u takes it back; later: deepcards card unsuspend ${item.id})`);
      } else if (outcome === 'bury') {
        const before = setBuried(db, item.id, today + 1);
        session = setAside(session, { kind: 'bury', itemId: item.id, buriedBefore: before });
        ui.note(`${s.yellow('buried')} ${item.id} until tomorrow (u takes it back)`);
      }
    }
  } finally {
    ui.close();
  }
  writeSummary(db, ctx, tally, startedAt, today);
  db.close();
  return 0;

  /** Commit one answer; null when another terminal answered the item first. */
  function record(item: ItemRow, entry: Entry, o: Answered, shownAt: number): AnswerResult | null {
    beforeWrite();
    const at = ctx.clock.now();
    const kind = entry.kind === 'drill' ? 'drill' : item.due === null ? 'new' : 'review';
    const after = kind === 'drill' ? null : sm2Review(itemState(item), o.grade, today);
    let res: AnswerResult;
    try {
      res = writeAnswer(db, {
        itemId: item.id, session: startedAt, at, day: today, kind, grade: o.grade, durationMs: at - shownAt, after,
        ...(o.numeric ? { numeric: o.numeric } : {}), ...(o.shown ? { shown: o.shown } : {}),
        leech: { threshold: settings.leechThreshold, action: settings.leechAction },
      });
    } catch (e) {
      if (!(e instanceof AnsweredElsewhereError)) throw e;
      session = removeItem(session, item.id);
      ui.note(`${s.yellow('not recorded')}: ${item.id} was just answered in another deepcards session`);
      return null;
    }
    session = answered(session, o.grade, res.reviewId);
    if (o.grade < 3) tally.fronts.set(item.id, shortFront(itemCard(item), item.ord));
    const next = after ? `next in ${formatInterval(after.interval)} (${dayToIso(after.due)})` : 'drill: schedule unchanged';
    ui.note(s.dim(`recorded grade ${o.grade} · ${next}${o.grade < 4 ? ' · again later today' : ''}`));
    if (res.leeched) {
      tally.leeches.push(item.id);
      if (settings.leechAction === 'suspend') {
        session = removeItem(session, item.id);
        ui.note(`${s.red('leech')}: ${item.id} lapsed ${times(settings.leechThreshold)} and is suspended — rewrite or split it, then deepcards card unsuspend ${item.id}`);
      } else ui.note(`${s.red('leech')}: ${item.id} lapsed ${times(settings.leechThreshold)} (tagged; deepcards card list --leeches)`);
    }
    return res;
  }
}

const times = (n: number): string => `${n} ${n === 1 ? 'time' : 'times'}`;

/** Still to be shown: not gone, suspended, buried, or answered meanwhile in another terminal. */
function showable(item: ItemRow, entry: Entry, today: number): boolean {
  if (item.suspended || item.retired) return false;
  if (item.buried_until !== null && item.buried_until > today) return false;
  if (entry.kind === 'new') return item.due === null;
  if (entry.kind === 'review') return item.due !== null && item.due <= today;
  return item.again_day === today; // a 4 or 5 in another terminal ended its re-drill
}

const block = (text: string, tone?: Block['tone'], lead?: string, tight = false): Block =>
  ({ runs: cardRuns(text), ...(tone ? { tone } : {}), ...(lead ? { lead } : {}), ...(tight ? { tight } : {}) });
const plainBlock = (text: string, tone?: Block['tone']): Block => ({ runs: [{ text, math: false }], ...(tone ? { tone } : {}) });

async function ask(db: Db, item: ItemRow, card: Card, entry: Entry, ui: Ui, settings: Settings, today: number, color: boolean): Promise<Outcome> {
  const drill = entry.kind === 'drill';
  const showing: Showing = { itemId: item.id, reviews: item.reviews, drill: drill ? drillCountToday(db, item.id, today) + 1 : 0 };
  const askGrade = async (allowed: readonly Grade[]): Promise<Outcome> => {
    const bar = gradeBar(itemState(item), allowed, drill, settings.defaultGrade);
    const k = await ui.key([...allowed.map(String), ''], [...bar, ...BAR_COMMANDS]);
    if (k === null || k === 'quit' || k === 'undo' || k === 'suspend' || k === 'bury') return k;
    if (k === '') return { grade: allowed.includes(settings.defaultGrade) ? settings.defaultGrade : allowed[allowed.length - 1]! };
    return { grade: Number(k) as Grade };
  };
  switch (card.type) {
    case 'basic':
    case 'cloze': {
      ui.add(block(card.type === 'basic' ? card.front : clozeFront(card.text, item.ord), 'question'));
      const k = await ui.key([''], ['Space/Enter show answer', ...BAR_COMMANDS]);
      if (k !== '') return k as Outcome;
      if (card.type === 'basic') ui.add(block(card.back, undefined, '→ '));
      else {
        // the answer is bold green; without colour (NO_COLOR, a pipe) it is bracketed like the gap was
        ui.add(block(clozeBack(card.text, item.ord, (a) => (color ? `${EM_OPEN}${a}${EM_CLOSE}` : `[${a}]`)), undefined, '→ '));
        if (card.back) ui.add(block(card.back, 'dim'));
      }
      if (card.fix) ui.add(block(`(corrects the sheet: ${card.fix.why})`, 'dim'));
      return askGrade([0, 1, 2, 3, 4, 5]);
    }
    case 'choice': {
      // shuffled at every showing, replayable: the order comes from (item, review number) and is logged
      const order = choiceOrder(showing, card.choices.length);
      ui.add(block(card.front, 'question'));
      order.forEach((c, i) => ui.add(block(card.choices[c]!, undefined, `${i + 1}. `, i < order.length - 1)));
      const keys = order.map((_c, i) => String(i + 1));
      const k = await ui.key(keys, [`1–${keys.length} pick`, ...BAR_COMMANDS]);
      if (k === null || k === 'quit' || k === 'undo' || k === 'suspend' || k === 'bury') return k;
      const picked = card.choices[order[Number(k) - 1]!]!;
      const right = picked === card.answer;
      const answerNo = order.findIndex((c) => card.choices[c] === card.answer) + 1;
      ui.add(right ? plainBlock('✓ right', 'good') : { runs: [{ text: `✗ wrong — the answer is ${answerNo}. `, math: false }, ...cardRuns(card.answer)], tone: 'bad' });
      if (card.explanation) ui.add(block(card.explanation, 'dim'));
      if (!right) return { grade: 1, shown: order, pause: true }; // a wrong pick is a failing grade (docs: "wrong answers grade 1")
      const g = await askGrade([3, 4, 5]);
      return typeof g === 'object' && g !== null ? { ...g, shown: order } : g;
    }
    case 'numeric': {
      const { instantiate } = await import('../questions/registry.js');
      const seed = numericSeed(showing);
      // The difficulty follows the learner (src/questions/level.ts): the card's level, one up per two
      // SM-2 repetitions, one down right after a lapse; after a named mistake the instance is drawn so
      // that mistake lands clearly apart from the answer. All of it comes from the item's state and its
      // last log row, so an undo brings back the same instance.
      const { levelFor } = await import('../questions/level.js');
      const adaptive = levelFor({ baseLevel: card.level, reps: item.reps, lapses: item.lapses, lastMisconception: lastMisconception(db, item.id) });
      const level = adaptive.level;
      let instance: Instance;
      try {
        instance = instantiate(card.family, seed, level, adaptive.separate);
      } catch (e) {
        ui.add(plainBlock(`cannot build this question: ${(e as Error).message}`, 'bad'));
        return 'suspend';
      }
      if (card.front) ui.add(block(card.front, 'question'));
      ui.add(block(instance.prompt, card.front ? undefined : 'question'));
      ui.add(plainBlock(`answer: ${instance.answerHint}`, 'dim'));
      const { checkAnswer, formatValue } = await import('../engine/check.js');
      const log = (answerGiven: string, correct: boolean, misconception?: string): NumericLog => ({
        family: instance.family, seed, params: JSON.stringify(instance.params), answerGiven, correct, level, ...(misconception ? { misconception } : {}),
      });
      const solution = (): void => {
        ui.add({ ...plainBlock('Worked solution', 'strong'), tight: true });
        instance.steps.forEach((st, i) => ui.add(block(st, undefined, '  ', i < instance.steps.length - 1)));
      };
      const bar = ['Enter on an empty answer shows the solution', ...BAR_COMMANDS];
      for (;;) {
        const line = await ui.line('answer ›', bar);
        if (line === null || line === 'quit' || line === 'undo' || line === 'suspend' || line === 'bury') return line;
        if (line === '') {
          const k = await ui.key(['', 'a'], [`Space/Enter show the worked solution (${drill ? 'it stays in today’s re-drills' : 'counts as grade 1'})`, 'a answer after all', 'b bury', 'q quit'], ['bury', 'quit', 'undo', 'suspend']);
          if (k === 'a') continue;
          if (k !== '') return k as Outcome;
          ui.add(plainBlock(`the answer: ${formatValue(instance.answer, 6)}`, 'strong'));
          solution();
          return { grade: 1, numeric: log('', false), pause: true };
        }
        const v = checkAnswer(line, instance.answer, instance.tolerance, instance.misconceptions);
        const reason = misread(v, instance.answer);
        if (reason !== null || v.kind === 'unreadable') {
          const why = reason ?? '';
          ui.hint(`${why.startsWith('could not read') ? why : `could not read that: ${why}`} — try again (nothing recorded)`);
          continue;
        }
        const right = v.kind === 'correct';
        ui.add(plainBlock(`${right ? '✓ right' : '✗ wrong'} · ${v.readText} · ${v.expectedText}`, right ? 'good' : 'bad'));
        if (v.misconception) ui.add(block(`likely mistake: ${v.misconception.message}`, 'warn'));
        solution();
        const numeric = log(line, right, v.misconception?.id);
        if (!right) return { grade: 1, numeric, pause: true };
        const g = await askGrade([3, 4, 5]);
        return typeof g === 'object' && g !== null ? { ...g, numeric } : g;
      }
    }
  }
}

function shortFront(card: Card, ord: number): string {
  const text = card.type === 'cloze' ? clozeFront(card.text, ord) : card.type === 'numeric' ? `numeric ${card.family}` : card.front;
  const one = richToTerminal(text).replace(/\s+/g, ' ');
  return one;
}

function nextDueText(db: Db, today: number): string {
  const next = db.prepare('SELECT min(due) FROM items WHERE due > ? AND suspended = 0 AND retired = 0').pluck().get(today) as number | null;
  return next === null ? 'No reviews scheduled.' : `Next review on ${dayToIso(next)}.`;
}

function writeSummary(db: Db, ctx: CommandContext, t: Tally, startedAt: number, today: number): void {
  const s = makeStyle(ctx.color);
  const log = db.prepare(`SELECT kind, grade FROM reviews WHERE session = ? AND source = 'deepcards'`).all(startedAt) as { kind: string; grade: number }[];
  const scheduled = log.filter((l) => l.kind !== 'drill');
  const passed = scheduled.filter((l) => l.grade >= 3).length;
  const reviewed = scheduled.filter((l) => l.kind === 'review').length;
  const fresh = scheduled.filter((l) => l.kind === 'new').length;
  const drills = log.length - scheduled.length;
  const minutes = (ctx.clock.now() - startedAt) / 60000;
  const dueTomorrow = db.prepare('SELECT count(*) FROM items i JOIN cards c ON c.id = i.card_id WHERE i.due IS NOT NULL AND i.due <= ? AND i.suspended = 0 AND i.retired = 0 AND c.retired_at IS NULL').pluck().get(today + 1) as number;
  const againLeft = db.prepare('SELECT count(*) FROM items WHERE again_day = ? AND suspended = 0 AND retired = 0').pluck().get(today) as number;
  const missed = db.prepare(`SELECT DISTINCT item_id FROM reviews WHERE session = ? AND source = 'deepcards' AND kind != 'drill' AND grade < 3`).pluck().all(startedAt) as string[];
  ctx.out.write(`\n${s.bold('Session summary')}\n`);
  const accuracy = scheduled.length ? `accuracy ${Math.round((100 * passed) / scheduled.length)}% (${passed}/${scheduled.length} passed)` : 'nothing graded';
  ctx.out.write(`reviewed ${reviewed} · new ${fresh} · re-drills ${drills} · ${accuracy}\n`);
  ctx.out.write(`time ${minutes < 1 ? `${Math.round(minutes * 60)}s` : `${minutes.toFixed(1)} min`} · due tomorrow ${dueTomorrow}${againLeft ? ` · again today ${againLeft} (run deepcards again to finish them)` : ''}\n`);
  if (missed.length) {
    ctx.out.write(`${s.red('missed today')}:\n`);
    for (const id of missed) {
      const front = t.fronts.get(id) ?? '';
      const room = Math.max(10, 78 - id.length - 4); // one line at 80 columns
      ctx.out.write(`  ${id}  ${front.length > room ? `${front.slice(0, room - 1)}…` : front}\n`);
    }
  }
  // a leech whose answer was undone is no longer one
  const leeches = t.leeches.filter((id) => db.prepare('SELECT leech FROM items WHERE id = ?').pluck().get(id) === 1);
  if (leeches.length) ctx.out.write(`${s.red('new leeches')}: ${leeches.join(', ')}\n`);
}
