// Every rule of docs/sm2.md pinned with hand-computed expectations.
import { describe, expect, it } from 'vitest';
import {
  EF_DELTA, INITIAL_EF, MIN_EF, NEW_STATE, previewOutcomes, review, simulate, multiplyInterval,
  needsDrill, type Grade, type ReviewState,
} from '../../../src/scheduler/sm2.js';

const state = (s: Partial<ReviewState>): ReviewState => ({
  kind: 'review', repetitions: 3, ef: 250, interval: 10, due: 100, lapses: 0, ...s,
});

describe('step 5: E-Factor per grade', () => {
  // EF' = EF + (0.1 − (5−q)(0.08 + (5−q)0.02)):
  // q5: 0.1; q4: 0.1−1·0.10 = 0; q3: 0.1−2·0.12 = −0.14; q2: 0.1−3·0.14 = −0.32;
  // q1: 0.1−4·0.16 = −0.54; q0: 0.1−5·0.18 = −0.80
  it.each([
    [5, 260], [4, 250], [3, 236], [2, 218], [1, 196], [0, 170],
  ] as [Grade, number][])('grade %i from 2.50 gives %i/100', (g, ef) => {
    expect(review(state({ ef: 250 }), g, 100).ef).toBe(ef);
  });

  it('matches the formula for every grade', () => {
    for (const q of [0, 1, 2, 3, 4, 5] as Grade[]) {
      const delta = 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02);
      expect(EF_DELTA[q]).toBe(Math.round(delta * 100));
    }
  });

  it('never goes below 1.3', () => {
    expect(review(state({ ef: 130 }), 0, 0).ef).toBe(130);
    expect(review(state({ ef: 140 }), 0, 0).ef).toBe(130); // 1.40 − 0.80 = 0.60 → 1.30
    expect(review(state({ ef: 150 }), 3, 0).ef).toBe(136); // 1.50 − 0.14 = 1.36, above the floor
    expect(review(state({ ef: 140 }), 3, 0).ef).toBe(130); // 1.40 − 0.14 = 1.26 → 1.30
    expect(MIN_EF).toBe(130);
  });

  it('is updated on failing grades too (step 6 keeps it, does not reset it to 2.5)', () => {
    expect(review(state({ ef: 200 }), 2, 0).ef).toBe(168);
  });

  it('stays exact over a long mixed sequence (no floating drift)', () => {
    // 2.50 − 5×0.14 + 3×0.10 = 2.10 exactly; in doubles the same sum is 2.0999999999999996,
    // and 10 × that EF would round 20.999… down to 21 only by luck
    expect(2.5 - 0.14 - 0.14 - 0.14 - 0.14 - 0.14 + 0.1 + 0.1 + 0.1).not.toBe(2.1);
    const s = simulate([3, 3, 3, 3, 3, 5, 5, 5]);
    expect(s.at(-1)!.ef).toBe(210);
  });
});

describe('step 3: intervals', () => {
  it('I(1) = 1, I(2) = 6, I(3) = I(2)·EF', () => {
    const s = simulate([5, 5, 5, 5]);
    // EF after each: 2.6, 2.7, 2.8, 2.9. I(3) uses the EF before that grade: 6 × 2.7 = 16.2 → 16
    // I(4) = 16 × 2.8 = 44.8 → 45
    expect(s.map((x) => x.interval)).toEqual([1, 6, 16, 45]);
    expect(s.map((x) => x.repetitions)).toEqual([1, 2, 3, 4]);
  });

  it('uses the E-Factor from before the current grade', () => {
    // n=2 → 3 with EF 2.50 and grade 3: 6 × 2.50 = 15 (not 6 × 2.36 = 14.16 → 14)
    const s = review(state({ repetitions: 2, interval: 6, ef: 250 }), 3, 0);
    expect(s.interval).toBe(15);
    expect(s.ef).toBe(236);
  });

  it('rounds to the nearest day, exact halves up', () => {
    // 155 × 1.90 = 294.5 exactly → 295
    expect(review(state({ interval: 155, ef: 190 }), 4, 0).interval).toBe(295);
    // 5 × 2.50 = 12.5 → 13; 7 × 1.30 = 9.1 → 9; 3 × 1.50 = 4.5 → 5; 11 × 1.46 = 16.06 → 16
    expect(multiplyInterval(5, 250)).toBe(13);
    expect(multiplyInterval(7, 130)).toBe(9);
    expect(multiplyInterval(3, 150)).toBe(5);
    expect(multiplyInterval(11, 146)).toBe(16);
  });

  it('sets the due day to today + interval and ignores lateness', () => {
    // due on day 100, reviewed 30 days late on day 130: the interval still grows from 10
    const s = review(state({ interval: 10, ef: 250, due: 100 }), 4, 130);
    expect(s.interval).toBe(25);
    expect(s.due).toBe(155);
  });
});

