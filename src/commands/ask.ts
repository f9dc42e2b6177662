// `deepcards ask [<family>] [--seed N] [--level L]`: one numeric question now, outside the schedule
// (nothing is recorded). Prints the question and the expected form, reads one line, checks it, and
// shows the verdict with the likely mistake and the worked solution. An unreadable answer is
// explained and asked again, at most 3 times; end of input shows the solution. The seed is printed so
// the same question can be replayed.
import { createInterface } from 'node:readline';
import { formatValue } from '../engine/format.js';
import { UserError } from '../errors.js';
import { richToTerminal } from '../render/rich-text.js';
import { FAMILIES, getFamily, instantiate } from '../questions/registry.js';
import { createRng } from '../questions/rng.js';
import type { Instance, Level } from '../questions/types.js';
import { makeStyle } from '../ui/style.js';
import type { CommandContext } from './context.js';

export interface AskOptions {
  family?: string | undefined;
  seed?: number | undefined;
  level?: Level | undefined;
  /** QA interface: print the instance (or the verdict) as JSON instead of asking. */
  json?: boolean | undefined;
  /** QA interface: `A-B`, one JSON line per seed from A to B. */
  seeds?: string | undefined;
  /** QA interface: check this answer against the instance and print the verdict. */
  check?: string | undefined;
}

/** Most seeds one `--seeds A-B` prints. */
const MAX_SEED_RANGE = 100_000;

/** An instance as the QA interface prints it (R/exams-style stress testing). */
export function instanceJson(inst: Instance, title: string): Record<string, unknown> {
  return {
    family: inst.family,
    title,
    level: inst.level,
    seed: inst.seed,
    params: inst.params,
    prompt: inst.prompt,
    answer: inst.answer,
    answerHint: inst.answerHint,
    tolerance: inst.tolerance,
    misconceptions: inst.misconceptions,
    steps: inst.steps,
  };
}

function parseSeeds(text: string): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(text.trim());
  const a = m ? Number(m[1]) : NaN;
  const b = m ? Number(m[2]) : NaN;
  if (!m || a > b || b > 0xffffffff) throw new UserError(`--seeds must be A-B with 0 ≤ A ≤ B ≤ ${0xffffffff} (got ${text})`, 2);
  if (b - a + 1 > MAX_SEED_RANGE) throw new UserError(`--seeds covers at most ${MAX_SEED_RANGE} seeds at a time (got ${b - a + 1})`, 2);
  return [a, b];
}

/** The QA interface: --json, --seeds, --check. Prints JSON only; nothing is asked or recorded. */
async function runAskQa(opts: AskOptions, familyId: string, title: string, seed: number, level: Level, ctx: CommandContext): Promise<void> {
  if (opts.seeds !== undefined) {
    const [a, b] = parseSeeds(opts.seeds);
    const check = opts.check === undefined ? null : (await import('../engine/check.js')).checkAnswer;
    for (let s = a; s <= b; s++) {
      const inst = instantiate(familyId, s, level);
      const row = check ? { family: familyId, level, seed: s, verdict: check(opts.check!, inst.answer, inst.tolerance, inst.misconceptions) } : instanceJson(inst, title);
      ctx.out.write(`${JSON.stringify(row)}\n`);
    }
    return;
  }
  const inst = instantiate(familyId, seed, level);
  if (opts.check !== undefined) {
    const { checkAnswer } = await import('../engine/check.js');
    const verdict = checkAnswer(opts.check, inst.answer, inst.tolerance, inst.misconceptions);
    ctx.out.write(`${JSON.stringify({ family: familyId, level, seed, answer: inst.answer, tolerance: inst.tolerance, verdict })}\n`);
    return;
  }
  ctx.out.write(`${JSON.stringify(instanceJson(inst, title))}\n`);
}

const MAX_ATTEMPTS = 3;
/** Clock-derived seeds stay short enough to retype. */
const CLOCK_SEED_RANGE = 1_000_000;

export async function runAsk(opts: AskOptions, ctx: CommandContext): Promise<void> {
  const seed = opts.seed ?? Math.floor(ctx.clock.now()) % CLOCK_SEED_RANGE;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UserError(`--seed must be an integer from 0 to ${0xffffffff} (got ${seed})`, 2);
  }
  const level = opts.level ?? 1;
  if (![1, 2, 3].includes(level)) throw new UserError(`--level must be 1, 2 or 3 (got ${level})`, 2);
  let familyId = opts.family;
  if (familyId === undefined) {
    if (FAMILIES.length === 0) throw new UserError('no question families are registered', 1);
    familyId = createRng(seed).pick(FAMILIES).id;
  }
  const family = getFamily(familyId);
  if (!family) throw new UserError(`unknown family "${familyId}"; families: ${FAMILIES.map((f) => f.id).join(', ')}`, 2);

  if (opts.json || opts.seeds !== undefined || opts.check !== undefined) {
    await runAskQa(opts, family.id, family.title, seed, level, ctx);
    return;
  }
  const inst = instantiate(family.id, seed, level);
  const s = makeStyle(ctx.color);
  const replay = `deepcards ask ${family.id} --seed ${seed} --level ${level}`;
  ctx.out.write(`${s.bold(`${family.id} · ${family.title}`)} ${s.dim(`· level ${level} · seed ${seed}`)}\n`);
  ctx.out.write(`${richToTerminal(inst.prompt)}\n${s.dim(`answer: ${inst.answerHint}`)}\n`);

  const { checkAnswer } = await import('../engine/check.js');
  const rl = createInterface({ input: ctx.stdin, terminal: false, crlfDelay: Infinity });
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (let attempt = 1; ; attempt++) {
      ctx.out.write('answer › ');
      const next = await lines.next();
      if (next.done) {
        ctx.out.write(`\n${s.yellow('no answer')} — ${expected(inst)}\n`);
        break;
      }
      // piped input is not echoed: end the prompt line ourselves
      if (!ctx.stdin.isTTY) ctx.out.write('\n');
      const line = String(next.value).trim();
      const v = checkAnswer(line, inst.answer, inst.tolerance, inst.misconceptions);
      if (v.kind === 'unreadable') {
        ctx.out.write(`${s.yellow('could not read that')}: ${v.message}\n`);
        if (attempt < MAX_ATTEMPTS) {
          ctx.out.write(s.dim(`try again (${MAX_ATTEMPTS - attempt} ${MAX_ATTEMPTS - attempt === 1 ? 'try' : 'tries'} left): ${inst.answerHint}\n`));
          continue;
        }
        ctx.out.write(`${s.yellow('giving up after 3 unreadable answers')} — ${expected(inst)}\n`);
        break;
      }
      const mark = v.kind === 'correct' ? s.green('✓ correct') : s.red('✗ wrong');
      ctx.out.write(`${mark} · ${v.readText} · ${v.expectedText}\n`);
      if (v.kind === 'wrong') ctx.out.write(`${s.dim(v.message)}\n`);
      if (v.misconception) ctx.out.write(`${s.yellow('likely mistake')}: ${richToTerminal(v.misconception.message)}\n`);
      break;
    }
  } finally {
    rl.close();
  }
  ctx.out.write(`${s.bold('Worked solution')}\n${inst.steps.map((st) => `  ${richToTerminal(st)}`).join('\n')}\n`);
  ctx.out.write(s.dim(`replay: ${replay}\n`));
}

function expected(inst: Instance): string {
  return `the answer is ${formatValue(inst.answer, 6)}`;
}
