import { describe, expect, it } from 'vitest';
import { checkAnswer, formatNumber, formatValue, type Verdict } from '../../../src/engine/check.js';
import { distinctMisconceptions, valueMatches } from '../../../src/engine/compare.js';
import type { Misconception, Tolerance } from '../../../src/questions/types.js';

const EXACT: Tolerance = { kind: 'exact' };
const REL: Tolerance = { kind: 'relative', rel: 1e-2, abs: 1e-3 };

function graded(v: Verdict): Extract<Verdict, { kind: 'correct' | 'wrong' }> {
  if (v.kind === 'unreadable') throw new Error(`unreadable: ${v.message}`);
  return v;
}

describe('formatNumber / formatValue', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [16, '16'],
    [-123456, '-123456'],
    [0.34657359, '0.3466'],
    [1 / 3, '0.3333'],
    [2.5, '2.5'],
    [999.96, '1000'],
    [0.00012346, '0.0001235'],
    [1.5e-7, '1.5e-7'],
    [-2.5e-9, '-2.5e-9'],
    [1.23456789e20, '1.235e20'],
    [Infinity, '∞'],
    [NaN, 'NaN'],
  ])('formatNumber(%s) = %s', (x, s) => {
    expect(formatNumber(x)).toBe(s);
  });

  it('takes the number of significant digits', () => {
    expect(formatNumber(Math.PI, 6)).toBe('3.14159');
    expect(formatNumber(Math.PI, 2)).toBe('3.1');
  });

  it('formats lists', () => {
    expect(formatValue([0.09003057, 0.24472847, 0.66524096])).toBe('[0.09003, 0.2447, 0.6652]');
    expect(formatValue(3)).toBe('3');
  });
});

describe('checkAnswer: scalars', () => {
  it('accepts a number within the relative tolerance and echoes how it was read', () => {
    const v = graded(checkAnswer('0.3466', Math.log(2) / 2, REL, []));
    expect(v.kind).toBe('correct');
    expect(v.read).toBe(0.3466);
    expect(v.readText).toBe('read as 0.3466');
    expect(v.expectedText).toBe('expected 0.3466');
    expect(v.message).toBe('correct (within 1%)');
  });

  it('accepts an expression and shows its value', () => {
    const v = graded(checkAnswer('log(2)/2', Math.log(2) / 2, REL, []));
    expect(v.kind).toBe('correct');
    expect(v.readText).toBe('read as log(2)/2 = 0.346574');
  });

  it('uses max(rel·|y|, abs): near zero the absolute tolerance applies', () => {
    expect(checkAnswer('0.0009', 0, REL, []).kind).toBe('correct');
    expect(checkAnswer('0.0011', 0, REL, []).kind).toBe('wrong');
    expect(checkAnswer('101', 100, REL, []).kind).toBe('correct');
    expect(checkAnswer('101.1', 100, REL, []).kind).toBe('wrong');
  });

  it('reads a decimal comma in a single value', () => {
    const v = graded(checkAnswer('0,35', 0.35, REL, []));
    expect(v.kind).toBe('correct');
    expect(v.readText).toBe('read as 0.35 (decimal comma)');
    expect(graded(checkAnswer('-1,5', -1.5, REL, [])).kind).toBe('correct');
  });

  it('a list where one number is expected is unreadable (asked again), with the length', () => {
    expect(checkAnswer('0, 35', 0.35, REL, [])).toEqual({ kind: 'unreadable', message: 'expected one number, got a list of 2' });
  });

  it('exact tolerance: integers, and expressions that evaluate to one', () => {
    expect(checkAnswer('16', 16, EXACT, []).kind).toBe('correct');
    expect(checkAnswer('32/2', 16, EXACT, []).kind).toBe('correct');
    expect(checkAnswer('floor(31/2)+1', 16, EXACT, []).kind).toBe('correct');
    expect(checkAnswer('0.1*3*10', 3, EXACT, []).kind).toBe('correct'); // 3.0000000000000004
    expect(graded(checkAnswer('17', 16, EXACT, [])).message).toBe('wrong: 17 instead of 16');
    expect(graded(checkAnswer('15.5', 16, EXACT, [])).message).toBe('wrong: 15.5 is not an integer');
  });

  it('attaches the misconception the wrong value matches', () => {
    const m: Misconception = { id: 'no-plus-one', message: 'You forgot the +1.', value: 15 };
    const v = graded(checkAnswer('15', 16, EXACT, [m]));
    expect(v.kind).toBe('wrong');
    expect(v.misconception).toBe(m);
    expect(graded(checkAnswer('14', 16, EXACT, [m])).misconception).toBeUndefined();
    const bits: Misconception = { id: 'other-base', message: 'bits', value: 1 };
    expect(graded(checkAnswer('0.995', Math.LN2, REL, [bits])).misconception).toBe(bits);
  });

  it('says how far off a wrong real is', () => {
    expect(graded(checkAnswer('0.5', 0.4, REL, [])).message).toBe('wrong: not within 1% of the answer (off by 25%)');
  });
});

