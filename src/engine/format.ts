// Number formatting shared by the answer checker and the question families' worked steps.
// Pure and free of mathjs, so families (loaded by every review session) can use it.
import type { Value } from '../questions/types.js';

/**
 * A number for people: integers as integers (up to 1e15), otherwise `sig` significant digits with
 * trailing zeros removed, and exponent notation (`1.5e-7`) for very small or very large magnitudes.
 */
export function formatNumber(x: number, sig = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (x === 0) return '0'; // also -0
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const digits = Math.min(Math.max(Math.round(sig), 1), 17);
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e15) {
    const fixed = Number(x.toPrecision(digits));
    // Number(toPrecision) drops exponent notation; String() of a value in this range is plain
    if (Math.abs(fixed) < 1e15) return stripZeros(String(fixed));
  }
  const [mantissa = '', exponent = '0'] = x.toExponential(digits - 1).split('e');
  return `${stripZeros(mantissa)}e${Number(exponent)}`;
}

/** A value: a number, or a list as `[a, b, c]`. */
export function formatValue(v: Value, sig = 4): string {
  return Array.isArray(v) ? `[${v.map((x) => formatNumber(x, sig)).join(', ')}]` : formatNumber(v, sig);
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}
