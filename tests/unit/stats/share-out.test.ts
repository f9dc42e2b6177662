// Stacked columns: cells shared between series by largest remainder (hand-computed).
import { describe, expect, it } from 'vitest';
import { shareOut, stackedChart, wrapText } from '../../../src/ui/charts.js';

describe('shareOut', () => {
  it('gives each series its share of the cells, remainders to the largest fractions', () => {
    // 6 cells for 1:2:3 → exactly 1, 2, 3
    expect(shareOut([1, 2, 3], 6)).toEqual([0, 1, 1, 2, 2, 2]);
    // 4 cells for 1:1:1 → 1.33 each: floors 1,1,1, the one left goes to the first (ties by order)
    expect(shareOut([1, 1, 1], 4)).toEqual([0, 0, 1, 2]);
    // 3 cells for 10:1 → 2.73 and 0.27: floors 2, 0; the remainder (0.73 > 0.27) goes to the first
    expect(shareOut([10, 1], 3)).toEqual([0, 0, 0]);
    expect(shareOut([0, 0], 3)).toEqual([]);
  });
});

describe('stackedChart (plain)', () => {
  it('columns as tall as their totals, letters bottom-up by series, y axis labelled', () => {
    const lines = stackedChart([[1, 1], [0, 0], [2, 0]], [{ char: 'A', paint: (t) => t }, { char: 'B', paint: (t) => t }], { color: false, height: 6 });
    // max total 2 → 2 rows of one unit each
    expect(lines).toEqual(['2 |B   A', '1 |A   A', '0 +------']);
  });
});

describe('wrapText', () => {
  it('breaks at spaces within the width and indents what follows', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', '  ccc']);
    expect(wrapText('short', 80)).toEqual(['short']);
    // colour codes take no width
    expect(wrapText('\u001b[1maaa\u001b[22m bbb', 7)).toEqual(['\u001b[1maaa\u001b[22m bbb']);
  });
});
