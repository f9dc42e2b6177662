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

/**
 * Vertical bars, one column per value, two characters wide (bar and gap); a y axis labelled with the
 * maximum and 0. A value above 0 always shows at least one step. Colour: eighth blocks, so small
 * differences show; plain: '#' per filled row, and '.' on the bottom row for a zero.
 */
export function columnChart(values: readonly number[], o: ColumnChartOptions): string[] {
  const height = o.height ?? 6;
  const s = makeStyle(o.color);
  const max = Math.max(0, ...values);
  const units = o.color ? height * 8 : height;
  const filled = values.map((v) => (v <= 0 || max === 0 ? 0 : Math.max(1, Math.round((v / max) * units))));
  const yw = Math.max(String(max).length, 1);
  const lines: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    const label = row === height - 1 ? String(max).padStart(yw) : row === 0 ? '0'.padStart(yw) : ' '.repeat(yw);
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
  lines.push(`${' '.repeat(yw)} ${o.color ? s.dim(`└${'─'.repeat(values.length * 2)}`) : `+${'-'.repeat(values.length * 2)}`}`);
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
      case 0: return s.gray('·');
      case 1: return s.green.dim('■');
      case 2: return s.green('■');
      case 3: return s.greenBright('■');
      default: return s.greenBright.bold('■');
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
