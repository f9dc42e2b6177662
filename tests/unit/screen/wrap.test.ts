import { describe, expect, it } from 'vitest';
import { cardRuns } from '../../../src/screen/text.js';
import { formulaChunks, width, wrapRuns, wrapText } from '../../../src/screen/wrap.js';

describe('wrapping card text', () => {
  it('breaks prose at spaces, never inside a word', () => {
    const text = 'reflection of the weight vector across the hyperplane changes its sign';
    const lines = wrapText(text, 20);
    expect(lines).toEqual(['reflection of the', 'weight vector across', 'the hyperplane', 'changes its sign']);
  });

  it('moves a formula whole to the next line when it fits there', () => {
    // the formula "w⁽ᵏ⁺¹⁾ = w⁽ᵏ⁾ + η (y - ŷ) xᵏ" is 6 + 3 + 4 + 3 + 1 + 1 + 7 + 1 + 2 = 28 columns (ŷ is one)
    const runs = cardRuns('The perceptron update: $w^{(k+1)} = w^{(k)} + \\eta (y - \\hat{y}) x^k$ for each x.');
    const f = runs.find((r) => r.math)!.text;
    expect(width(f)).toBe(28);
    const lines = wrapRuns(runs, 30);
    expect(lines).toContain(f);
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(30);
  });

  it('breaks a formula wider than the line only before a top-level operator', () => {
    expect(formulaChunks('a + f(b + c) = d − e')).toEqual(['a', '+ f(b + c)', '= d', '− e']);
    const runs = cardRuns('$L = -\\sum_i y_i \\log p_i + \\lambda \\|w\\|^2 + \\mu (a + b + c + d)$');
    // 44 columns; chunks of 1, 15, 8 and 19 columns (the bracket group stays whole)
    expect(wrapRuns(runs, 22)).toEqual(['L = -Σᵢ yᵢ log pᵢ', '+ λ ‖w‖²', '+ μ (a + b + c + d)']);
    // narrower than a chunk: its spaces, never inside a token
    expect(wrapRuns(runs, 16)).toEqual(['L', '= -Σᵢ yᵢ log pᵢ', '+ λ ‖w‖²', '+ μ (a + b + c +', 'd)']);
  });

  it('keeps punctuation touching a formula with it', () => {
    const lines = wrapRuns(cardRuns('the entry ($c_{ik}$), then more'), 12);
    expect(lines).toEqual(['the entry', '(cᵢₖ), then', 'more']);
  });

  it('honours newlines and drops control characters from deck text', () => {
    expect(wrapRuns(cardRuns('one\ntwo\u001b[31m'), 40)).toEqual(['one', 'two[31m']);
  });
});
