// `deepcards review --cram [--topic a,b] [--failed-since DATE] [--limit N]`: drill introduced cards
// before an exam without touching their schedule. Each answer is one transaction logging a 'cram'
// row whose state before = after; the item row is never written.
import { studyDay } from '../clock.js';
import { clozeBack, clozeFront } from '../decks/cloze.js';
import { UserError } from '../errors.js';
import { cramAnswered, cramChoiceOrder, cramQueue, cramSeed, cramSkip, cramUndo, DEFAULT_CRAM_LIMIT, startCram, stillShaky, type CramState } from '../pacing/cram.js';
import { isoToDay } from '../pacing/pace.js';
import { richToTerminal } from '../render/rich-text.js';
import type { Instance } from '../questions/types.js';
import { getItem, itemCard, type ItemRow, type NumericLog } from '../store/collection.js';
import { readSettings } from '../store/config.js';
import { cramCandidates, cramCount, undoCramAnswer, writeCramAnswer } from '../store/cram.js';
import { createTtyInput, LineInput, type Input, type SessionCommand } from '../ui/input.js';
import { makeStyle } from '../ui/style.js';
import type { CommandContext } from './context.js';
import { ensureDailyBackup, openForCommand } from './open-collection.js';

export interface CramCommandOptions {
  /** False when only --failed-since was given (a usage error). */
  cram?: boolean | undefined;
  topics?: string[] | undefined;
  failedSince?: string | undefined;
  limit?: number | undefined;
}

/** Keys of a cram prompt: no suspend (that is a change to the schedule's material); undo and quit. */
const COMMANDS: readonly SessionCommand[] = ['undo', 'quit'];

export async function runCram(opts: CramCommandOptions, ctx: CommandContext): Promise<number> {
  if (!opts.cram) throw new UserError('--failed-since works with --cram (deepcards review --cram --failed-since YYYY-MM-DD)', 2);
  let failedSince: number | undefined;
  if (opts.failedSince !== undefined) {
    const iso = opts.failedSince.trim();
    const day = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? isoToDay(iso) : NaN;
    if (!Number.isInteger(day) || new Date(day * 86_400_000).toISOString().slice(0, 10) !== iso) {
      throw new UserError(`--failed-since: expected a date as YYYY-MM-DD, got "${opts.failedSince}"`, 2);
    }
    failedSince = day;
  }
  const db = await openForCommand(ctx, { backup: 'deferred' });
  let backedUp = false;
  const s = makeStyle(ctx.color);
  const startedAt = ctx.clock.now();
  const today = studyDay(startedAt, readSettings(db).rolloverHour);
  const candidates = cramCandidates(db);
  const known = new Set(candidates.map((c) => c.topic));
  for (const t of opts.topics ?? []) {
    if (!known.has(t)) {
      db.close();
      throw new UserError(`review --cram: unknown topic "${t}" (topics: ${[...known].join(', ')})`, 2);
    }
  }
  let state: CramState = startCram(cramQueue(candidates, { topics: opts.topics, failedSince, limit: opts.limit ?? DEFAULT_CRAM_LIMIT }));
  const total = state.queue.length;
  if (total === 0) {
    ctx.out.write(`Nothing to cram${failedSince !== undefined ? ` (no card failed since ${opts.failedSince})` : ''}${opts.topics?.length ? ` in ${opts.topics.join(', ')}` : ''}: only cards already introduced are crammed.\n`);
    db.close();
    return 0;
  }
  ctx.out.write(`${s.bold('deepcards cram')} · ${total} card${total === 1 ? '' : 's'}${opts.topics?.length ? ` · topics ${opts.topics.join(', ')}` : ''}`
    + `${failedSince !== undefined ? ` · failed since ${opts.failedSince}` : ''}\n`);
  ctx.out.write(s.dim('Outside the schedule: answers are logged as cram and change no interval. Enter shows the answer · 0–5 grades · u undo · q quit\n'));

  const input: Input = ctx.stdin.isTTY ? await createTtyInput(ctx.out) : new LineInput(ctx.stdin, ctx.out);
  try {
    for (;;) {
      const id = state.queue[0];
      if (id === undefined) break;
      const item = getItem(db, id);
      if (!item || item.suspended || item.retired) {
        state = cramSkip(state);
        continue;
      }
      ctx.out.write(`\n${s.dim(`── cram ${Math.min(state.answers.length + 1, total)}/${total}${state.answers.length >= total ? ' · again' : ''} · ${item.topic} ──`)}\n`);
      const shownAt = ctx.clock.now();
      const outcome = await ask(item, ctx, input, cramSeed(item.id, cramCount(db, item.id) + 1));
      if (outcome === null || outcome === 'quit') break;
      if (outcome === 'skip') {
        state = cramSkip(state);
        continue;
      }
      if (outcome === 'undo') {
        const u = cramUndo(state);
        if (!u) {
          ctx.out.write('nothing to undo in this cram session\n');
          continue;
        }
        undoCramAnswer(db, u.reviewId);
        state = u.state;
        ctx.out.write(`${s.yellow('undone')}: ${state.queue[0]} is back\n`);
        continue;
      }
      if (!backedUp) ensureDailyBackup(db, ctx);
      backedUp = true;
      const at = ctx.clock.now();
      const reviewId = writeCramAnswer(db, {
        itemId: item.id, session: startedAt, at, day: today, grade: outcome.grade, durationMs: at - shownAt,
        ...(outcome.numeric ? { numeric: outcome.numeric } : {}), ...(outcome.shown ? { shown: outcome.shown } : {}),
      });
      state = cramAnswered(state, outcome.grade, reviewId);
      ctx.out.write(s.dim(`recorded cram ${outcome.grade} · schedule unchanged${outcome.grade < 4 ? ' · again later in this cram' : ''}\n`));
    }
  } finally {
    input.close();
  }
  const passed = state.answers.filter((a) => a.grade >= 3).length;
  ctx.out.write(`\n${s.bold('Cram summary')}\n${state.answers.length} answers · ${passed} passed · ${new Set(state.answers.map((a) => a.itemId)).size} of ${total} cards seen\n`);
  const shaky = stillShaky(state);
  if (shaky.length) ctx.out.write(`${s.yellow('still shaky')}: ${shaky.join(', ')}\n`);
  db.close();
  return 0;
}

