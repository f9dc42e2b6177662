// Number formatting for prompts and worked steps. Output is LaTeX-safe, so it can sit between $…$
// (scientific notation is written `3 \times 10^{-8}`, never `3e-8`).

const SCI_SMALL = 1e-4;
const SCI_LARGE = 1e6;

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** `x` with at most `sig` significant digits, trailing zeros trimmed: fmt(0.123456) = "0.1235", fmt(2) = "2". */
export function fmt(x: number, sig = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  if (x === 0) return '0';
  const ax = Math.abs(x);
  if (ax < SCI_SMALL || ax >= SCI_LARGE) {
    const [mant = '0', expo = '0'] = x.toExponential(Math.max(0, sig - 1)).split('e');
    const m = trimZeros(mant);
    const e = Number(expo);
    return m === '1' ? `10^{${e}}` : m === '-1' ? `-10^{${e}}` : `${m} \\times 10^{${e}}`;
  }
  const s = trimZeros(x.toPrecision(sig));
  return s === '-0' ? '0' : s;
}

/** A list as "a, b, c" with fmt on each element. */
export function fmtList(xs: readonly number[], sig = 4): string {
  return xs.map((x) => fmt(x, sig)).join(', ');
}

/**
 * `x` with enough decimals to be read at resolution `abs` (one digit more than the tolerance):
 * fmtTo(0.99900001, 1e-5) = "0.999". For answers whose tolerance is an absolute step.
 */
export function fmtTo(x: number, abs: number): string {
  if (!Number.isFinite(x) || !(abs > 0)) return fmt(x, 6);
  const decimals = Math.min(15, Math.max(0, 1 - Math.floor(Math.log10(abs))));
  if (Math.abs(x) >= SCI_LARGE) return fmt(x, 8);
  const s = trimZeros(x.toFixed(decimals));
  return s === '-0' ? '0' : s;
}

/** fmt, in parentheses when negative, for substituting into a formula: 0.9 \cdot (-0.2). */
export function fmtP(x: number, sig = 4): string {
  const s = fmt(x, sig);
  return s.startsWith('-') ? `(${s})` : s;
}

/** A number as "2" or a list as "(1, -0.5, 2)", for stating parameters. */
export function fmtValue(v: number | readonly number[], sig = 6): string {
  return typeof v === 'number' ? fmt(v, sig) : `(${fmtList(v, sig)})`;
}
