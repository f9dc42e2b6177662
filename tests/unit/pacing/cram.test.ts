import { describe, expect, it } from 'vitest';
import { cramAnswered, cramChoiceOrder, cramQueue, cramSeed, cramUndo, startCram, stillShaky, type CramCandidate } from '../../../src/pacing/cram.js';

const c = (id: string, over: Partial<CramCandidate> = {}): CramCandidate =>
  ({ id, topic: id.split('.')[0]!, order: 0, ef: 250, lapses: 0, due: 10, lastFailDay: null, ...over });

describe('cramQueue', () => {
  const all = [
    c('a.new', { due: null, ef: 130 }),              // never introduced: not crammed
    c('a.easy', { ef: 270, order: 1 }),
    c('a.hard', { ef: 150, order: 5 }),
    c('b.lapsed', { ef: 250, lapses: 3, order: 2, lastFailDay: 4 }),
    c('b.plain', { ef: 250, order: 3 }),
    c('b.failed', { ef: 250, order: 4, lastFailDay: 8 }),
  ];
  it('introduced items, weakest first: E-Factor, lapses, recent failure, sheet order', () => {
    expect(cramQueue(all, { limit: 50 })).toEqual(['a.hard', 'b.lapsed', 'b.failed', 'b.plain', 'a.easy']);
  });
  it('topics, failed since, limit', () => {
    expect(cramQueue(all, { topics: ['a'], limit: 50 })).toEqual(['a.hard', 'a.easy']);
    expect(cramQueue(all, { failedSince: 5, limit: 50 })).toEqual(['b.failed']);
    expect(cramQueue(all, { failedSince: 4, limit: 50 })).toEqual(['b.lapsed', 'b.failed']);
    expect(cramQueue(all, { limit: 2 })).toEqual(['a.hard', 'b.lapsed']);
  });
});

describe('the cram session', () => {
  it('a card below 4 comes back at the end; undo puts it back in front', () => {
    let s = startCram(['x', 'y']);
    s = cramAnswered(s, 2, 11);
    expect(s.queue).toEqual(['y', 'x']);
    s = cramAnswered(s, 3, 12);
    expect(s.queue).toEqual(['x', 'y']);
    const u = cramUndo(s)!;
    expect(u.reviewId).toBe(12);
    expect(u.state.queue).toEqual(['y', 'x']);
    s = cramAnswered(u.state, 5, 13);
    expect(s.queue).toEqual(['x']);
    expect(stillShaky(s)).toEqual(['x']);
    s = cramAnswered(s, 4, 14);
    expect(s.queue).toEqual([]);
    expect(stillShaky(s)).toEqual([]);
    expect(cramUndo(startCram(['x']))).toBeNull();
  });
});

describe('cram showings', () => {
  it('each showing has its own seed and a permutation of the options', () => {
    expect(cramSeed('a.x', 1)).not.toBe(cramSeed('a.x', 2));
    expect(cramSeed('a.x', 1)).toBe(cramSeed('a.x', 1));
    for (let k = 1; k <= 20; k++) expect([...cramChoiceOrder(cramSeed('a.x', k), 4)].sort()).toEqual([0, 1, 2, 3]);
    // over 200 showings of a 4-option card, the first option lands in every position
    const firstAt = new Set(Array.from({ length: 200 }, (_v, k) => cramChoiceOrder(cramSeed('a.x', k + 1), 4).indexOf(0)));
    expect(firstAt).toEqual(new Set([0, 1, 2, 3]));
  });
});
