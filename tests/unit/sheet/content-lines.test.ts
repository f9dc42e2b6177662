import { describe, expect, it } from 'vitest';
import { classifyLines, isHeading, isSectionHeading, isTitleLine, truncate } from '../../../src/sheet/coverage.js';

const kinds = (text: string) => classifyLines(text).map((l) => l.kind);

describe('content-line rule', () => {
  it('(a) blank and whitespace-only lines are not content', () => {
    expect(kinds('\n   \n\t\nReLU: max(0, x)\n\u00a0')).toEqual(['blank', 'blank', 'blank', 'content', 'blank']);
  });

  it('(b) an exact repeat after trimming is not content; only the first occurrence counts', () => {
    const lines = classifyLines(['↳ gradients. Limit the length', '', '  ↳ gradients. Limit the length  ', '↳ gradients. Limit the length'].join('\n'));
    expect(lines.map((l) => l.kind)).toEqual(['content', 'blank', 'repeat', 'repeat']);
    expect(lines[2]!.firstLine).toBe(1);
    expect(lines[3]!.firstLine).toBe(1);
  });

  it('(b) a repeated heading is a repeat, a near-repeat is content', () => {
    expect(kinds('Compute Gradient: $g$\nCompute Gradient: $g$.\nCompute Gradient: $g$')).toEqual(['content', 'content', 'repeat']);
  });

  it('(c) ALL-CAPS section titles are headings', () => {
    for (const t of ['CONVOLUTIONAL NEURAL NETWORKS', 'ESSENTIALS', 'TAXONOMY OF RL METHODS', 'LSTM', 'GRU']) {
      expect(isHeading(t), t).toBe(true);
    }
  });

  it('(c) short title lines are headings', () => {
    for (const t of [
      'Expectation Properties', 'Matrix/Vector Basics', 'Probability / Statistics Basics', 'Kullback - Leibler Divergence',
      'Derivatives:', 'Activation Functions:', 'Adaptive Moment Estimation (Adam):', 'Matrix calculus (numerator layout)',
      'Masked Autoencoder Distribution Estimator (MADE)', '1D Derivation Rules', 'cell state',
    ]) {
      expect(isTitleLine(t), t).toBe(true);
    }
  });

  it('lines with math, a colon followed by text, or sentence punctuation are content', () => {
    for (const t of [
      'Multiplication: $C = AB$', // $ math
      'Theorem: Value iteration', // ':' followed by text
      'Backward pass w.r.t. inputs', // sentence punctuation
      'overshoot, if too low can be slow', // comma
      'Apply Batch Norm on each layer while computing θ^i', // math characters
      '$$\\langle x, y \\rangle$$',
      '④ ensemble for inference', // starts with an enumeration mark, not a letter
      '- Bias in linear / conv layer becomes redundant w/BN', // a bullet
      '+ inexpensive operation',
      'Pass coordinates through random Fourier Features', // 6 words: too long for a title
      'Maps one distribution to another', // 5 words
      'Training is still slow', // a sentence word ("is")
      'for k steps do', // a sentence word ("do")
      'Points \\ominus Does not model connectivity',
      'Function (unbalanced',
      '|',
    ]) {
      expect(isHeading(t), t).toBe(false);
      expect(kinds(t), t).toEqual(['content']);
    }
  });

  it('Markdown headings are headings; # and ## start sections, ### does not', () => {
    expect(kinds('# Optimisation\n### Momentum\n$v = x$')).toEqual(['heading', 'heading', 'content']);
    expect(isSectionHeading('# Optimisation')).toBe(true);
    expect(isSectionHeading('## Regularisation')).toBe(true);
    expect(isSectionHeading('### Momentum')).toBe(false);
  });

  it('only ALL-CAPS lines of at least 8 letters start sections (LSTM, GRU are sub-headings)', () => {
    expect(isSectionHeading('RECURRENT NEURAL NETWORKS')).toBe(true);
    expect(isSectionHeading('ESSENTIALS')).toBe(true);
    expect(isSectionHeading('LSTM')).toBe(false);
    expect(isSectionHeading('GRU')).toBe(false);
    expect(isSectionHeading('Expectation Properties')).toBe(false);
  });

  it('truncates long text with an ellipsis', () => {
    expect(truncate('  a   b  ')).toBe('a b');
    expect(truncate('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
