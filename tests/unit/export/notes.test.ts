import { describe, expect, it } from 'vitest';
import type { Card, NumericCard } from '../../../src/decks/model.js';
import { guidFor, stableId } from '../../../src/export/anki/ids.js';
import {
  buildCollection, deckName, easeForGrade, MAX_IVL, NOTE_TYPES, noteTypeJson, revlogType, valueHtml,
  type BuildOptions, type ExportCard, type ExportItem, type ExportReview, type Instantiate,
} from '../../../src/export/anki/notes.js';
import { seedFor } from '../../../src/questions/rng.js';
import type { Instance } from '../../../src/questions/types.js';

const DAY = 20_000; // a study day number
const NOW = DAY * 86_400_000 + 12 * 3_600_000;

const fakeInstantiate: Instantiate = (family, seed, level): Instance => {
  if (family === 'broken') throw new Error('unknown question family: broken');
  return {
    family, seed, level, params: { n: seed % 7 }, prompt: `Compute $f(${seed % 7})$ for $n < 3$.`,
    answer: (seed % 7) * 2, tolerance: { kind: 'exact' }, steps: ['$f(n) = 2n$', `$f(${seed % 7}) = ${(seed % 7) * 2}$`],
    misconceptions: [], answerHint: 'an integer',
  };
};

const opts = (o: Partial<BuildOptions> = {}): BuildOptions => ({
  instances: 3, withScheduling: false, now: NOW, today: DAY, dayStart: (d) => d * 86_400, instantiate: fakeInstantiate, ...o,
});

const basic: Card = { id: 't.basic', type: 'basic', front: 'Front $x$', back: 'Back', sheet: [1, 2, 3], tags: ['formula'] };
const cloze: Card = { id: 't.cloze', type: 'cloze', text: 'A {{c1::b}} and {{c3::d}}', sheet: [4], tags: [] };
const choice: Card = { id: 't.choice', type: 'choice', front: 'Q?', choices: ['x', 'y'], answer: 'y', sheet: [5], tags: [] };
const numeric: NumericCard = { id: 't.num', type: 'numeric', family: 'fam', level: 2, sheet: [6], tags: [] };

function ec(card: Card, position: number, addedAt = 1_700_000_000_000, modifiedAt = addedAt): ExportCard {
  return { card, topic: 't', position, addedAt, modifiedAt };
}

const item = (cardId: string, ord: number, o: Partial<ExportItem> = {}): ExportItem => ({
  cardId, ord, reps: 0, ef: 250, interval: 0, due: null, lapses: 0, reviews: 0, suspended: false, ...o,
});

describe('the grade and review mappings', () => {
  it('maps SM-2 grades to Anki eases: 0–2 again, 3 hard, 4 good, 5 easy', () => {
    expect([0, 1, 2, 3, 4, 5].map(easeForGrade)).toEqual([1, 1, 1, 2, 3, 4]);
  });

  it('types review log entries: learn, review, relearn', () => {
    expect(revlogType({ kind: 'new', repsBefore: 0, lapsesBefore: 0 })).toBe(0);
    expect(revlogType({ kind: 'review', repsBefore: 0, lapsesBefore: 0 })).toBe(0); // never passed yet
    expect(revlogType({ kind: 'review', repsBefore: 3, lapsesBefore: 1 })).toBe(1);
    expect(revlogType({ kind: 'review', repsBefore: 0, lapsesBefore: 1 })).toBe(2);
  });
});

describe('note types', () => {
  it('keep their ids, names and field lists (changing them breaks updates of imported notes)', () => {
    expect(Object.values(NOTE_TYPES).map((t) => [t.kind, t.id, t.name, t.fields.join('|'), t.templates.map((x) => x.name).join('|')])).toEqual([
      ['basic', 1190778549442, 'deepcards Basic', 'Front|Back|Sheet|Fix', 'Card 1'],
      ['cloze', 1055300321545, 'deepcards Cloze', 'Text|Back Extra', 'Cloze'],
      ['choice', 1368222382196, 'deepcards Choice', 'Question|Choices|Answer|Explanation', 'Card 1'],
      ['numeric', 1284623855351, 'deepcards Numeric', 'Question|Answer|Solution', 'Card 1'],
    ]);
    expect(NOTE_TYPES.basic.id).toBe(stableId('notetype:basic'));
  });

  it('are the stock cloze type for cloze (one template, {{cloze:Text}})', () => {
    const j = noteTypeJson(NOTE_TYPES.cloze);
    expect(j['type']).toBe(1);
    expect(j['tmpls']).toMatchObject([{ qfmt: '{{cloze:Text}}', afmt: '{{cloze:Text}}<br>\n{{Back Extra}}' }]);
    expect('req' in j).toBe(false);
    expect(noteTypeJson(NOTE_TYPES.basic)['req']).toEqual([[0, 'all', [0]]]);
  });

  it('style light and dark modes', () => {
    const css = String(noteTypeJson(NOTE_TYPES.basic)['css']);
    expect(css).toContain('.nightMode');
    expect(css).toContain('.night_mode');
  });
});

