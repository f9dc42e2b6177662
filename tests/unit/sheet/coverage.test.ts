import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDecksOrThrow } from '../../../src/decks/load.js';
import type { Deck } from '../../../src/decks/model.js';
import { computeCoverage } from '../../../src/sheet/coverage.js';

const FIX = fileURLToPath(new URL('../../fixtures/sheets', import.meta.url));
const sheet = readFileSync(join(FIX, 'coverage-sheet.txt'), 'utf8');
const decks = loadDecksOrThrow([join(FIX, 'decks')]);

// Hand count for coverage-sheet.txt (see the fixture):
//   blank 1, 3, 7 (spaces), 19, 21; repeats 8 (of 5), 10 (of 9); headings 2, 4, 13, 14
//   content 5, 6, 9, 11, 12, 15, 16, 17, 18, 20                                   -> 10 lines
//   sections: ALPHA TOPICS 2-12 -> alpha (cites 4 lines there); BETA PART 13-21 -> beta (3 lines; gamma 2, alpha 1)
//   owners: alpha 5 6 9 11 12 | beta 15 16 (15 is also cited by alpha) | gamma 17 18 20 (18 is nearest to 17)
//   covered 5 6 11 15 16 17 20 = 7; excused 9 (alpha's uncovered entry); no card 12, 18
describe('computeCoverage on the fixture sheet', () => {
  const r = computeCoverage(sheet, decks);

  it('counts content lines, covered, excused and uncovered overall', () => {
    expect(r.sheetLines).toBe(21);
    expect(r.total).toEqual({ content: 10, covered: 7, excused: 1, noCard: 2, percent: 70 });
  });

  it('maps sections to the topic citing most lines inside them', () => {
    expect(r.sections.map((s) => [s.heading, s.start, s.end, s.topic])).toEqual([
      ['(before the first heading)', 1, 1, null],
      ['ALPHA TOPICS', 2, 12, 'alpha'],
      ['BETA PART', 13, 21, 'beta'],
    ]);
  });

  it('reports per topic, including a topic with no heading of its own', () => {
    const rows = r.topics.map((t) => [t.topic, t.first, t.last, t.content, t.covered, t.excused, t.noCard, t.percent]);
    expect(rows).toEqual([
      ['alpha', 5, 12, 5, 3, 1, 1, 60],
      ['beta', 15, 16, 2, 2, 0, 0, 100],
      ['gamma', 17, 20, 3, 2, 0, 1, 66.7],
    ]);
    expect(r.topics.find((t) => t.topic === 'gamma')!.sections).toEqual(['BETA PART']);
  });

  it('lists uncovered content lines with the excuse or NO CARD', () => {
    expect(r.uncovered).toEqual([
      { line: 9, text: 'noise: the same line twice', topic: 'alpha', status: 'excused', reason: 'OCR noise - a duplicated line', excusedBy: 'alpha' },
      { line: 12, text: 'A plain sentence with no card.', topic: 'alpha', status: 'no-card' },
      { line: 18, text: 'Delta notes: nobody cites this line', topic: 'gamma', status: 'no-card' },
    ]);
  });

  it('a line cited by any card is covered, whichever deck owns it', () => {
    // without beta.pro, BETA PART has gamma 2 cited lines, alpha 1, beta 1: gamma owns the section, and
    // line 15 (cited by alpha.formula only now) goes to alpha
    const without = decks.map((d) => (d.topic === 'beta' ? { ...d, cards: d.cards.filter((c) => c.id !== 'beta.pro') } : d));
    const r2 = computeCoverage(sheet, without);
    expect(r2.total.covered).toBe(7);
    expect(r2.sections[2]!.topic).toBe('gamma');
    expect(r2.topics.map((t) => [t.topic, t.content, t.covered])).toEqual([['alpha', 6, 4], ['beta', 1, 1], ['gamma', 3, 2]]);
  });

  it('reports citations beyond the end of the sheet', () => {
    const extra: Deck = { ...decks[0]!, topic: 'zeta', cards: [{ ...decks[0]!.cards[0]!, id: 'zeta.far', sheet: [5, 400] }] };
    const r2 = computeCoverage(sheet, [...decks, extra]);
    expect(r2.outOfRange).toEqual([{ topic: 'zeta', id: 'zeta.far', line: 400 }]);
  });

  it('a section no deck cites is reported as a pseudo-topic', () => {
    const r2 = computeCoverage(`${sheet}\nOMEGA SECTION\nOmega: only text here\n`, decks);
    const omega = r2.topics.find((t) => t.title === 'OMEGA SECTION')!;
    expect(omega).toMatchObject({ topic: null, content: 1, covered: 0, noCard: 1, percent: 0 });
    expect(r2.uncovered.at(-1)).toMatchObject({ line: 23, topic: null, status: 'no-card' });
  });

  it('a sheet without decks has 0% coverage and a sheet without content 100%', () => {
    expect(computeCoverage(sheet, []).total).toMatchObject({ content: 10, covered: 0, percent: 0 });
    expect(computeCoverage('\nTITLE ONLY SHEET\n', decks).total).toMatchObject({ content: 0, percent: 100 });
  });
});

describe('the bundled decks against the bundled sheet', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const bundledSheet = readFileSync(join(root, 'sheet', 'deep-learning.txt'), 'utf8');
  const bundled = loadDecksOrThrow([join(root, 'decks')]);
  const r = computeCoverage(bundledSheet, bundled);
  const list = r.uncovered.map((u) => `${u.line} [${u.topic}] ${u.status === 'excused' ? `excused: ${u.reason}` : 'NO CARD'}: ${u.text}`).join('\n');

  it('covers at least 95% of the content lines', () => {
    expect(r.total.percent, `covered ${r.total.covered} of ${r.total.content}; uncovered:\n${list}`).toBeGreaterThanOrEqual(95);
  });

  it('every uncovered content line is excused by an `uncovered:` entry', () => {
    const unexcused = r.uncovered.filter((u) => u.status === 'no-card');
    expect(unexcused.length, `content lines with no card and no excuse:\n${list}`).toBe(0);
  });

  it('no card cites a line beyond the end of the sheet', () => {
    expect(r.outOfRange).toEqual([]);
  });

  it('every ALL-CAPS section is claimed by a deck', () => {
    expect(r.sections.filter((s) => s.heading !== '(before the first heading)' && s.topic === null).map((s) => s.heading)).toEqual([]);
  });
});
