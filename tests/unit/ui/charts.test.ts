// Terminal charts: plain ASCII without colour (no escape codes at all), blocks and colour with it.
import { describe, expect, it } from 'vitest';
import { calendarHeatmap, columnChart, fmtDuration, fmtInt, hbar } from '../../../src/ui/charts.js';

const ANSI = /\u001b\[/;
const plain = { color: false };
const color = { color: true };

describe('hbar', () => {
  it('plain: # for the filled part, . for the rest, always the full width', () => {
    expect(hbar(3, 4, 8, plain)).toBe('######..');
    expect(hbar(0, 4, 8, plain)).toBe('........');
    expect(hbar(1, 1000, 8, plain)).toBe('#.......'); // anything above 0 shows
    expect(hbar(5, 0, 4, plain)).toBe('....');
  });
  it('colour: blocks with eighths, padded to the width', () => {
    const b = hbar(1, 3, 4, color);
    expect(b).toMatch(ANSI);
    expect(b.replace(/\u001b\[[0-9;]*m/g, '')).toBe('█▍  ');
  });
});

describe('columnChart', () => {
  it('plain: # columns scaled to the maximum, . for zero, axis and labels', () => {
    const lines = columnChart([4, 0, 2, 1], { ...plain, height: 4, xLabels: new Map([[0, 'today'], [2, '+2']]) });
    expect(lines).toEqual([
      // max 4 on 4 rows: one unit per row, every row labelled with the value at its top; 0 on the axis
      '4 |#',
      '3 |#',
      '2 |#   # ',
      '1 |# . # #',
      '0 +--------',
      '   today',
    ].map((l) => l.trimEnd()));
    for (const l of lines) expect(l).not.toMatch(ANSI);
  });
  it('colour: eighth blocks', () => {
    const lines = columnChart([8, 1], { ...color, height: 1 });
    expect(lines[0]).toMatch(ANSI);
    expect(lines[0]!.replace(/\u001b\[[0-9;]*m/g, '')).toBe('8 ┤█ ▁');
  });
});

describe('calendarHeatmap', () => {
  it('plain: . for none, digits for levels, blank for days to come', () => {
    const weeks = [[0, 1, 2, 3, 4, 0, 0], [1, null, null, null, null, null, null]];
    const lines = calendarHeatmap(weeks, ['Jan', null], plain);
    expect(lines).toEqual(['    Jan', 'Mon . 1', '    1', 'Wed 2', '    3', 'Fri 4', '    .', 'Sun .', '    less . 1 2 3 4 more']);
    for (const l of lines) expect(l).not.toMatch(ANSI);
  });
  it('colour: levels differ in glyph as well as in shade of green', () => {
    const lines = calendarHeatmap([[4, 3, 2, 1, 0, 0, 0]], [null], color);
    expect(lines.join('\n')).toMatch(ANSI);
    const glyphs = lines.slice(1, 5).map((l) => l.replace(/\u001b\[[0-9;]*m/g, '').trim().split(' ').pop());
    expect(glyphs).toEqual(['█', '▓', '▒', '░']);
  });
});

describe('formatting', () => {
  it('numbers and durations for people', () => {
    expect(fmtInt(1234567)).toBe('1,234,567');
    expect(fmtDuration(42_000)).toBe('42 s');
    expect(fmtDuration(12 * 60_000)).toBe('12 min');
    expect(fmtDuration(5.2 * 3_600_000)).toBe('5.2 h');
  });
});
