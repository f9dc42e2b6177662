// Every generated instance discriminates (issue 11): no contrast a family declares — a wrong method
// or a named misconception — and no trivial answer (0, the uniform or the one-hot vector) lands within
// the tolerance of the answer. ≥ 1,000 seeds per family and level; DEEPCARDS_SLOW=1 runs 5,000.
// The comparison and the trivial answers are restated here, not imported from src/.
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../../src/questions/families/index.js';
import { instantiate } from '../../../src/questions/registry.js';
import type { Level, Misconception, Value } from '../../../src/questions/types.js';
import { withinTol } from './group-b-expect.js';

const SEEDS = process.env['DEEPCARDS_SLOW'] ? 5000 : 1000;
const LEVELS: Level[] = [1, 2, 3];

function trivial(answer: Value): Value[] {
  if (!Array.isArray(answer)) return [0];
  const out: Value[] = [answer.map(() => 0)];
  const sum = answer.reduce((a, b) => a + b, 0);
  if (answer.length > 1 && Math.abs(sum - 1) < 1e-9 && answer.every((x) => x >= 0)) {
    out.push(answer.map(() => 1 / answer.length));
    const top = answer.indexOf(Math.max(...answer));
    out.push(answer.map((_x, i) => (i === top ? 1 : 0)));
  }
  return out;
}

describe.each(FAMILIES.map((f) => [f.id] as const))('%s', (id) => {
  it.each(LEVELS)(`level %i: no contrast is accepted in ${SEEDS} seeds`, (level) => {
    const accepted: string[] = [];
    for (let seed = 0; seed < SEEDS; seed++) {
      const inst = instantiate(id, seed, level);
      const contrasts: Misconception[] = (inst.contrasts ?? inst.misconceptions).filter((m) => !m.negligible);
      for (const m of contrasts) if (withinTol(m.value, inst.answer, inst.tolerance)) accepted.push(`seed ${seed}: ${m.id}`);
      for (const t of trivial(inst.answer)) if (withinTol(t, inst.answer, inst.tolerance)) accepted.push(`seed ${seed}: trivial ${JSON.stringify(t)}`);
      if (accepted.length > 5) break;
    }
    expect(accepted).toEqual([]);
  });
});
