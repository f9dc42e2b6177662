// Family id -> family, and the one way to turn (family, seed, level) into a concrete instance.
// Pure and free of mathjs: review sessions, exams and exports import this; only answer checking
// (src/engine) loads the expression parser.
import { FAMILIES } from './families/index.js';
import { valueMatches } from '../engine/compare.js';
import { createRng } from './rng.js';
import type { Family, Instance, Level, Misconception, Params, Solution, Tolerance, Value } from './types.js';

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
  return `within ${pct >= 1 ? pct.toFixed(0) : pct.toPrecision(1)}% (or ±${t.abs} near 0)`;
}

export function answerHint(answer: Value, t: Tolerance): string {
  const shape = Array.isArray(answer)
    ? `a list of ${answer.length} numbers separated by commas`
    : t.kind === 'exact'
      ? 'an integer'
      : 'a number or an expression such as log(2)/2';
  return t.kind === 'exact' ? shape : `${shape}, ${describeTolerance(t)}`;
}

/**
 * Answers that need no understanding: 0 (θ unchanged, for update families asking for the change),
 * and for a probability vector the uniform and the one-hot vector at its largest entry.
 */
export function trivialContrasts(answer: Value): Misconception[] {
  if (!Array.isArray(answer)) return [{ id: 'zero', message: 'You answered 0.', value: 0 }];
  const n = answer.length;
  const out: Misconception[] = [{ id: 'zero', message: 'You answered 0 for every component.', value: answer.map(() => 0) }];
  const sum = answer.reduce((a, b) => a + b, 0);
  if (n > 1 && Math.abs(sum - 1) < 1e-9 && answer.every((x) => x >= 0)) {
    const top = answer.indexOf(Math.max(...answer));
    out.push({ id: 'uniform', message: 'You gave the uniform distribution.', value: answer.map(() => 1 / n) });
    out.push({ id: 'one-hot', message: 'You gave all the mass to the largest entry.', value: answer.map((_x, i) => (i === top ? 1 : 0)) });
  }
  return out;
}

/** The contrasts (wrong methods, misconceptions, trivial answers) that the answer does not separate. */
export function coincidingContrasts(solution: Solution): Misconception[] {
  const declared = (solution.contrasts ?? solution.misconceptions).filter((m) => !m.negligible);
  const all = [...declared, ...trivialContrasts(solution.answer)];
  return all.filter((m) => valueMatches(m.value, solution.answer, solution.tolerance));
}

/** Draws for one instance before giving up on separating every contrast. */
const MAX_DRAWS = 500;

/**
 * Draws parameters until the instance discriminates: no contrast lands within tolerance of the
 * answer, and `separate` (a misconception the learner just showed) is clearly apart from it —
 * at least 5 tolerances away, or absent. Deterministic in the seed.
 */
function draw(family: Family, seed: number, level: Level, separate?: string): { params: Params; solution: Solution } {
  const rng = createRng(seed);
  let last: { params: Params; solution: Solution } | undefined;
  for (let i = 0; i < MAX_DRAWS; i++) {
    const params = family.generate(rng, level);
    const solution = family.solve(params);
    last = { params, solution };
    if (coincidingContrasts(solution).length > 0) continue;
    if (separate !== undefined && !clearlySeparated(solution, separate)) continue;
    return last;
  }
  return last!;
}

/** Whether misconception `id` (or a merged one naming it) is ≥ 5 tolerances from the answer. */
export function clearlySeparated(solution: Solution, id: string): boolean {
  const ids = id.split('+');
  const all = [...(solution.contrasts ?? []), ...solution.misconceptions];
  const m = all.find((c) => ids.includes(c.id) || (c.also ?? []).some((a) => ids.includes(a)));
  if (!m) return true;
  const t = solution.tolerance;
  const wide: Tolerance = t.kind === 'exact' ? { kind: 'relative', rel: 0, abs: 0.5 } : { kind: 'relative', rel: 5 * t.rel, abs: 5 * t.abs };
  return !valueMatches(m.value, solution.answer, wide);
}

/**
 * Build the instance of `familyId` for a seed and a level. Throws on an unknown family.
 * `separate`: the id of a misconception the learner's last answer matched; the instance is drawn
 * so that it is clearly apart from the answer (adaptive difficulty, level.ts).
 */
export function instantiate(familyId: string, seed: number, level: Level = 1, separate?: string): Instance {
  const family = byId.get(familyId);
  if (!family) throw new Error(`unknown question family: ${familyId}`);
  const { params, solution } = draw(family, seed, level, separate);
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