describe('step 6: lapses', () => {
  it('restarts repetitions with interval 1 and counts a lapse', () => {
    const s = review(state({ repetitions: 5, interval: 40, ef: 250, lapses: 2 }), 1, 200);
    expect(s).toEqual({ kind: 'review', repetitions: 0, ef: 196, interval: 1, due: 201, lapses: 3 });
  });

  it('then climbs the ladder 1, 1, 6, I·EF', () => {
    const s = simulate([5, 5, 5, 0, 4, 4, 4]);
    // 5,5,5: 1, 6, 16 (EF 2.6, 2.7, 2.8); 0: EF 2.0, interval 1, n=0
    // 4: n=1 → 1; 4: n=2 → 6; 4: n=3 → 6 × 2.0 = 12
    expect(s.map((x) => x.interval)).toEqual([1, 6, 16, 1, 1, 6, 12]);
    expect(s.map((x) => x.repetitions)).toEqual([1, 2, 3, 0, 1, 2, 3]);
    expect(s[3]!.lapses).toBe(1);
  });

  it('a failed first grade of a new card is not a lapse', () => {
    const s = review(NEW_STATE, 0, 10);
    expect(s).toEqual({ kind: 'review', repetitions: 0, ef: 170, interval: 1, due: 11, lapses: 0 });
  });

  it('grade 3 passes (n grows) but grade 2 fails', () => {
    expect(review(state({ repetitions: 1, interval: 1 }), 3, 0).repetitions).toBe(2);
    expect(review(state({ repetitions: 1, interval: 1 }), 2, 0).repetitions).toBe(0);
  });
});

describe('the first grade of a new card', () => {
  it('is a repetition like any other', () => {
    expect(review(NEW_STATE, 4, 50)).toEqual({ kind: 'review', repetitions: 1, ef: INITIAL_EF, interval: 1, due: 51, lapses: 0 });
    expect(review(NEW_STATE, 3, 50).ef).toBe(236);
  });
});

describe('step 7: same-day re-drill', () => {
  it('grades below 4 are drilled, a passing 3 included', () => {
    expect([0, 1, 2, 3, 4, 5].map((g) => needsDrill(g as Grade))).toEqual([true, true, true, true, false, false]);
  });
});

describe('simulate and preview', () => {
  it('5,4,3,0,5 gives the documented trace', () => {
    // 5: n1 EF2.60 I1 · 4: n2 EF2.60 I6 · 3: n3 I=6×2.60=15.6→16 EF2.46 · 0: n0 EF1.66 I1 · 5: n1 EF1.76 I1
    const s = simulate([5, 4, 3, 0, 5]);
    expect(s.map((x) => [x.repetitions, x.ef, x.interval])).toEqual([
      [1, 260, 1], [2, 260, 6], [3, 246, 16], [0, 166, 1], [1, 176, 1],
    ]);
  });

  it('previews one outcome per grade', () => {
    const p = previewOutcomes(state({ repetitions: 2, interval: 6, ef: 250 }), 0);
    expect([0, 1, 2, 3, 4, 5].map((g) => p[g as Grade].interval)).toEqual([1, 1, 1, 15, 15, 15]);
  });

  it('20 grades of 5 neither overflow nor lose exactness', () => {
    const s = simulate(Array(20).fill(5) as Grade[], 20_000);
    // independent recomputation with exact rationals: I(n) = round_half_up(I(n−1) · EF(n−1))
    let interval = 0n;
    let ef = 250n;
    s.forEach((x, i) => {
      const n = i + 1;
      const next = n === 1 ? 1n : n === 2 ? 6n : (interval * ef + 50n) / 100n;
      ef += 10n;
      interval = next;
      expect(BigInt(x.interval)).toBe(interval);
      expect(BigInt(x.ef)).toBe(ef);
      expect(Number.isSafeInteger(x.due)).toBe(true);
    });
    expect(s.at(-1)!.ef).toBe(450);
    expect(s.at(-1)!.interval).toBeGreaterThan(1e9);
    for (let i = 1; i < s.length; i++) expect(s[i]!.due).toBeGreaterThan(s[i - 1]!.due);
  });
});
