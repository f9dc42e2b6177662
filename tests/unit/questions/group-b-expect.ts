// Assertions shared by the group-B question tests, written independently of src/ (the comparison rule
// restated from the Tolerance contract, not imported).
import { expect } from 'vitest';
import type { Misconception, Params, Solution, Tolerance, Value } from '../../../src/questions/types.js';

/** |x − y| ≤ max(rel·|y|, abs) per component, as the Tolerance contract defines it. */
export function withinTol(given: Value, expected: Value, t: Tolerance): boolean {
  const a = Array.isArray(given) ? given : [given];
  const b = Array.isArray(expected) ? expected : [expected];
  if (Array.isArray(given) !== Array.isArray(expected) || a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    return t.kind === 'exact' ? x === y : Math.abs(x - y) <= Math.max(t.rel * Math.abs(y), t.abs);
  });
}

export function expectClose(actual: Value, expected: Value, eps = 1e-9): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual)).toBe(true);
    const xs = actual as number[];
    expect(xs).toHaveLength(expected.length);
    expected.forEach((y, i) => expect(Math.abs(xs[i]! - y), `component ${i}: ${xs[i]} vs ${y}`).toBeLessThanOrEqual(eps));
    return;
  }
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(eps);
}

export function misconception(sol: Solution, id: string): Misconception | undefined {
  return sol.misconceptions.find((m) => m.id === id);
}

/** The misconception `id` is offered and has the value `value` (within eps). */
export function expectMisconception(sol: Solution, id: string, value: Value, eps = 1e-9): void {
  const m = misconception(sol, id);
  expect(m, `misconception ${id} among ${sol.misconceptions.map((x) => x.id).join(', ')}`).toBeDefined();
  expectClose(m!.value, value, eps);
  expect(m!.message.length).toBeGreaterThan(10);
}

/**
 * The update families ask for Δθ = θ_new − θ (findings D7). Their hand-computed tests are written
 * for θ after the step; this view adds the given θ back to the answer and to every misconception.
 */
export function thetaView<F extends { solve(p: Params): Solution }>(family: F): F {
  const plus = (v: Value, theta: number[]): Value => (Array.isArray(v) ? v.map((x, i) => x + theta[i]!) : v + theta[0]!);
  return {
    ...family,
    solve(p: Params): Solution {
      const sol = family.solve(p);
      const t = p['theta']!;
      const n = Array.isArray(sol.answer) ? sol.answer.length : 1;
      const theta = Array.isArray(t) ? t : Array.from({ length: n }, () => t);
      return { ...sol, answer: plus(sol.answer, theta), misconceptions: sol.misconceptions.map((m) => ({ ...m, value: plus(m.value, theta) })) };
    },
  };
}
