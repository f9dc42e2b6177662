// Near-miss suggestions: distances computed by hand.
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggest } from '../../../src/suggest.js';

describe('editDistance (optimal string alignment)', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps as one edit each', () => {
    expect(editDistance('review', 'review')).toBe(0);
    expect(editDistance('reveiw', 'review')).toBe(1); // ei ↔ ie
    expect(editDistance('stat', 'stats')).toBe(1);
    expect(editDistance('stat', 'status')).toBe(2);
    expect(editDistance('kitten', 'sitting')).toBe(3); // k→s, e→i, +g
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('suggest', () => {
  const commands = ['review', 'status', 'stats', 'simulate', 'decks', 'card', 'solve', 'ask', 'undo', 'exam', 'export', 'backup', 'restore', 'doctor'];
  it('the closest, plus commands the word begins', () => {
    expect(suggest('stat', commands)).toEqual(['stats', 'status']);
    expect(suggest('sttaus', commands)).toEqual(['status']);
    expect(suggest('reveiw', commands)).toEqual(['review']);
    expect(suggest('exprot', commands)).toEqual(['export']);
    expect(suggest('zzzzzz', commands)).toEqual([]);
  });
  it('words the message', () => {
    expect(didYouMean('cnnn', ['cnn', 'rnn', 'vae'])).toBe(' (did you mean cnn?)');
    expect(didYouMean('xyz', ['cnn'])).toBe('');
  });
});
