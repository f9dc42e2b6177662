// The lints of `decks check` on the reviewers' examples (the card texts as they were flagged), and the
// bundled decks clean under them.
import { describe, expect, it } from 'vitest';
import { clozeGiveaways, duplicateFronts, lintDeck, lintDecks, predictablePosition, standsOutByLength, wordCount } from '../../../src/decks/lint.js';
import { parseDeck } from '../../../src/decks/parse.js';
import { loadDecks } from '../../../src/decks/load.js';
import type { Deck } from '../../../src/decks/model.js';

function deck(file: string, body: string): { deck: Deck; text: string } {
  const topic = file.replace(/\.yaml$/, '');
  const text = `topic: ${topic}\ntitle: T\ndescription: d\ncards:\n${body}`;
  const r = parseDeck(text, file);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { deck: r.deck, text };
}

describe('cloze give-aways', () => {
  it('cnn.vgg-three-3x3#c1: "7 × 7" is printed in the text', () => {
    const text = 'Three stacked $3 \\times 3$ conv layers (stride 1) have receptive field {{c1::$7 \\times 7$}} but only {{c2::$27C^2$}} weights versus {{c3::$49C^2$}} for one $7 \\times 7$ layer';
    expect(clozeGiveaways(text).map((g) => [g.ord, g.where])).toEqual([[1, 'in the text']]);
  });

  it('rl-classical.td0#c2: V(s) stands on the left-hand side', () => {
    const text = 'TD(0): $V(s) \\leftarrow V(s) + \\alpha\\, [$ {{c1::$r + \\gamma V(s\')$}} $-$ {{c2::$V(s)$}} $]$';
    expect(clozeGiveaways(text).map((g) => g.ord)).toEqual([2]);
  });

  it('essentials.bayes-rule#c1/#c2: the expanded evidence (a sibling deletion) shows likelihood and prior', () => {
    const text = 'posterior with likelihood {{c1::$p(B \\mid A)$}}, prior {{c2::$p(A)$}} and evidence {{c3::$p(B) = \\sum_{A} p(B \\mid A)\\, p(A)$}}.';
    expect(clozeGiveaways(text).map((g) => [g.ord, g.where])).toEqual([[1, 'in a sibling deletion'], [2, 'in a sibling deletion']]);
  });

  it('leaves a deletion alone when it appears nowhere else, or only inside a longer word', () => {
    expect(clozeGiveaways('The {{c1::mean}} of a meaningful sample; {{c2::$\\sigma^2$}} is the variance')).toEqual([]);
    // one-character symbols are too short to count (they recur in any formula)
    expect(clozeGiveaways('$y = {{c1::x}} + x$')).toEqual([]);
  });

  it('the whole card is located at its text field', () => {
    const { deck: d, text } = deck('cnn.yaml', [
      '  - id: cnn.td',
      '    type: cloze',
      '    text: "$V(s) \\\\leftarrow$ {{c1::$V(s)$}}"',
      '    sheet: [1]',
      '',
    ].join('\n'));
    const w = lintDeck({ deck: d, text });
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ file: 'cnn.yaml', line: 7, col: 5, rule: 'cloze-giveaway', cardId: 'cnn.td' });
  });
});

describe('answer length', () => {
  it('counts a formula as one word', () => {
    expect(wordCount('the sum $\\sum_{t=1}^T \\partial L^t / \\partial W$ over time')).toBe(5);
  });

  it('flags a long deletion and a long back', () => {
    const long = Array.from({ length: 45 }, (_, i) => `w${i}`).join(' ');
    const { deck: d, text } = deck('training.yaml', [
      '  - id: training.bn-bias-redundant',
      '    type: cloze',
      '    text: "A bias before BN is {{c1::redundant}} because {{c2::the mean subtraction of batch normalisation cancels any constant added before it}}"',
      '    sheet: [1]',
      '  - id: training.swa',
      '    type: basic',
      '    front: SWA?',
      `    back: ${long}`,
      '    sheet: [2]',
      '',
    ].join('\n'));
    expect(lintDeck({ deck: d, text }).map((w) => [w.cardId, w.rule, w.line])).toEqual([
      ['training.bn-bias-redundant', 'answer-length', 7],
      ['training.swa', 'answer-length', 12],
    ]);
  });
});