describe('checkAnswer: lists', () => {
  const expected = [0.09003057, 0.24472847, 0.66524096];

  it.each(['0.09, 0.245, 0.665', '[0.09, 0.245, 0.665]', '(0.09; 0.245; 0.665)', '0.09;0.245;0.665', 'exp(1)/(e+e^2+e^3), 0.2447, 0.6652'])(
    'reads %s',
    (input) => {
      expect(graded(checkAnswer(input, expected, REL, [])).kind).toBe('correct');
    },
  );

  it('keeps commas inside function calls', () => {
    const v = graded(checkAnswer('log(8, 2), max(1, 2)', [3, 2], REL, []));
    expect(v.kind).toBe('correct');
    expect(v.readText).toBe('read as [log(8, 2) = 3, max(1, 2) = 2]');
  });

  it('says which components are off', () => {
    expect(graded(checkAnswer('0.09, 0.3, 0.665', expected, REL, [])).message).toBe('wrong: value 2 of 3 is off');
    expect(graded(checkAnswer('0.1, 0.3, 0.665', expected, REL, [])).message).toBe('wrong: values 1, 2 of 3 are off');
  });

  it('a list of the wrong length is unreadable (asked again, not graded), with the lengths', () => {
    expect(checkAnswer('0.09, 0.245', expected, REL, [])).toEqual({ kind: 'unreadable', message: 'expected a list of 3 numbers, got 2 numbers' });
  });

  it('a single number where a list is expected is unreadable', () => {
    expect(checkAnswer('0.5', [0.5, 0.5], REL, [])).toEqual({ kind: 'unreadable', message: 'expected a list of 2 numbers, got 1 number' });
  });

  it('refuses decimal commas in lists and says so', () => {
    // D2: `0,2, 0,3, 0,5` for a 3-vector was read as 6 numbers and graded wrong
    expect(checkAnswer('0,2, 0,3, 0,5', [0.2, 0.3, 0.5], REL, [])).toEqual({
      kind: 'unreadable',
      message: 'expected a list of 3 numbers, got 6 numbers (decimal commas are not accepted in lists: write 0.35, not 0,35)',
    });
    const v = checkAnswer('0,5; 0,5', [0.5, 0.5], REL, []);
    expect(v).toEqual({
      kind: 'unreadable',
      message: 'expected a list of 2 numbers, got 4 numbers (decimal commas are not accepted in lists: write 0.35, not 0,35)',
    });
    const u = checkAnswer('0,5; x', [0.5, 0.5], REL, []);
    expect(u).toEqual({
      kind: 'unreadable',
      message: 'value 3 of 3: refused: unknown symbol "x" (allowed constants: pi, e) (decimal commas are not accepted in lists: write 0.35, not 0,35)',
    });
  });

  it('matches list misconceptions component-wise', () => {
    const m: Misconception = { id: 'no-exponent', message: 'normalised x', value: [1 / 6, 2 / 6, 3 / 6] };
    expect(graded(checkAnswer('0.1667, 0.3333, 0.5', expected, REL, [m])).misconception).toBe(m);
  });

  it('reports empty values', () => {
    expect(checkAnswer('1,,2', [1, 2, 3], REL, [])).toEqual({ kind: 'unreadable', message: 'value 2 of 3: empty value (two separators in a row?)' });
  });
});

describe('checkAnswer: unreadable answers say why', () => {
  it.each([
    ['', 'empty answer'],
    ['x=1', 'refused: assignment (=) is not allowed'],
    ['evaluate("1")', 'refused: unknown function "evaluate"'],
    ['0/0', 'does not evaluate to a finite real number'],
    ['2 m', 'implicit multiplication'],
  ])('%j', (input, fragment) => {
    const v = checkAnswer(input, 1, REL, []);
    expect(v.kind).toBe('unreadable');
    expect(v.kind === 'unreadable' && v.message).toContain(fragment);
  });

  it('bounds the whole answer', () => {
    expect(checkAnswer('1,'.repeat(1500) + '1', [1], REL, [])).toEqual({ kind: 'unreadable', message: 'refused: answer longer than 2000 characters' });
    expect(checkAnswer('1,'.repeat(200) + '1', [1], REL, [])).toEqual({ kind: 'unreadable', message: 'refused: more than 100 values' });
  });
});

