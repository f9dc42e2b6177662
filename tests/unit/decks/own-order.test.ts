// New-card order: course cards by sheet line; an own deck (`source:`) in its file order, in one block after
// the whole course, and two own decks never interleave.
import { describe, expect, it } from 'vitest';
import { cardRows, OWN_DECK_BASE, ownDeckBase, OWN_DECK_SPAN } from '../../../src/decks/sync-plan.js';
import type { Card, Deck } from '../../../src/decks/model.js';

const basic = (id: string, sheet: number[]): Card => ({ id, type: 'basic', front: id, back: 'b', sheet, tags: [] });
const deck = (topic: string, cards: Card[], source?: string): Deck => ({ topic, title: topic, description: '', uncovered: [], file: `${topic}.yaml`, cards, ...(source ? { source } : {}) });

describe('cardRows positions', () => {
  const course = deck('cnn', [basic('cnn.b', [953]), basic('cnn.a', [2])]);
  const mine = deck('linalg', [basic('linalg.z', [1]), basic('linalg.y', []), basic('linalg.x', [])], 'Strang');
  const other = deck('stats', [basic('stats.q', []), basic('stats.p', [])], 'my sheet');
  const rows = cardRows([course, mine, other]);
  const pos = new Map(rows.map((r) => [r.id, r.position]));

  it('course cards by their first sheet line (line × 1000 + index)', () => {
    expect(pos.get('cnn.a')).toBe(2 * 1000 + 1);
    expect(pos.get('cnn.b')).toBe(953 * 1000 + 0);
  });

  it('an own deck keeps its file order, after every course position, even when it cites lines', () => {
    const own = rows.filter((r) => r.topic === 'linalg').sort((a, b) => a.position - b.position).map((r) => r.id);
    expect(own).toEqual(['linalg.z', 'linalg.y', 'linalg.x']);
    expect(pos.get('linalg.z')!).toBeGreaterThanOrEqual(OWN_DECK_BASE);
    expect(OWN_DECK_BASE).toBeGreaterThan(100_000 * 1000); // past any sheet line × 1000
    expect(pos.get('linalg.y')! - pos.get('linalg.z')!).toBe(1);
  });

  it('two own decks occupy separate blocks (no interleaving), whatever order they are synced in', () => {
    const blocks = (topic: string): [number, number] => [ownDeckBase(topic), ownDeckBase(topic) + OWN_DECK_SPAN - 1];
    const [a0, a1] = blocks('linalg');
    const [b0, b1] = blocks('stats');
    expect(a1 < b0 || b1 < a0).toBe(true);
    expect(cardRows([other]).map((r) => r.position)).toEqual([pos.get('stats.q'), pos.get('stats.p')]);
    expect(Number.isSafeInteger(ownDeckBase('zzzz') + OWN_DECK_SPAN)).toBe(true);
  });
});