type Outcome = { grade: number; numeric?: NumericLog & { level: number }; shown?: number[] } | 'undo' | 'quit' | 'skip' | null;

/** One card, shown and graded as in a review: a wrong pick or a wrong number is grade 1. */
async function ask(item: ItemRow, ctx: CommandContext, input: Input, seed: number): Promise<Outcome> {
  const s = makeStyle(ctx.color);
  const card = itemCard(item);
  const r = (t: string): string => richToTerminal(t);
  const grade = async (allowed: readonly number[]): Promise<Outcome> => {
    const k = await input.key(`grade ${allowed.join(' ')} ›`, allowed.map(String), COMMANDS);
    if (k === null || k === 'quit' || k === 'undo') return k;
    return { grade: Number(k) };
  };
  const asCommand = (k: string | SessionCommand | null): Outcome => (k === 'quit' || k === 'undo' || k === null ? k : 'quit');
  switch (card.type) {
    case 'basic':
    case 'cloze': {
      ctx.out.write(`${r(card.type === 'basic' ? card.front : clozeFront(card.text, item.ord))}\n`);
      const k = await input.key(s.dim('[Enter] show answer ›'), [''], COMMANDS);
      if (k !== '') return asCommand(k);
      ctx.out.write(`${s.green('→')} ${r(card.type === 'basic' ? card.back : clozeBack(card.text, item.ord, (a) => s.bold.green(a)))}\n`);
      if (card.type === 'cloze' && card.back) ctx.out.write(`${s.dim(r(card.back))}\n`);
      return grade([0, 1, 2, 3, 4, 5]);
    }
    case 'choice': {
      ctx.out.write(`${r(card.front)}\n`);
      const shown = cramChoiceOrder(seed, card.choices.length);
      shown.forEach((o, i) => ctx.out.write(`  ${s.bold(String(i + 1))}. ${r(card.choices[o]!)}\n`));
      const k = await input.key(`pick 1–${card.choices.length} ›`, shown.map((_o, i) => String(i + 1)), COMMANDS);
      if (k === null || k === 'quit' || k === 'undo') return k;
      const right = card.choices[shown[Number(k) - 1]!] === card.answer;
      ctx.out.write(right ? `${s.green('✓ right')}\n` : `${s.red('✗ wrong')} — the answer is ${s.bold(r(card.answer))}\n`);
      if (card.explanation) ctx.out.write(`${s.dim(r(card.explanation))}\n`);
      if (!right) return { grade: 1, shown };
      const g = await grade([3, 4, 5]);
      return typeof g === 'object' && g !== null ? { ...g, shown } : g;
    }
    case 'numeric': {
      const { instantiate } = await import('../questions/registry.js');
      let instance: Instance;
      try {
        instance = instantiate(card.family, seed, card.level);
      } catch (e) {
        ctx.out.write(`${s.red('cannot build this question')}: ${(e as Error).message} (skipped)\n`);
        return 'skip';
      }
      if (card.front) ctx.out.write(`${r(card.front)}\n`);
      ctx.out.write(`${r(instance.prompt)}\n${s.dim(`answer: ${instance.answerHint}`)}\n`);
      const { checkAnswer } = await import('../engine/check.js');
      for (;;) {
        const line = await input.line('answer ›', COMMANDS);
        if (line === null || line === 'quit' || line === 'undo') return line;
        if (line === 'suspend') continue;
        const v = checkAnswer(line, instance.answer, instance.tolerance, instance.misconceptions);
        if (v.kind === 'unreadable') {
          ctx.out.write(`${s.yellow('could not read that')}: ${v.message} — try again (nothing recorded)\n`);
          continue;
        }
        const right = v.kind === 'correct';
        ctx.out.write(`${right ? s.green('✓ right') : s.red('✗ wrong')} · ${v.readText} · ${v.expectedText}\n`);
        if (v.misconception) ctx.out.write(`${s.yellow('likely mistake')}: ${r(v.misconception.message)}\n`);
        ctx.out.write(`${s.bold('Worked solution')}\n${instance.steps.map((st) => `  ${r(st)}`).join('\n')}\n`);
        const numeric = { family: instance.family, seed, params: JSON.stringify(instance.params), answerGiven: line, correct: right, level: card.level };
        if (!right) return { grade: 1, numeric };
        const g = await grade([3, 4, 5]);
        return typeof g === 'object' && g !== null ? { ...g, numeric } : g;
      }
    }
  }
}