describe('distinctMisconceptions', () => {
  it('drops values within tolerance of the answer, non-finite values, repeats and nulls', () => {
    const kept = distinctMisconceptions(1, REL, [
      { id: 'same', message: '', value: 1.005 },
      { id: 'inf', message: '', value: Infinity },
      null,
      { id: 'a', message: '', value: 2 },
      { id: 'a-again', message: '', value: 2.001 },
      { id: 'b', message: '', value: [1] },
    ]);
    expect(kept.map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('for exact answers keeps only integers', () => {
    expect(distinctMisconceptions(4, EXACT, [{ id: 'half', message: '', value: 4.5 }])).toEqual([]);
  });

  it('valueMatches compares shapes', () => {
    expect(valueMatches([1, 2], [1, 2], EXACT)).toBe(true);
    expect(valueMatches([1], 1, EXACT)).toBe(false);
    expect(valueMatches([1, 2], [1, 2, 3], EXACT)).toBe(false);
  });
});

describe('checkAnswer: reading as the learner meant (findings D1, D2, D12)', () => {
  const msg = (v: ReturnType<typeof checkAnswer>): string => (v.kind === 'unreadable' ? v.message : `graded ${v.kind}`);

  it('D2: numbers separated only by spaces are unreadable, not a subtraction (adam --seed 0 --level 3 typed "-1.99 -1.09")', () => {
    expect(msg(checkAnswer('-1.99 -1.09', [-1.99, -1.09], REL, []))).toContain('separated only by spaces');
    expect(msg(checkAnswer('-1.99 -1.09', -3.08, REL, []))).toContain('separated only by spaces');
    expect(msg(checkAnswer('0.2 0.3 0.5', [0.2, 0.3, 0.5], REL, []))).toContain('separated only by spaces');
    // a subtraction written with spaces on both sides, or none, is still an expression
    expect(graded(checkAnswer('1 - 2', -1, REL, [])).kind).toBe('correct');
    expect(graded(checkAnswer('1-2', -1, REL, [])).kind).toBe('correct');
    expect(graded(checkAnswer('2 * -1', -2, REL, [])).kind).toBe('correct');
  });

  it('reads U+2212 (the minus printed in feedback) as a minus', () => {
    expect(graded(checkAnswer('\u22120.5', -0.5, REL, [])).kind).toBe('correct');
    expect(graded(checkAnswer('1 \u2212 0.25, \u22121', [0.75, -1], REL, [])).kind).toBe('correct');
  });

  it('D12: refuses # comments', () => {
    expect(msg(checkAnswer('-1/2 # comment', -0.5, REL, []))).toContain('# starts a comment');
  });

  it('D1: the expected value shown is accepted when typed back (rmsprop --seed 15 --level 2 showed -1.09954, rejected)', () => {
    // an absolute tolerance of 2e-6 on θ ≈ -1.1: 6 significant digits are not enough
    const tol = { kind: 'relative' as const, rel: 0, abs: 2e-6 };
    const answer = -1.0995432817;
    const v = graded(checkAnswer('0', answer, tol, []));
    const shown = v.expectedText.replace('expected ', '');
    expect(graded(checkAnswer(shown, answer, tol, [])).kind).toBe('correct');
    // and for lists with a relative tolerance
    const list = [0.0900305732, 0.2447284711, 0.6652409558];
    const w = graded(checkAnswer('0, 0, 1', list, REL, []));
    expect(graded(checkAnswer(w.expectedText.replace('expected ', ''), list, REL, [])).kind).toBe('correct');
  });

  it('D9: names every mistake a value matches', () => {
    const a: Misconception = { id: 'no-plus-one', message: 'You forgot the +1.', value: 13 };
    const b: Misconception = { id: 'padding-once', message: 'You added the padding once.', value: 13 };
    const v = graded(checkAnswer('13', 14, { kind: 'exact' }, [a, b]));
    expect(v.misconception?.message).toBe('You forgot the +1. Or: You added the padding once.');
    expect(v.misconception?.id).toBe('no-plus-one');
    expect(v.misconception?.also).toEqual(['padding-once']);
  });
});
