import { describe, expect, it } from 'vitest';
import { choiceOrder, misread, numericSeed } from '../../../src/session/showing.js';
import { fnv1a, seedFor } from '../../../src/questions/rng.js';
import type { Verdict } from '../../../src/engine/check.js';

describe('what a showing draws', () => {
  it('a scheduled numeric showing keeps the historical seed; re-drills are numbered', () => {
    expect(numericSeed({ itemId: 'cnn.conv-1', reviews: 3, drill: 0 })).toBe(seedFor('cnn.conv-1', 3));
    // the re-drill key of earlier versions: `${id}#${reviews}~drill${k}`, so old logs replay
    expect(numericSeed({ itemId: 'cnn.conv-1', reviews: 3, drill: 2 })).toBe(fnv1a('cnn.conv-1#3~drill2'));
  });

  it('choice order: a permutation, the same for the same showing, varying across showings', () => {
    const a = choiceOrder({ itemId: 'x.c', reviews: 4, drill: 0 }, 5);
    expect([...a].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(choiceOrder({ itemId: 'x.c', reviews: 4, drill: 0 }, 5)).toEqual(a);
    const seen = new Set<string>();
    for (let n = 0; n < 40; n++) seen.add(choiceOrder({ itemId: 'x.c', reviews: n, drill: 0 }, 4).join(''));
    expect(seen.size).toBeGreaterThan(10);
    // the right answer (index 0 in the deck) lands on each of the 4 places in 400 showings, roughly evenly
    const places = [0, 0, 0, 0];
    for (let n = 0; n < 400; n++) places[choiceOrder({ itemId: 'x.c', reviews: n, drill: 0 }, 4).indexOf(0)]!++;
    for (const p of places) expect(p).toBeGreaterThan(60);
  });

  it('misread: unreadable, or a list of the wrong length, with the checker’s reason; a wrong value is not', () => {
    expect(misread({ kind: 'unreadable', message: 'empty value (two separators in a row?)' }, [1, 2])).toBe('empty value (two separators in a row?)');
    const short: Verdict = { kind: 'wrong', read: [0.1, 0.2], readText: '', expectedText: '', message: 'wrong: expected a list of 3 numbers, got 2 numbers' };
    expect(misread(short, [0.1, 0.2, 0.7])).toBe('expected a list of 3 numbers, got 2 numbers');
    const off: Verdict = { kind: 'wrong', read: [0.1, 0.2, 0.6], readText: '', expectedText: '', message: 'wrong: value 3 of 3 is off' };
    expect(misread(off, [0.1, 0.2, 0.7])).toBeNull();
    expect(misread({ kind: 'wrong', read: 3, readText: '', expectedText: '', message: 'wrong' }, 4)).toBeNull();
  });
});
