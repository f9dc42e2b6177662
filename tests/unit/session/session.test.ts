import { describe, expect, it } from 'vitest';
import { answered, current, removeItem, startSession, undo } from '../../../src/session/session.js';

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

  it('undo restores the queues exactly and names the review to delete', () => {
    let s = startSession(['a', 'b'], []);
    s = answered(s, 0, 10);
    const u = undo(s)!;
    expect(u.reviewId).toBe(10);
    expect(current(u.session)).toEqual({ itemId: 'a', kind: 'review' });
    expect(u.session.drill).toEqual([]);
    expect(undo(u.session)).toBeNull();
  });

  it('suspending removes an item from both queues', () => {
    let s = startSession(['a', 'b'], []);
    s = answered(s, 1, 1);
    s = removeItem(s, 'a');
    expect(s.drill).toEqual([]);
    expect(current(s)).toEqual({ itemId: 'b', kind: 'review' });
  });
});
