// Pure terminal charts: numbers in, lines of text out. With colour: Unicode blocks and ANSI colours
// (chalk level 1, the 16 basic colours every terminal has). Without (--no-color, NO_COLOR): plain
// ASCII only — '#' for filled, '.' for empty, digits for levels — and no escape codes.
import { makeStyle } from './style.js';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const UPS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

export interface ChartStyle {
  color: boolean;
}

/** A horizontal bar of `width` cells for value/max: blocks with eighths, or '#' and '.' plain. */
export function hbar(value: number, max: number, width: number, o: ChartStyle): string {
  const frac = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  if (!o.color) {
    let n = Math.round(frac * width);
    if (value > 0 && max > 0 && n === 0) n = 1;
    return '#'.repeat(n) + '.'.repeat(width - n);
  }
  const s = makeStyle(true);
  let eighths = Math.round(frac * width * 8);
  if (value > 0 && max > 0 && eighths === 0) eighths = 1;
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8]!;
  const bar = '█'.repeat(full) + part;
  return s.cyan(bar) + ' '.repeat(width - full - (part ? 1 : 0));
}

export interface ColumnChartOptions extends ChartStyle {
  /** Rows of the chart (default 6). */
  height?: number;
  /** Labels under given columns (index → text); placed left to right without overlapping. */
  xLabels?: ReadonlyMap<number, string>;
}

/** How a y value is written: whole numbers, or one decimal for small fractional scales. */
function yText(v: number, max: number): string {
  return max < 10 && !Number.isInteger(max) ? v.toFixed(1) : String(Math.round(v));
}
/**
 * The y-axis labels of a chart (index 0 = bottom row): each labelled row shows the value its top
 * stands for; every row when a row is one unit, else every other row from the top (0 is on the axis).
 */
function yLabels(max: number, height: number): string[] {
  const labels = Array.from({ length: height }, (_v, row) => {
    const every = max === height ? 1 : 2;
    return max > 0 && (height - 1 - row) % every === 0 ? yText((max * (row + 1)) / height, max) : '';
  });
  const yw = Math.max(1, ...labels.map((l) => l.length), yText(0, max).length);
  return labels.map((l) => l.padStart(yw));
}
/** Rows for a chart whose largest value is `max`: one unit per row when that is fewer rows. */
function rowsFor(max: number, height: number): number {
  return Number.isInteger(max) && max > 0 && max < height ? max : height;
}

/**
 * Vertical bars, one column per value, two characters wide (bar and gap); a y axis labelled on every
 * other row with the value at its top, and 0 on the axis. A value above 0 always shows at least one
 * step. Colour: eighth blocks, so small differences show; plain: '#' per filled row, and '.' on the
 * bottom row for a zero.
 */
export function columnChart(values: readonly number[], o: ColumnChartOptions): string[] {
  const s = makeStyle(o.color);
  const max = Math.max(0, ...values);
  const height = rowsFor(max, o.height ?? 6);
  const units = o.color ? height * 8 : height;
  const filled = values.map((v) => (v <= 0 || max === 0 ? 0 : Math.max(1, Math.round((v / max) * units))));
  const labels = yLabels(max, height);
  const yw = labels[0]!.length;
  const lines: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    const label = labels[row]!;
    let cells = '';
    for (const f of filled) {
      if (o.color) {
        const inRow = Math.min(8, Math.max(0, f - row * 8));
        cells += `${UPS[inRow]!} `;
      } else {
        const c = f > row ? '#' : row === 0 ? '.' : ' ';
        cells += `${c} `;
      }
    }
    lines.push(`${label} ${o.color ? s.dim('┤') : '|'}${o.color ? s.cyan(cells.trimEnd()) : cells.trimEnd()}`);
  }
  lines.push(...xAxis(values.length, yw, o));
  return lines;
}

function xAxis(columns: number, yw: number, o: ColumnChartOptions): string[] {
  const s = makeStyle(o.color);
  const lines = [`${'0'.padStart(yw)} ${o.color ? s.dim(`└${'─'.repeat(columns * 2)}`) : `+${'-'.repeat(columns * 2)}`}`];
  if (o.xLabels && o.xLabels.size) {
    let axis = '';
    for (const [i, text] of [...o.xLabels.entries()].sort(([a], [b]) => a - b)) {
      const at = i * 2;
      if (at < axis.length) continue;
      axis = axis.padEnd(at) + text;
    }
    lines.push(`${' '.repeat(yw + 2)}${o.color ? s.dim(axis) : axis}`);
  }
  return lines;
}

export interface Series {
  /** Plain-text glyph (a letter, so the kinds read without colour). */
  char: string;
  /** Colour-mode paint for the block. */
  paint: (t: string) => string;
}