describe('choice keys', () => {
  it('a key three times longer than every distractor stands out (body-modelling.heatmap-vs-regression)', () => {
    expect(standsOutByLength(['heatmaps: one per joint, a spatial likelihood that keeps translation equivariance', 'faster', 'simpler'], 'heatmaps: one per joint, a spatial likelihood that keeps translation equivariance')).toBe(true);
    expect(standsOutByLength(['a spatial heatmap per joint', 'a direct regression of x, y'], 'a spatial heatmap per joint')).toBe(false);
  });

  it('a deck whose keys are mostly first is predictable; spread keys are not', () => {
    const choice = (i: number, at: number) => ({ id: `t.c${i}`, type: 'choice' as const, sheet: [1], tags: [], front: `q${i}`, choices: ['a', 'b', 'c'], answer: ['a', 'b', 'c'][at]! });
    expect(predictablePosition([0, 0, 0, 1].map((p, i) => choice(i, p)))).toEqual({ position: 0, count: 3, total: 4 });
    expect(predictablePosition([0, 1, 2, 0].map((p, i) => choice(i, p)))).toBeUndefined();
    // two-option cards are a coin flip whatever the order, and three cards are too few to judge
    expect(predictablePosition([0, 0, 0].map((p, i) => choice(i, p)))).toBeUndefined();
  });
});

describe('duplicate fronts and exceptions', () => {
  const a = deck('cnn.yaml', '  - id: cnn.a\n    type: basic\n    front: What is a stride?\n    back: x\n    sheet: [1]\n');
  const b = deck('rnn.yaml', '  - id: rnn.b\n    type: basic\n    front: "What is a  stride"\n    back: y\n    sheet: [2]\n');
  it('finds the same front across decks', () => {
    expect(duplicateFronts([a, b]).map((w) => [w.file, w.cardId, w.line])).toEqual([['rnn.yaml', 'rnn.b', 7]]);
  });

  it('an exception with its reason silences one rule on one card, or on the whole deck', () => {
    const c = deck('rnn.yaml', '  - id: rnn.b\n    type: basic\n    front: "What is a  stride"\n    back: y\n    sheet: [2]\n    lint-allow:\n      - duplicate-front: asked again in the RNN context on purpose\n');
    expect(c.deck.cards[0]!.lintAllow).toEqual([{ rule: 'duplicate-front', reason: 'asked again in the RNN context on purpose' }]);
    expect(lintDecks([a, c])).toEqual([]);
    const text = b.text.replace('cards:\n', 'lint-allow: [duplicate-front: a review deck]\ncards:\n');
    const r = parseDeck(text, 'rnn.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.deck.lintAllow).toEqual([{ rule: 'duplicate-front', reason: 'a review deck' }]);
    expect(lintDecks([a, { deck: r.deck, text }])).toEqual([]);
  });

  it('an unknown rule or an exception without a reason is a located error', () => {
    const r = parseDeck('topic: x\ntitle: T\ndescription: d\ncards:\n  - id: x.a\n    type: basic\n    front: f\n    back: b\n    sheet: [1]\n    lint-allow:\n      - no-such-rule: why\n      - choice-longest:\n', 'x.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => `${e.line}:${e.message.slice(0, 25)}`)).toEqual(['11:unknown lint rule "no-suc', '12:missing field "choice-lon']);
  });
});

describe('the bundled decks', () => {
  it('pass every lint (exceptions listed with reasons)', () => {
    const r = loadDecks(['decks']);
    const warnings = lintDecks(r.decks.map((d) => ({ deck: d, text: r.texts.get(d.file)! })));
    expect(warnings.map((w) => `${w.file}:${w.line}: ${w.message}`)).toEqual([]);
  });
});
