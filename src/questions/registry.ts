// Family id -> family, and the one way to turn (family, seed, level) into a concrete instance.
// Pure and free of mathjs: review sessions, exams and exports import this; only answer checking
// (src/engine) loads the expression parser.
import { FAMILIES } from './families/index.js';
import { createRng } from './rng.js';
import type { Family, Instance, Level, Tolerance, Value } from './types.js';

export { FAMILIES };

const byId = new Map(FAMILIES.map((f) => [f.id, f]));

export function getFamily(id: string): Family | undefined {
  return byId.get(id);
}

export function familyIds(): string[] {
  return FAMILIES.map((f) => f.id);
}

export function describeTolerance(t: Tolerance): string {
  if (t.kind === 'exact') return 'exact';
  // update families use a pure absolute tolerance: ±1% of θ would accept "θ unchanged"
  if (t.rel === 0) return `within ±${t.abs}`;
  const pct = t.rel * 100;
  return `within ${pct >= 1 ? pct.toFixed(0) : pct.toPrecision(1)}% (or ±${t.abs} near zero)`;
}

export function answerHint(answer: Value, t: Tolerance): string {
  const shape = Array.isArray(answer)
    ? `a list of ${answer.length} numbers separated by commas`
    : t.kind === 'exact'
      ? 'an integer'
      : 'a number or an expression such as log(2)/2';
  return t.kind === 'exact' ? shape : `${shape}, ${describeTolerance(t)}`;
}

/** Build the instance of `familyId` for a seed and a level. Throws on an unknown family. */
export function instantiate(familyId: string, seed: number, level: Level = 1): Instance {
  const family = byId.get(familyId);
  if (!family) throw new Error(`unknown question family: ${familyId}`);
  const params = family.generate(createRng(seed), level);
  const solution = family.solve(params);
  return {
    ...solution,
    family: family.id,
    seed,
    level,
    params,
    prompt: family.prompt(params),
    answerHint: answerHint(solution.answer, solution.tolerance),
  };
}