/**
 * Stacked vertical bars: columns[i][k] is series k's value in column i. Each column's height is
 * its total against the largest total; the cells are shared out between the series bottom-up by
 * largest remainder, so a series with a value shows at least one cell where there is room.
 */
export function stackedChart(columns: readonly (readonly number[])[], series: readonly Series[], o: ColumnChartOptions): string[] {
  const totals = columns.map((c) => c.reduce((a, b) => a + b, 0));
  const max = Math.max(0, ...totals);
  const height = rowsFor(max, o.height ?? 8);
  const labels = yLabels(max, height);
  const yw = labels[0]!.length;
  const stacks = columns.map((col, i) => {
    const cells = max === 0 || totals[i]! <= 0 ? 0 : Math.max(1, Math.round((totals[i]! / max) * height));
    return shareOut(col, cells);
  });
  const s = makeStyle(o.color);
  const lines: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    let cells = '';
    for (const stack of stacks) {
      const k = stack[row];
      cells += k === undefined ? '  ' : `${o.color ? series[k]!.paint('█') : series[k]!.char} `;
    }
    lines.push(`${labels[row]!} ${o.color ? s.dim('┤') : '|'}${cells.trimEnd()}`);
  }
  lines.push(...xAxis(columns.length, yw, o));
  return lines;
}

/** `cells` cells shared between the values by largest remainder: the series index of each cell, bottom first. */
export function shareOut(values: readonly number[], cells: number): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  if (cells <= 0 || total <= 0) return [];
  const exact = values.map((v) => (v / total) * cells);
  const counts = exact.map(Math.floor);
  let left = cells - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    if (values[i]! > 0) {
      counts[i]!++;
      left--;
    }
  }
  return counts.flatMap((n, i) => Array.from({ length: n }, () => i));
}

/** Visible width of a string (ANSI colour codes take none). */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

/** A line of text broken at spaces so that no line is wider than `width`; continuation lines indented. */
export function wrapText(text: string, width: number, indent = '  '): string[] {
  if (visibleLength(text) <= width) return [text];
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const candidate = line === '' ? w : `${line} ${w}`;
    if (visibleLength(candidate) > width && line !== '' && line !== indent) {
      lines.push(line);
      line = `${indent}${w}`;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

export interface HeatmapOptions extends ChartStyle {
  /** Labels of the 7 rows (Monday first). */
  rowLabels?: readonly string[];
}

/**
 * A calendar: one column per week, one row per weekday (Monday first). `cells[week][weekday]` is a
 * level 0–4, or null for days outside the window (the rest of the current week). Colour: '■' in
 * shades of green ('·' for none); plain: '.' for none and the digits 1–4.
 */
export function calendarHeatmap(cells: readonly (readonly (number | null)[])[], monthLabels: readonly (string | null)[], o: HeatmapOptions): string[] {
  const s = makeStyle(o.color);
  const labels = o.rowLabels ?? ['Mon', '', 'Wed', '', 'Fri', '', 'Sun'];
  const lw = Math.max(...labels.map((l) => l.length));
  const glyph = (level: number | null): string => {
    if (level === null) return ' ';
    if (!o.color) return level === 0 ? '.' : String(level);
    switch (level) {
      // shade and density both rise, so the levels stay apart in any theme (and without colour vision)
      case 0: return s.gray('·');
      case 1: return s.green('░');
      case 2: return s.green('▒');
      case 3: return s.greenBright('▓');
      default: return s.greenBright('█');
    }
  };
  let months = '';
  monthLabels.forEach((m, w) => {
    if (m && w * 2 >= months.length) months = months.padEnd(w * 2) + m;
  });
  const lines = [`${' '.repeat(lw + 1)}${o.color ? s.dim(months) : months}`.trimEnd()];
  for (let wd = 0; wd < 7; wd++) {
    const row = cells.map((week) => glyph(week[wd] ?? null)).join(' ');
    lines.push(`${(labels[wd] ?? '').padEnd(lw)} ${row}`.trimEnd());
  }
  lines.push(`${' '.repeat(lw + 1)}less ${[0, 1, 2, 3, 4].map(glyph).join(' ')} more`);
  return lines;
}

/** 1234567 → "1,234,567". */
export function fmtInt(n: number): string {
  // not toLocaleString: its first call loads ICU data, ~50 ms of a command's start
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 0.8734 → "87.3%"; null → "—" (or "-" plain). */
export function fmtPct(r: number | null, color = true): string {
  return r === null ? (color ? '—' : '-') : `${(r * 100).toFixed(1)}%`;
}

/** A duration for people: "42 s", "12 min", "5.2 h". */
export function fmtDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
