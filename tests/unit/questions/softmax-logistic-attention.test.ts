// softmax, logistic-regression NLL and attention weights against hand calculations and textbook values.
import { describe, expect, it } from 'vitest';
import { getFamily } from '../../../src/questions/registry.js';
import type { Family, Params } from '../../../src/questions/types.js';

function family(id: string): Family {
  const f = getFamily(id);
  if (!f) throw new Error(`no family ${id}`);
  return f;
}
const solution = (id: string, p: Params) => family(id).solve(p);
const mistakes = (id: string, p: Params): Record<string, unknown> =>
  Object.fromEntries(family(id).solve(p).misconceptions.map((m) => [m.id, m.value]));

function expectClose(actual: unknown, expected: number[], digits = 6): void {
  expect(Array.isArray(actual)).toBe(true);
  const xs = actual as number[];
  expect(xs).toHaveLength(expected.length);
  xs.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, digits));
}

describe('softmax', () => {
  it('softmax(1, 2, 3) = (e, e², e³)/(e + e² + e³) = (0.090031, 0.244728, 0.665241)', () => {
    // e + e² + e³ = 2.718282 + 7.389056 + 20.085537 = 30.192875
    expectClose(solution('softmax', { x: [1, 2, 3] }).answer, [0.090031, 0.244728, 0.665241]);
  });

  it('Wikipedia\'s example: softmax(1, 2, 3, 4, 1, 2, 3) = (0.023641, 0.064262, 0.174681, 0.474833, …)', () => {
    expectClose(solution('softmax', { x: [1, 2, 3, 4, 1, 2, 3] }).answer, [0.023641, 0.064262, 0.174681, 0.474833, 0.023641, 0.064262, 0.174681]);
  });

  it('equal logits give the uniform distribution; large logits do not overflow', () => {
    expectClose(solution('softmax', { x: [0, 0] }).answer, [0.5, 0.5], 12);
    expectClose(solution('softmax', { x: [700, 699] }).answer, [0.731059, 0.268941]);
  });

  it('names normalising x without the exponential: (1, 2, 3)/6', () => {
    expectClose(mistakes('softmax', { x: [1, 2, 3] })['no-exponent'], [1 / 6, 1 / 3, 1 / 2], 12);
    // powers of 2: (2, 4, 8)/14
    expectClose(mistakes('softmax', { x: [1, 2, 3] })['base-two'], [1 / 7, 2 / 7, 4 / 7], 12);
  });
});

describe('sigmoid-nll', () => {
  it('σ(0) = ½: w = (1), b = 0, x = (0), y = 1 gives −ln ½ = ln 2', () => {
    expect(solution('sigmoid-nll', { w: [1], b: 0, x: [0], y: 1 }).answer).toBeCloseTo(Math.LN2, 12);
  });

  it('w = (2, −1), b = 0.5, x = (1, 3), y = 0: z = −0.5, −ln(1 − σ(−0.5)) = ln(1 + e^{−0.5}) = 0.474077', () => {
    expect(solution('sigmoid-nll', { w: [2, -1], b: 0.5, x: [1, 3], y: 0 }).answer).toBeCloseTo(0.474077, 6);
  });

  it('two examples (x = (2), (−1); y = 1, 0): ln(1 + e^{−2}) + ln(1 + e^{−1}) = 0.126928 + 0.313262 = 0.440190', () => {
    const p = { w: [1], b: 0, x: [2, -1], y: [1, 0] };
    expect(solution('sigmoid-nll', p).answer).toBeCloseTo(0.44019, 5);
    const m = mistakes('sigmoid-nll', p);
    expect(m['wrong-sign']).toBeCloseTo(-0.44019, 5);
    // −ln σ(−1) for the y = 0 example: ln(1 + e) = 1.313262, so 0.126928 + 1.313262 = 1.440190
    expect(m['log-sigma-for-zero-label']).toBeCloseTo(1.44019, 5);
    expect(m['mean-instead-of-sum']).toBeCloseTo(0.220095, 5);
  });

  it('rejects labels other than 0/1 and features that do not match', () => {
    expect(() => family('sigmoid-nll').solve({ w: [1], x: [1], y: 2 })).toThrow(/labels y must be 0 or 1/);
    expect(() => family('sigmoid-nll').solve({ w: [1, 2], x: [1, 2, 3], y: [1, 0] })).toThrow(/x must have len\(y\) · len\(w\) = 2 · 2 = 4 numbers/);
  });
});

describe('attention-weights', () => {
  // Q = K = I₂, D = 2: scores I/√2, so each row is (σ(1/√2), 1 − σ(1/√2)) up to order;
  // e^{0.707107} = 2.028115, 2.028115 / 3.028115 = 0.669762
  const identity = { q: [1, 0, 0, 1], k: [1, 0, 0, 1], d: 2 };

  it('Q = K = I, no mask: the whole matrix (0.669762, 0.330238, 0.330238, 0.669762)', () => {
    expectClose(solution('attention-weights', identity).answer, [0.669762, 0.330238, 0.330238, 0.669762]);
    expectClose(solution('attention-weights', { ...identity, row: 1 }).answer, [0.669762, 0.330238]);
  });

  it('the causal mask: row 1 only sees key 1', () => {
    expectClose(solution('attention-weights', { ...identity, mask: 1 }).answer, [1, 0, 0.330238, 0.669762]);
  });

  it('forgetting √D: softmax(1, 0) = (0.731059, 0.268941)', () => {
    expectClose(mistakes('attention-weights', { ...identity, row: 1 })['no-scaling'], [0.731059, 0.268941]);
  });

  it('T = 3, D = 4 (√D = 2), hand-checked rows', () => {
    // q3 = (2, 2, 0, 0) against k = (1,0,0,0), (0,1,0,0), (1,1,0,0): scores (2, 2, 4)/2 = (1, 1, 2)
    // softmax = (1, 1, e)/(2 + e) = (0.211942, 0.211942, 0.576117)
    const p = { q: [2, 0, 0, 0, 0, 2, 0, 0, 2, 2, 0, 0], k: [1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0], d: 4 };
    expectClose(solution('attention-weights', { ...p, row: 3 }).answer, [0.211942, 0.211942, 0.576117]);
    // q2 with the mask: scores (0, 2)/2 = (0, 1) → (1, e)/(1 + e) = (0.268941, 0.731059), key 3 masked
    expectClose(solution('attention-weights', { ...p, row: 2, mask: 1 }).answer, [0.268941, 0.731059, 0]);
    // without the mask q2 also sees k3: scores (0, 1, 1) → (1, e, e)/(1 + 2e) = (0.155362, 0.422319, 0.422319)
    expectClose(mistakes('attention-weights', { ...p, row: 2, mask: 1 })['no-mask'], [0.155362, 0.422319, 0.422319]);
  });

  it('rejects shapes that do not fit', () => {
    expect(() => family('attention-weights').solve({ q: [1, 2, 3], k: [1, 2], d: 2 })).toThrow(/q has 3 numbers, not a multiple of d = 2/);
    expect(() => family('attention-weights').solve({ q: [1, 2], k: [1, 2, 3, 4], d: 2, mask: 1 })).toThrow(/causal mask needs as many queries as keys/);
    expect(() => family('attention-weights').solve({ ...identity, row: 3 })).toThrow(/row must be an integer from 0 to 2/);
  });
});