describe('buildCollection', () => {
  it('makes one note per card and the cards Anki generates', () => {
    const c = buildCollection([ec(basic, 1), ec(cloze, 2), ec(choice, 3)], [], [], [{ topic: 't', title: 'T' }], opts());
    expect(c.notes.map((n) => n.guid)).toEqual([guidFor('deepcards:basic:t.basic'), guidFor('deepcards:cloze:t.cloze'), guidFor('deepcards:choice:t.choice')]);
    expect(c.cards.map((k) => [k.nid === c.notes[1]!.id ? 'cloze' : 'other', k.ord])).toEqual([['other', 0], ['cloze', 0], ['cloze', 2], ['other', 0]]);
    expect(c.notes.map((n) => n.flds.split('\x1f').length)).toEqual([4, 2, 4]);
    expect(c.notes[0]!.tags).toBe(' deepcards::t deepcards::tag::formula ');
    expect([...c.decks.values()].sort()).toEqual(['Deep Learning', 'Deep Learning::T']);
    // new cards: due = the note's position, siblings share it
    expect(c.cards.map((k) => k.due)).toEqual([1, 2, 2, 3]);
  });

  it('escapes deck descriptions (Anki shows them as HTML) and caps cloze ords at 499 without duplicates', () => {
    const big: Card = { id: 't.big', type: 'cloze', text: '{{c1::a}} {{c600::b}} {{c700::c}}', sheet: [1], tags: [] };
    const c = buildCollection([ec(big, 1)], [], [], [{ topic: 't', title: 'T', description: 'a <b> & c' }], opts());
    const decks = JSON.parse(c.col.decks) as Record<string, { name: string; desc: string }>;
    expect(Object.values(decks).find((d) => d.name === 'Deep Learning::T')!.desc).toBe('a &lt;b&gt; &amp; c');
    expect(c.cards.map((k) => k.ord)).toEqual([0, 499]);
  });

  it('exports N fixed instances per numeric card, seeds seedFor(id, k)', () => {
    const seen: number[] = [];
    const inst: Instantiate = (f, s, l) => {
      seen.push(s);
      expect(l).toBe(2);
      return fakeInstantiate(f, s, l);
    };
    const c = buildCollection([ec(numeric, 1)], [], [], [], opts({ instances: 4, instantiate: inst }));
    expect(seen).toEqual([0, 1, 2, 3].map((k) => seedFor('t.num', k)));
    expect(c.notes.map((n) => n.guid)).toEqual([0, 1, 2, 3].map((k) => guidFor(`deepcards:numeric:t.num#${k}`)));
    expect(c.notes.every((n) => n.mid === NOTE_TYPES.numeric.id && n.flds.split('\x1f').length === 3)).toBe(true);
    const [q, a, s] = c.notes[0]!.flds.split('\x1f');
    expect(q).toContain('\\(f(');
    expect(q).toContain('\\(n &lt; 3\\)');
    expect(q).toContain('variant 1');
    expect(a).toMatch(/^\\\(\d+\\\)$/);
    expect(s).toBe(`<ol><li>\\(f(n) = 2n\\)</li><li>\\(f(${seedFor('t.num', 0) % 7}) = ${(seedFor('t.num', 0) % 7) * 2}\\)</li></ol>`);
    expect(buildCollection([ec(numeric, 1)], [], [], [], opts({ instances: 0 })).notes).toEqual([]);
  });

  it('skips a numeric card whose family cannot be instantiated, and says why', () => {
    const broken: NumericCard = { ...numeric, id: 't.broken', family: 'broken' };
    const c = buildCollection([ec(broken, 1), ec(basic, 2)], [], [], [], opts());
    expect(c.notes).toHaveLength(1);
    expect(c.skipped).toEqual([{ cardId: 't.broken', reason: 'unknown question family: broken' }]);
  });

  it('sets note mod from content (2026-12-07 00:00 UTC, or a later edit/retirement seen here), and ids from when it was added', () => {
    const epoch = Date.UTC(2026, 11, 7) / 1000; // 1_796_601_600
    const c = buildCollection([ec(basic, 1, 1_700_000_000_000, 1_800_000_123_456), ec(choice, 2, 1_700_000_000_000), ec(cloze, 3, 1_600_000_000_000),
      ec(basic, 4, 1_600_000_000_000, 1_700_000_000_000)], [], [], [], opts());
    // an edit seen before the epoch is older than the epoch: content as of this release
    expect(c.notes.map((n) => n.mod)).toEqual([1_800_000_123, epoch, epoch, epoch]);
    const retired = buildCollection([{ ...ec(choice, 1), retiredAt: 1_800_000_500_999 }], [], [], [], opts());
    expect(retired.notes[0]!.mod).toBe(1_800_000_500);
    expect(c.notes.map((n) => n.id)).toEqual([1_700_000_000_000, 1_700_000_000_001, 1_600_000_000_000, 1_600_000_000_001]);
    expect(new Set(c.cards.map((k) => k.id)).size).toBe(c.cards.length);
    expect(c.cards.every((k) => k.mod === c.notes.find((n) => n.id === k.nid)!.mod)).toBe(true);
  });

  it('carries SM-2 state into review cards with --with-scheduling', () => {
    const items = [
      item('t.basic', 0, { reps: 3, ef: 236, interval: 15, due: DAY + 4, lapses: 1, reviews: 5 }),
      item('t.cloze', 1, { reps: 1, ef: 260, interval: 1, due: DAY - 3, reviews: 1 }),
      item('t.cloze', 3, { suspended: true }),
      item('t.num', 0, { reps: 2, ef: 250, interval: 6, due: DAY + 1, reviews: 2, suspended: true }),
    ];
    const reviews: ExportReview[] = [
      { cardId: 't.basic', ord: 0, reviewedAt: NOW - 5000, day: DAY - 40, kind: 'new', grade: 4, durationMs: 3000, repsBefore: 0, intervalBefore: 0, lapsesBefore: 0, efAfter: 250, intervalAfter: 1 },
      { cardId: 't.basic', ord: 0, reviewedAt: NOW - 5000, day: DAY - 39, kind: 'review', grade: 2, durationMs: 70_000, repsBefore: 1, intervalBefore: 1, lapsesBefore: 0, efAfter: 218, intervalAfter: 1 },
      { cardId: 't.gone', ord: 0, reviewedAt: NOW - 4000, day: DAY - 1, kind: 'review', grade: 5, durationMs: 1, repsBefore: 1, intervalBefore: 1, lapsesBefore: 0, efAfter: 260, intervalAfter: 6 },
    ];
    const c = buildCollection([ec(basic, 1), ec(cloze, 2), ec(numeric, 3)], items, reviews, [], opts({ withScheduling: true }));
    const crtDay = DAY - 40;
    expect(c.col.crt).toBe(crtDay * 86_400);
    const [b, c1, c3, n0, n1] = c.cards;
    expect(b).toMatchObject({ type: 2, queue: 2, ivl: 15, factor: 2360, due: DAY + 4 - crtDay, reps: 5, lapses: 1 });
    expect(c1).toMatchObject({ type: 2, queue: 2, ivl: 1, factor: 2600, due: DAY - 3 - crtDay, reps: 1 });
    expect(c3).toMatchObject({ type: 0, queue: -1, ivl: 0, factor: 0 });
    expect(n0).toMatchObject({ type: 2, queue: -1, ivl: 6, factor: 2500 });
    expect(n1).toMatchObject({ type: 0, queue: 0 });
    expect(c.reviewedCards).toBe(3);
    expect(c.revlog).toEqual([
      { id: NOW - 5000, cid: b!.id, usn: -1, ease: 3, ivl: 1, lastIvl: 0, factor: 2500, time: 3000, type: 0 },
      { id: NOW - 4999, cid: b!.id, usn: -1, ease: 1, ivl: 1, lastIvl: 1, factor: 2180, time: 70_000, type: 1 },
    ]);
  });

  it('caps intervals at Anki\'s maximum and keeps every card new without scheduling', () => {
    const items = [item('t.basic', 0, { interval: 10 ** 9, due: DAY + 10 ** 9, reps: 40, ef: 300, reviews: 40 })];
    const c = buildCollection([ec(basic, 1)], items, [], [], opts({ withScheduling: true }));
    expect(c.cards[0]).toMatchObject({ ivl: MAX_IVL, due: MAX_IVL, factor: 3000 });
    const plain = buildCollection([ec(basic, 1)], items, [], [], opts());
    expect(plain.cards[0]).toMatchObject({ type: 0, queue: 0, due: 1, ivl: 0, factor: 0 });
    expect(plain.col.crt).toBe(DAY * 86_400);
  });
});

describe('helpers', () => {
  it('names decks under Deep Learning, flattening :: in titles', () => {
    expect(deckName('Convolutional Neural Networks')).toBe('Deep Learning::Convolutional Neural Networks');
    expect(deckName('RL::Deep ')).toBe('Deep Learning::RL:Deep');
    expect(deckName('::')).toBe('Deep Learning::blank');
  });

  it('formats answer values as MathJax', () => {
    expect(valueHtml(42)).toBe('\\(42\\)');
    expect(valueHtml(0.1234567)).toBe('\\(0.123457\\)');
    expect(valueHtml(3.5e-8)).toBe('\\(3.5 \\times 10^{-8}\\)');
    expect(valueHtml([1, -0.5, 2])).toBe('\\((1, -0.5, 2)\\)');
  });
});
