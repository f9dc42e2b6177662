import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDecks } from '../../../src/decks/load.js';
import { CLOZE_RE, clozeNumbers } from '../../../src/decks/parse.js';
import {
  cleanField, clozeOrdinals, clozeToHtml, escapeHtml, neutralizeCloze, scanClozes, separateClozeBraces, sheetLines, texToHtml,
} from '../../../src/export/anki/fields.js';
import { fileURLToPath } from 'node:url';

const DECKS = fileURLToPath(new URL('../../../decks', import.meta.url));

/** `open` … `close` pairs, properly ordered and never nested. */
function delimitersBalanced(s: string, open: string, close: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith(open, i)) {
      if (depth) return false;
      depth = 1;
      i += open.length - 1;
    } else if (s.startsWith(close, i)) {
      if (!depth) return false;
      depth = 0;
      i += close.length - 1;
    }
  }
  return depth === 0;
}

const count = (s: string, sub: string): number => s.split(sub).length - 1;

describe('texToHtml', () => {
  it('turns $…$ and $$…$$ into MathJax delimiters', () => {
    expect(texToHtml('Width $W$ and $$\\sum_i x_i$$.')).toBe('Width \\(W\\) and \\[\\sum_i x_i\\].');
  });

  it('escapes <, > and & in text and inside math', () => {
    expect(texToHtml('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    expect(texToHtml('$x < y$ and $a > b \\& c$')).toBe('\\(x &lt; y\\) and \\(a &gt; b \\&amp; c\\)');
  });

  it('never leaves a $: unmatched and escaped dollars become &#36;', () => {
    expect(texToHtml('costs \\$5')).toBe('costs &#36;5');
    expect(texToHtml('a $ alone')).toBe('a &#36; alone');
    expect(texToHtml('$a \\$ b$')).toBe('\\(a \\&#36; b\\)');
  });

  it('writes newlines as <br> (spaces inside math) and `code` as <code>', () => {
    expect(texToHtml('one\ntwo `x<y`')).toBe('one<br>two <code>x&lt;y</code>');
    expect(texToHtml('$a +\nb$')).toBe('\\(a + b\\)');
  });

  it('for any text: no $ left, delimiters balanced, no raw < or > (property)', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const h = texToHtml(s);
      expect(h).not.toContain('$');
      expect(delimitersBalanced(h, '\\(', '\\)') || s.includes('\\(') || s.includes('\\)')).toBe(true);
      expect(delimitersBalanced(h, '\\[', '\\]') || s.includes('\\[') || s.includes('\\]')).toBe(true);
      expect(h.replace(/<\/?(br|code)>/g, '')).not.toMatch(/[<>]/);
    }));
  });

  it('counts one math span per $…$ pair (property)', () => {
    const math = fc.stringMatching(/^[a-z0-9 +\-^_{}<>&]{1,8}$/);
    fc.assert(fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-zA-Z ,.]{0,6}$/), math), { maxLength: 5 }), (parts) => {
      const src = parts.map(([t, m]) => `${t}$${m}$`).join('');
      const h = texToHtml(src);
      expect(count(h, '\\(')).toBe(parts.length);
      expect(count(h, '\\)')).toBe(parts.length);
    }));
  });
});

describe('cloze fields', () => {
  it('keeps deletions and hints, converting their content', () => {
    expect(clozeToHtml('the {{c1::bias}} is {{c2::$b<0$::a sign}}.')).toBe('the {{c1::bias}} is {{c2::\\(b&lt;0\\)::a sign}}.');
  });

  it('separates braces that would close a deletion early', () => {
    expect(separateClozeBraces('x^{a^{2}}')).toBe('x^{a^{2} } ');
    expect(separateClozeBraces('a}}}b')).toBe('a} } }b');
    expect(clozeToHtml('{{c1::$x^{a^{2}}$}}')).toBe('{{c1::\\(x^{a^{2} }\\)}}');
    expect(clozeToHtml('{{c1::$\\frac{1}{2^{n}}$::half}}')).toBe('{{c1::\\(\\frac{1}{2^{n} }\\)::half}}');
  });

  it('scans deletions brace-aware, falling back to the deck parser when braces do not balance', () => {
    expect(scanClozes('{{c1::$x^{a^{2}}$}} and {{c2::y}}').map((d) => [d.n, d.answer])).toEqual([[1, '$x^{a^{2}}$'], [2, 'y']]);
    expect(scanClozes('{{c1::a{b}} c').map((d) => [d.n, d.answer])).toEqual([[1, 'a{b']]);
    expect(scanClozes('{{c1::a \\{ b}}').map((d) => d.answer)).toEqual(['a \\{ b']);
    expect(clozeOrdinals('{{c3::a}} {{c1::b}} {{c3::c}}')).toEqual([1, 3]);
  });

  it('agrees with the deck parser on every bundled cloze card', () => {
    const { decks } = loadDecks([DECKS]);
    let n = 0;
    for (const d of decks) for (const c of d.cards) {
      if (c.type !== 'cloze') continue;
      n++;
      expect(clozeOrdinals(c.text), c.id).toEqual(clozeNumbers(c.text));
      const re = [...c.text.matchAll(CLOZE_RE)].map((m) => [Number(m[1]), m[2], m[3]]);
      expect(scanClozes(c.text).map((x) => [x.n, x.answer, x.hint]), c.id).toEqual(re);
    }
    expect(n).toBeGreaterThan(50);
  });

  it('neutralizes deletion syntax in other fields', () => {
    expect(neutralizeCloze('see {{c1::x}}')).toBe('see {&#123;c1::x}}');
  });
});

describe('helpers', () => {
  it('writes sheet lines as short ranges', () => {
    expect(sheetLines([331, 333])).toBe('331, 333');
    expect(sheetLines([10, 11, 12, 14, 15])).toBe('10–12, 14–15');
    expect(sheetLines([7])).toBe('7');
  });

  it('cleans fields as Anki does on import: control characters out, NFC', () => {
    expect(cleanField('a\u0001b\tc\nd')).toBe('ab\tc\nd');
    expect(cleanField('e\u0301')).toBe('é');
    expect(escapeHtml('<&>"')).toBe('&lt;&amp;&gt;"');
  });
});
