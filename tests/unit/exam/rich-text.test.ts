// One span stream for every renderer: prose math lifted out of family text (misconception messages,
// prompts, steps), Markdown code spans, and what each renderer makes of them — terminal Unicode,
// KaTeX HTML, Markdown `$…$` — with no raw `_{`, `^{` or backtick left, and no link in Markdown.
import { describe, expect, it } from 'vitest';
import { familyIds, instantiate } from '../../../src/questions/registry.js';
import { markdownText } from '../../../src/exam/text.js';
import { richSpans, richToTerminal } from '../../../src/render/rich-text.js';

const math = (text: string): string[] => richSpans(text).filter((s) => s.kind === 'math').map((s) => s.text);

describe('richSpans: prose math', () => {
  it('lifts subscripts and superscripts written outside $…$', () => {
    expect(math('You moved by the old velocity V_{t−1}; subtract the new V_t.')).toEqual(['V_{t−1}', 'V_t']);
    expect(math('here η_t = η_0 e^{−kt}, so epoch 0 has η_0.')).toEqual(['η_t', 'η_0', 'e^{−kt}', 'η_0']);
    expect(math('a per-epoch factor (1 − k)^t')).toEqual(['(1 − k)^t']);
    expect(math('divide m by 1 − β1^t')).toEqual(['β1^t']);
    expect(math('θ − γV_{t−1}')).toEqual(['γV_{t−1}']);
    expect(math('p_data/p_g and (-x_i)')).toEqual(['p_{\\mathrm{data}}', 'p_g', 'x_i']);
  });

  it('multi-letter subscripts are upright; operator words take limits', () => {
    expect(math('D_KL(p‖q) and C_in channels, p_data')).toEqual(['D_{\\mathrm{KL}}', 'C_{\\mathrm{in}}', 'p_{\\mathrm{data}}']);
    expect(math("uses max_a' Q(s',a')")).toEqual(["\\max_{a'}"]);
  });

  it('leaves identifiers, paths and URLs alone', () => {
    expect(math('with ceil_mode=True, output_padding and kernel_size')).toEqual([]);
    expect(math('see https://example.org/a_b/c_d, example.org/x_y/z, ./a_b/c and my_file.txt')).toEqual([]);
  });

  it('backtick code spans become code; $…$ math stays math', () => {
    expect(richSpans('A PyTorch `nn.Conv2d` layer with $k = 3$')).toEqual([
      { kind: 'prose', text: 'A PyTorch ' }, { kind: 'code', text: 'nn.Conv2d' }, { kind: 'prose', text: ' layer with ' },
      { kind: 'math', text: 'k = 3', display: false },
    ]);
  });
});

describe('renderers', () => {
  it('terminal: Unicode scripts, no braces, no backticks', () => {
    expect(richToTerminal('the old velocity V_{t−1}; `nn.Conv2d`')).toBe('the old velocity Vₜ₋₁; nn.Conv2d');
    expect(richToTerminal('η_t = η_0 e^{−kt}')).toBe('ηₜ = η₀ e⁻ᵏᵗ');
    expect(richToTerminal('each filter spans all C_in input channels')).toBe('each filter spans all Cᵢₙ input channels');
  });

  it('Markdown: prose math between $…$, code spans kept as code', () => {
    expect(markdownText('moved by V_{t−1}; `nn.Conv2d`')).toBe('moved by $V_{t−1}$; `nn.Conv2d`');
    expect(markdownText('a code span with a backtick: ``a`b``')).toBe('a code span with a backtick: ``a`b``');
  });

  it('Markdown: links, reference definitions and \\href are neutralised', () => {
    const md = markdownText('[x](javascript:alert(1)) [y]: data:text/html,hi [z][r] <javascript:alert(2)> $\\href{javascript:alert(3)}{c}$');
    expect(md).not.toMatch(/(^|[^\\])\](\(|:|\[)/); // every ] that could close a link text is escaped
    expect(md).toContain('[x\\](javascript:alert(1))');
    expect(md).toContain('&lt;javascript:alert(2)>');
    expect(md).toContain('$\\backslash\\text{href}{javascript:alert(3)}{c}$');
    expect(md).not.toMatch(/(^|[^\\])\\href/);
  });

  it('every misconception message of every family at every level: nothing raw in any renderer', () => {
    let n = 0;
    for (const id of familyIds()) {
      for (const level of [1, 2, 3] as const) {
        for (let seed = 1; seed <= 15; seed++) {
          const inst = instantiate(id, seed * 7919 + level, level);
          for (const text of [inst.prompt, ...inst.steps, ...inst.misconceptions.map((m) => m.message)]) {
            n++;
            const term = richToTerminal(text);
            expect(term, text).not.toMatch(/[_^]\{|`/);
            const md = markdownText(text).replace(/\$[^$]*\$/g, '').replace(/`[^`]*`/g, '');
            expect(md, text).not.toMatch(/[_^]\{/);
          }
        }
      }
    }
    expect(n).toBeGreaterThan(1000);
  });
});

