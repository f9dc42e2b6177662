import { describe, expect, it } from 'vitest';
import { makeStyle } from '../../../src/ui/style.js';
import { cardRuns } from '../../../src/screen/text.js';
import { view, type Block, type Screen } from '../../../src/screen/view.js';
import { width, EM_CLOSE, EM_OPEN } from '../../../src/screen/wrap.js';
import { gradeBar, efChange } from '../../../src/session/grade-bar.js';

const plain = makeStyle(false);
const b = (text: string, extra: Partial<Block> = {}): Block => ({ runs: cardRuns(text), ...extra });
const header = { position: '3/12', topic: 'nn-basics', kind: 'review · basic', counts: { due: 4, new: 6, again: 2 } };
const bar = ['Space/Enter show answer', '|', '? help', 'u undo', 's suspend', 'b bury', 'q quit'];

const screens: Record<string, Screen> = {
  'basic, before reveal': {
    header,
    blocks: [b('For a single-layer perceptron with weights $w$ and learning rate $\\eta$, what is the update after a misclassified example $x^k$ with label $y$ and prediction $\\hat{y}$?', { tone: 'question' })],
    keys: bar,
  },
  'basic, after reveal': {
    header,
    blocks: [
      b('For a single-layer perceptron, what is the update rule?', { tone: 'question' }),
      b('$w^{(k+1)} = w^{(k)} + \\eta (y - \\hat{y}) x^k$, applied once per misclassified example; correctly classified examples leave the weights unchanged.', { lead: '→ ' }),
    ],
    keys: [...gradeBar({ kind: 'review', repetitions: 2, ef: 250, interval: 6, due: 0, lapses: 0 }, [0, 1, 2, 3, 4, 5], false, 4), '|', '? help', 'u undo', 's suspend', 'b bury', 'q quit'],
    hint: 'recorded grade 5 · next in 6d (2026-03-08)',
  },
  'cloze with the answer marked': {
    header: { ...header, kind: 'new · cloze' },
    blocks: [b(`A square matrix A is orthogonal iff its columns are ${EM_OPEN}orthonormal${EM_CLOSE}, i.e. $A^T A = A A^T = I$, so that $A^{-1} = A^T$.`, { lead: '→ ' })],
    keys: bar,
  },
  'choice, options shuffled': {
    header: { ...header, kind: 'new · choice' },
    blocks: [b('For a flow $x = f(z)$, $\\log p_x(x) = \\log p_z(z) \\ldots$', { tone: 'question' }),
      ...['$- \\log |\\det \\frac{\\partial f(z)}{\\partial z}|$', '$+ \\log |\\det \\frac{\\partial f(z)}{\\partial z}|$'].map((c, i) => b(c, { lead: `${i + 1}. `, tight: i === 0 }))],
    keys: ['1–2 pick', '|', '? help', 'u undo', 's suspend', 'b bury', 'q quit'],
  },
  'numeric, typing': {
    header: { ...header, kind: 'review · numeric' },
    blocks: [b('What is softmax(x) for x = (1, 0.9, 2.1)? Give the 3 values in order, separated by commas, each to 3 significant digits.', { tone: 'question' })],
    keys: ['Enter on an empty answer shows the solution', '|', '? help', 'u undo', 's suspend', 'b bury', 'q quit'],
    prompt: { label: 'answer ›', input: '0.2, 0.18' },
    hint: 'could not read that: expected a list of 3 numbers, got 2 — try again (nothing recorded)',
  },
};

describe('view(state, width)', () => {
  for (const [name, screen] of Object.entries(screens)) {
    for (const cols of [60, 80, 120]) {
      it(`${name} at ${cols} columns`, () => {
        const lines = view(screen, cols, 24, plain);
        expect(lines).toHaveLength(24);
        for (const l of lines) expect(width(l)).toBeLessThanOrEqual(Math.min(cols, 100));
        // the key bar is on the last line(s)
        expect(lines.at(-1)).toContain('q quit');
        expect(lines.join('\n')).toMatchSnapshot();
      });
    }
  }

  it('grade bar: interval and E-Factor change per grade, so 3, 4 and 5 differ on a new card', () => {
    expect(gradeBar({ kind: 'new' }, [3, 4, 5], false, 4)).toEqual(['3 · 1d · EF −0.14', '4 · 1d · EF ±0', '5 · 1d · EF +0.10', 'Space/Enter = 4']);
    // n = 2, EF 2.50, I = 6: a pass gives I(3) = round(6 × 2.50) = 15; a fail 1 day
    expect(gradeBar({ kind: 'review', repetitions: 2, ef: 250, interval: 6, due: 0, lapses: 0 }, [1, 5], false, 4))
      .toEqual(['1 · 1d · EF −0.54', '5 · 15d · EF +0.10', 'Space/Enter = 5']);
    // the EF floor 1.30: from 1.40 a 0 costs only 0.10
    expect(gradeBar({ kind: 'review', repetitions: 0, ef: 140, interval: 1, due: 0, lapses: 1 }, [0], false, 4)[0]).toBe('0 · 1d · EF −0.10');
    expect(gradeBar({ kind: 'new' }, [0, 3, 4, 5], true, 4)).toEqual(['0 3 · again today', '4 5 · done', 'Space/Enter = 4']);
    expect(efChange(-14)).toBe('−0.14');
  });

  it('a terminal too short for the card keeps the key bar and says the card is cut', () => {
    const long = { ...screens['basic, after reveal']!, blocks: Array.from({ length: 30 }, (_v, i) => b(`line ${i}`)) };
    const lines = view(long, 80, 12, plain);
    expect(lines).toHaveLength(12);
    expect(lines.some((l) => l.includes('make the terminal taller'))).toBe(true);
    expect(lines.at(-1)).toContain('q quit');
  });

  it('NO_COLOR: no escape sequence at all; with colour, the question is bold and nothing is a ✔', () => {
    const plainText = view(screens['cloze with the answer marked']!, 80, null, plain).join('\n');
    expect(plainText).not.toMatch(/\x1b/);
    expect(plainText).not.toMatch(/[\uE000\uE001]/);
    const coloured = view(screens['basic, before reveal']!, 80, null, makeStyle(true)).join('\n');
    expect(coloured).toContain('\x1b[1m');
    expect(coloured).not.toContain('✔');
  });

  it('? shows the keys', () => {
    const lines = view({ ...screens['basic, before reveal']!, help: true }, 80, null, plain).join('\n');
    expect(lines).toContain('Space / Enter   show the answer');
    expect(lines).toContain('bury it until tomorrow');
  });
});
