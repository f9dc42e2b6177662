import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDecksOrThrow } from '../../../src/decks/load.js';
import { collectErrata } from '../../../src/sheet/errata.js';

const FIX = fileURLToPath(new URL('../../fixtures/sheets', import.meta.url));
const sheet = readFileSync(join(FIX, 'coverage-sheet.txt'), 'utf8');
const decks = loadDecksOrThrow([join(FIX, 'decks')]);
const sheetLines = sheet.split('\n');

describe('collectErrata', () => {
  const errata = collectErrata(decks, sheet);
  const flat = errata.topics.flatMap((t) => t.errata);

  it('collects every card with a fix, with what the sheet had and the correction', () => {
    const expected = decks.flatMap((d) => d.cards.filter((c) => c.fix).map((c) => ({ topic: d.topic, id: c.id, lines: c.sheet, had: c.fix!.had, why: c.fix!.why })));
    expect(errata.count).toBe(expected.length);
    expect(flat.map(({ topic, id, lines, had, why }) => ({ topic, id, lines, had, why }))).toEqual(
      expect.arrayContaining(expected),
    );
    expect(flat).toHaveLength(expected.length);
  });

  it('orders the corrections by sheet line and groups them by topic', () => {
    const firsts = flat.map((e) => e.lines[0]!);
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    expect(errata.topics.map((t) => [t.topic, t.errata.length])).toEqual([['alpha', 2], ['beta', 1], ['gamma', 1]]);
    expect(errata.topics.map((t) => t.title)).toEqual(decks.map((d) => d.title));
  });

  it("quotes the sheet's text at the cited lines", () => {
    for (const e of flat) {
      expect(e.sheet.map((s) => s.line)).toEqual(e.lines);
      for (const s of e.sheet) expect(s.text).toBe(sheetLines[s.line - 1]!.trim());
    }
  });

  it('keeps LaTeX raw (rendering is for the terminal output only)', () => {
    expect(flat.find((e) => e.id === 'gamma.expectation')!.had).toBe('$E[X] = \\sigma$');
  });

  it('truncates long sheet lines and skips lines beyond the sheet', () => {
    const long = collectErrata(decks, `${'x'.repeat(300)}\n`.repeat(12), { width: 20 });
    const e = long.topics[0]!.errata[0]!;
    expect(e.sheet.every((s) => [...s.text].length <= 20 && s.text.endsWith('…'))).toBe(true);
    const short = collectErrata(decks, 'one line\n');
    expect(short.count).toBe(errata.count);
    expect(short.topics.flatMap((t) => t.errata).every((x) => x.sheet.length === 0)).toBe(true);
  });

  it('no fixes, no errata', () => {
    const none = decks.map((d) => ({ ...d, cards: d.cards.map(({ fix: _fix, ...c }) => c) }));
    expect(collectErrata(none, sheet)).toEqual({ topics: [], count: 0 });
  });
});

describe('errata of the bundled decks', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const bundled = loadDecksOrThrow([join(root, 'decks')]);
  const errata = collectErrata(bundled, readFileSync(join(root, 'sheet', 'deep-learning.txt'), 'utf8'));

  it('lists one entry per card with a fix, each quoting the sheet', () => {
    const fixes = bundled.reduce((n, d) => n + d.cards.filter((c) => c.fix).length, 0);
    expect(errata.count).toBe(fixes);
    expect(errata.count).toBeGreaterThan(0);
    for (const t of errata.topics) for (const e of t.errata) expect(e.sheet.length, e.id).toBeGreaterThan(0);
  });
});
