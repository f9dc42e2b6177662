// `deepcards ask [<family>] [--seed N] [--level L]`: one numeric question now, outside the schedule
// (nothing is recorded). Prints the question and the expected form, reads one line, checks it, and
// shows the verdict with the likely mistake and the worked solution. An unreadable answer is
// explained and asked again, at most 3 times; end of input shows the solution. The seed is printed so
// the same question can be replayed.
import { createInterface } from 'node:readline';
import { formatValue } from '../engine/format.js';
import { UserError } from '../errors.js';
import { renderLatex } from '../render/latex-unicode.js';
import { FAMILIES, getFamily, instantiate } from '../questions/registry.js';
import { createRng } from '../questions/rng.js';
import type { Instance, Level } from '../questions/types.js';
import { makeStyle } from '../ui/style.js';
import type { CommandContext } from './context.js';

export interface AskOptions {
  family?: string | undefined;
  seed?: number | undefined;
  level?: Level | undefined;
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

  const inst = instantiate(family.id, seed, level);
  const s = makeStyle(ctx.color);
  const replay = `deepcards ask ${family.id} --seed ${seed} --level ${level}`;
  ctx.out.write(`${s.bold(`${family.id} · ${family.title}`)} ${s.dim(`· level ${level} · seed ${seed}`)}\n`);
  ctx.out.write(`${renderLatex(inst.prompt)}\n${s.dim(`answer: ${inst.answerHint}`)}\n`);

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
      if (v.misconception) ctx.out.write(`${s.yellow('likely mistake')}: ${renderLatex(v.misconception.message)}\n`);
      break;
    }
  } finally {
    rl.close();
  }
  ctx.out.write(`${s.bold('Worked solution')}\n${inst.steps.map((st) => `  ${renderLatex(st)}`).join('\n')}\n`);
  ctx.out.write(s.dim(`replay: ${replay}\n`));
}

function expected(inst: Instance): string {
  return `the answer is ${formatValue(inst.answer, 6)}`;
}
