// The import plan, pure: matching revlog rows to items (with the reason for every skipped row) and the
// replay, against states worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { guidFor } from '../../../src/export/anki/ids.js';
import { gradeForEase, inMemoryCollection, matchRevlog, planItem, type DeckCardRef, type ItemRef, type LoggedReview, type ReplayOptions } from '../../../src/import/anki/plan.js';
import { revlogOf, type AnkiRevlogRow } from '../../../src/import/anki/package.js';
import { seedFor } from '../../../src/questions/rng.js';

const DAY = 86_400_000;
/** day d at 10:00 (UTC; study days roll over at 04:00) */
const t = (d: number, minutes = 0): number => d * DAY + 10 * 3_600_000 + minutes * 60_000;
const o: ReplayOptions = { dayOf: (ms) => Math.floor((ms - 4 * 3_600_000) / DAY), leechThreshold: 2, leechSuspends: true, sessionOf: (d) => d };
const rev = (id: number, cid: number, ease: number, type = 1): AnkiRevlogRow => ({ id, cid, ease, time: 5000, type });
const item = (id: string, x: Partial<ItemRef> = {}): ItemRef => ({
  id, cardId: id.split('#')[0]!, ord: 0, reps: 0, ef: 250, interval: 0, due: null, lapses: 0, reviews: 0, suspended: false, leech: false,
  retired: false, againDay: null, ...x,
});

describe('gradeForEase', () => {
  it('reverses the export: Again 1, Hard 3, Good 4, Easy 5; 0 is no answer', () => {
    expect([1, 2, 3, 4].map(gradeForEase)).toEqual([1, 3, 4, 5]);
    expect(gradeForEase(0)).toBeNull();
  });
});

describe('matchRevlog', () => {
  const cards: DeckCardRef[] = [
    { id: 't.basic', topic: 't', type: 'basic', retired: false },
    { id: 't.cloze', topic: 't', type: 'cloze', retired: false },
    { id: 't.num', topic: 'u', type: 'numeric', numeric: { family: 'softmax', level: 2 }, retired: false },
    { id: 't.gone', topic: 't', type: 'basic', retired: true },
  ];
  const items = [item('t.basic'), item('t.cloze#c1', { ord: 1 }), item('t.cloze#c2', { ord: 2, retired: true }), item('t.num'), item('t.gone', { retired: true })];
  const g = {
    basic: guidFor('deepcards:basic:t.basic'), cloze: guidFor('deepcards:cloze:t.cloze'), num: guidFor('deepcards:numeric:t.num#3'),
    gone: guidFor('deepcards:basic:t.gone'), other: 'someone-else', unanswered: 'someone-else-2',
  };
  // card 99 is not in the package
  const pkg = {
    guids: [g.basic, g.cloze, g.num, g.gone, g.other, g.unanswered],
    cards: [{ id: 10, ord: 0, guid: g.basic }, { id: 20, ord: 0, guid: g.cloze }, { id: 21, ord: 1, guid: g.cloze }, { id: 30, ord: 0, guid: g.num },
      { id: 40, ord: 0, guid: g.gone }, { id: 50, ord: 0, guid: g.other }],
    revlog: revlogOf([rev(100, 10, 3), rev(101, 20, 1), rev(102, 21, 3), rev(103, 30, 4), rev(104, 40, 3), rev(105, 50, 3), rev(106, 10, 0, 4), rev(107, 99, 3), rev(108, 10, 2)]),
  };
  it('maps cloze ords and numeric instances to items, and gives a reason for every other row', () => {
    const m = matchRevlog(pkg, inMemoryCollection(cards, items), new Set([108]));
    expect([...m.byItem].map(([k, v]) => [k, v.map((x) => [x.ankiId, x.grade])])).toEqual([
      ['t.basic', [[100, 4]]], ['t.cloze#c1', [[101, 1]]], ['t.num', [[103, 5]]],
    ]);
    expect(m.byItem.get('t.num')![0]!.numeric).toEqual({ family: 'softmax', level: 2, seed: seedFor('t.num', 3) });
    expect(Object.fromEntries(m.skipped)).toEqual({
      'cloze deletion removed in deepcards': 1, 'card retired in deepcards': 1, 'note not from deepcards': 1,
      'not an answer (manual reschedule)': 1, 'card not in the package': 1, 'already imported': 1,
    });
    expect(m.foreignNotes).toEqual([{ guid: 'someone-else', reviews: 1 }, { guid: 'someone-else-2', reviews: 0 }]);
    expect(m.retiredCards).toEqual([{ cardId: 't.cloze#c2', reviews: 1 }, { cardId: 't.gone', reviews: 1 }]);
  });
});

