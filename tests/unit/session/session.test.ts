import { describe, expect, it } from 'vitest';
import { answered, counts, current, removeItem, setAside, startSession, undo } from '../../../src/session/session.js';

describe('session queue', () => {
  it('shows due reviews, then new cards, then re-drills until graded ≥ 4', () => {
    let s = startSession(['r1'], ['n1']);
    expect(current(s)).toEqual({ itemId: 'r1', kind: 'review' });
    s = answered(s, 3, 1); // a passing 3 is still drilled (step 7)
    expect(current(s)).toEqual({ itemId: 'n1', kind: 'new' });
    s = answered(s, 1, 2);
    expect(current(s)).toEqual({ itemId: 'r1', kind: 'drill' });
    s = answered(s, 4, 3);
    expect(current(s)).toEqual({ itemId: 'n1', kind: 'drill' });
    s = answered(s, 2, 4); // still below 4: back to the end of the drill queue
    expect(current(s)).toEqual({ itemId: 'n1', kind: 'drill' });
    s = answered(s, 5, 5);
    expect(current(s)).toBeNull();
  });

  it('a later session the same day: due, then new, then the again-today items left by earlier sessions', () => {
    let s = startSession(['r1'], ['n1'], ['a1', 'a2']);
    expect(counts(s)).toEqual({ due: 1, new: 1, again: 2 });
    expect(current(s)).toEqual({ itemId: 'r1', kind: 'review' });
    s = answered(s, 2, 1);
    s = answered(s, 5, 2);
    expect(s.drill).toEqual(['a1', 'a2', 'r1']);
    expect(current(s)).toEqual({ itemId: 'a1', kind: 'drill' });
  });

  it('undo restores the queues exactly and names the review to delete', () => {
    let s = startSession(['a', 'b'], []);
    s = answered(s, 0, 10);
    const u = undo(s)!;
    expect(u.action).toEqual({ kind: 'answer', itemId: 'a', reviewId: 10 });
    expect(current(u.session)).toEqual({ itemId: 'a', kind: 'review' });
    expect(u.session.drill).toEqual([]);
    expect(undo(u.session)).toBeNull();
  });

  it('undo takes back a suspend or a bury, the last action first', () => {
    let s = startSession(['a', 'b', 'c'], []);
    s = answered(s, 5, 7);
    s = setAside(s, { kind: 'suspend', itemId: 'b' });
    s = setAside(s, { kind: 'bury', itemId: 'c', buriedBefore: null });
    expect(current(s)).toBeNull();
    let u = undo(s)!;
    expect(u.action).toEqual({ kind: 'bury', itemId: 'c', buriedBefore: null });
    expect(current(u.session)).toEqual({ itemId: 'c', kind: 'review' });
    u = undo(u.session)!;
    expect(u.action).toEqual({ kind: 'suspend', itemId: 'b' });
    expect(u.session.main.map((e) => e.itemId)).toEqual(['b', 'c']);
    u = undo(u.session)!;
    expect(u.action.kind).toBe('answer');
  });

  it('removing an item drops it from both queues', () => {
    let s = startSession(['a', 'b'], []);
    s = answered(s, 1, 1);
    s = removeItem(s, 'a');
    expect(s.drill).toEqual([]);
    expect(current(s)).toEqual({ itemId: 'b', kind: 'review' });
  });
});
