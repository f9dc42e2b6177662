import { describe, expect, it } from 'vitest';
import { fmt, fmtList, fmtP, fmtTo, fmtValue } from '../../../src/questions/format.js';

describe('format: numbers for LaTeX prompts and steps', () => {
  it('fmt keeps at most sig significant digits and trims zeros', () => {
    expect(fmt(0.123456)).toBe('0.1235');
    expect(fmt(2)).toBe('2');
    expect(fmt(-1.5)).toBe('-1.5');
    expect(fmt(1.28, 6)).toBe('1.28');
    expect(fmt(1 / 3, 6)).toBe('0.333333');
    expect(fmt(-0)).toBe('0');
    expect(fmt(12345.678, 6)).toBe('12345.7');
  });

  it('fmt writes very small and very large magnitudes as LaTeX powers of ten', () => {
    expect(fmt(1e-8)).toBe('10^{-8}');
    expect(fmt(-1e-7)).toBe('-10^{-7}');
    expect(fmt(2.5e-5)).toBe('2.5 \\times 10^{-5}');
    expect(fmt(3e6)).toBe('3 \\times 10^{6}');
    expect(fmt(0.0001)).toBe('0.0001');
  });

  it('fmt marks non-finite values', () => {
    expect(fmt(Number.POSITIVE_INFINITY)).toBe('\\infty');
    expect(fmt(Number.NaN)).toBe('NaN');
  });

  it('fmtTo shows one digit beyond the tolerance', () => {
    expect(fmtTo(0.99900000001, 1e-5)).toBe('0.999');
    expect(fmtTo(-1.4316221, 2e-4)).toBe('-1.43162');
    expect(fmtTo(1.2345678, 1e-3)).toBe('1.2346');
    expect(fmtTo(-0.00001, 1e-3)).toBe('0');
  });

  it('fmtP parenthesizes negatives for substitution; fmtList and fmtValue join', () => {
    expect(fmtP(-0.3)).toBe('(-0.3)');
    expect(fmtP(0.3)).toBe('0.3');
    expect(fmtList([1, -0.5, 2])).toBe('1, -0.5, 2');
    expect(fmtValue([1, -0.5])).toBe('(1, -0.5)');
    expect(fmtValue(0.25)).toBe('0.25');
  });
});