const matched = (itemId: string, rows: [number, number][]) => rows.map(([id, ease]) => ({
  ankiId: id, ease, time: 5000, itemId, cardId: itemId, topic: 't', grade: gradeForEase(ease)!,
}));

describe('planItem', () => {
  it('replays a new item: first answer of a day graded, later ones drills; a lapse past the threshold makes a leech', () => {
    // day 100 Good(4): n=1, EF 2.50, I=1, due 101
    // day 101 Again(1): n=0, EF 2.50−0.54 = 1.96, I=1, due 102, lapses 1; then Good the same day: a drill
    // day 102 Again(1): EF 1.96−0.54 = 1.42, lapses 2 = threshold -> leech, suspended
    // day 105 Easy(5): n=1, EF 1.52, I=1, due 106
    const p = planItem(item('t.x'), [], matched('t.x', [[t(100), 3], [t(101), 1], [t(101, 10), 3], [t(102), 1], [t(105), 4]]), o);
    expect(p.inserts.map((r) => r.kind)).toEqual(['new', 'review', 'drill', 'review', 'review']);
    expect(p.item.state).toEqual({ reps: 1, ef: 152, interval: 1, due: 106, lapses: 2 });
    expect(p.item).toMatchObject({ reviews: 4, leech: true, suspended: true, againDay: null, rescheduled: true, replayed: false });
    expect(p.inserts[3]!.before).toEqual({ reps: 0, ef: 196, interval: 1, due: 102, lapses: 1 });
    expect(p.inserts[2]!.after).toEqual(p.inserts[2]!.before);
  });

  it('continues from the current state when every Anki answer is later, and replays the whole log when one is earlier', () => {
    const logged: LoggedReview[] = [{
      id: 7, itemId: 't.x', reviewedAt: t(100), day: 100, kind: 'new', grade: 4, source: 'deepcards',
      before: { reps: 0, ef: 250, interval: 0, due: null, lapses: 0 }, after: { reps: 1, ef: 250, interval: 1, due: 101, lapses: 0 },
    }];
    // current state differs from the log (say an exam made it due on day 100): kept when continuing
    const current = item('t.x', { reps: 1, ef: 250, interval: 1, due: 100, reviews: 1 });
    const later = planItem(current, logged, matched('t.x', [[t(101), 2]]), o);
    // day 101 Hard(3) from n=1: n=2, I=6, EF 2.50−0.14 = 2.36, due 107
    expect(later.item.state).toEqual({ reps: 2, ef: 236, interval: 6, due: 107, lapses: 0 });
    expect(later.updates).toEqual([]);
    expect(later.item.againDay).toBe(101); // graded 3 (< 4): drilled again that day
    // an Anki answer on day 100 before deepcards' one: Anki's is the new answer, deepcards' a drill
    const earlier = planItem(current, logged, matched('t.x', [[t(100, -30), 1]]), o);
    expect(earlier.inserts.map((r) => r.kind)).toEqual(['new']);
    expect(earlier.updates).toEqual([{ id: 7, kind: 'drill', before: { reps: 0, ef: 196, interval: 1, due: 101, lapses: 0 }, after: { reps: 0, ef: 196, interval: 1, due: 101, lapses: 0 } }]);
    expect(earlier.item).toMatchObject({ state: { reps: 0, ef: 196, interval: 1, due: 101, lapses: 0 }, reviews: 1, replayed: true, againDay: null });
  });

  it('recognises the answers the export carried to Anki and does not count them again', () => {
    const logged: LoggedReview[] = [{
      id: 7, itemId: 't.x', reviewedAt: t(100), day: 100, kind: 'new', grade: 4, source: 'deepcards',
      before: { reps: 0, ef: 250, interval: 0, due: null, lapses: 0 }, after: { reps: 1, ef: 250, interval: 1, due: 101, lapses: 0 },
    }];
    const p = planItem(item('t.x', { reps: 1, interval: 1, due: 101, reviews: 1 }), logged, matched('t.x', [[t(100) + 2, 3], [t(101), 3]]), o);
    expect(p.fromDeepcards).toBe(1);
    expect(p.inserts.map((r) => r.at)).toEqual([t(101)]);
    expect(p.item.state).toEqual({ reps: 2, ef: 250, interval: 6, due: 107, lapses: 0 });
  });
});
