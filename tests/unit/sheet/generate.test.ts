import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLOZE_RE, parseDeck } from '../../../src/decks/parse.js';
import type { Card, Deck } from '../../../src/decks/model.js';
import { LocatedError } from '../../../src/errors.js';
import { classifyLines, isSectionHeading } from '../../../src/sheet/coverage.js';
import {
  clozeOf, clozeSafe, decodeSheet, firstInvalidUtf8, generateDecks, rhsSpan, slugify, titleOf, type GenerateResult,
} from '../../../src/sheet/generate.js';

const FIX = fileURLToPath(new URL('../../fixtures/sheets', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const read = (name: string): string => readFileSync(join(FIX, name), 'utf8');

/** Parse every draft, failing with the located errors; returns the decks. */
function parsed(r: GenerateResult): Deck[] {
  return r.decks.map((d) => {
    const p = parseDeck(d.yaml, d.fileName);
    if (!p.ok) throw new Error(`${d.fileName} does not parse:\n${p.errors.map((e) => `${e.line}:${e.col}: ${e.message}`).join('\n')}`);
    return p.deck;
  });
}

function card(decks: Deck[], id: string): Card {
  const c = decks.flatMap((d) => d.cards).find((x) => x.id === id);
  if (!c) throw new Error(`no card ${id}; ids: ${decks.flatMap((d) => d.cards.map((x) => x.id)).join(', ')}`);
  return c;
}

function locatedError(f: () => unknown): LocatedError {
  try {
    f();
  } catch (e) {
    if (e instanceof LocatedError) return e;
    throw e;
  }
  throw new Error('expected a LocatedError');
}

/** Checks every generated deck must pass, whatever the sheet. */
function checkDrafts(r: GenerateResult, sheetText: string, sheetName: string): Deck[] {
  const decks = parsed(r);
  const n = sheetText.split(/\r?\n/).length;
  const ids = new Set<string>();
  for (const d of decks) {
    expect(d.description).toBe(`Draft generated from ${sheetName.replace(/^.*\//, '')} — review every card before studying.`);
    expect(d.source).toBe(sheetName.replace(/^.*\//, ''));
    for (const c of d.cards) {
      expect(c.tags, c.id).toEqual(['draft']);
      expect(c.sheet.length, c.id).toBeGreaterThan(0);
      for (const l of c.sheet) {
        expect(l, c.id).toBeGreaterThanOrEqual(1);
        expect(l, c.id).toBeLessThanOrEqual(n);
      }
      expect(c.id.startsWith(`${d.topic}.`), c.id).toBe(true);
      // no line number in the id (a slug of the term), so regenerating after an edit keeps it
      expect(c.id, c.id).not.toMatch(new RegExp(`-${c.sheet[0]}(?:-\\d+)?$`));
      expect(ids.has(c.id), c.id).toBe(false);
      ids.add(c.id);
      if (c.type === 'cloze') {
        for (const m of c.text.matchAll(CLOZE_RE)) expect(m[2], c.id).not.toContain('}}');
      }
    }
  }
  return decks;
}

describe('generateDecks on a plain-text fixture', () => {
  const text = read('plain-sheet.txt');
  const r = generateDecks(text, 'plain-sheet.txt');
  const decks = checkDrafts(r, text, 'plain-sheet.txt');

  it('starts a topic at each ALL-CAPS heading, slug from the heading', () => {
    expect(r.decks.map((d) => [d.topic, d.fileName, d.title, d.from])).toEqual([
      ['loss-functions', 'loss-functions.yaml', 'Loss Functions', 1],
      ['activation-functions', 'activation-functions.yaml', 'Activation Functions', 10],
    ]);
  });

  it('Term: formula without "=" -> a question for the formula', () => {
    expect(card(decks, 'loss-functions.squared-loss')).toMatchObject({ type: 'basic', front: 'What is the formula for the squared loss?', back: '$\\frac{1}{2}(y - \\hat{y})^2$', sheet: [3] });
  });

  it('an indented line right after a card is appended to it and cited', () => {
    expect(card(decks, 'activation-functions.sigmoid')).toMatchObject({ type: 'cloze', text: 'Sigmoid: $\\sigma(x) =$ {{c1::$1/(1+e^{-x})$}}', back: 'squashes any input into (0, 1)', sheet: [12, 13] });
  });

  it('formulas -> cloze of the right-hand side, braces balanced, no }} inside a deletion', () => {
    expect(card(decks, 'loss-functions.squared-loss-formula')).toMatchObject({ type: 'cloze', text: 'Squared loss: $L =$ {{c1::$-\\sum_i y_i \\log \\hat{y}_{i_{k} }$}}' });
    expect(card(decks, 'loss-functions.hinge-formula')).toMatchObject({ type: 'cloze', text: 'Hinge: $\\ell(y) =$ {{c1::$\\max(0, 1 - y \\cdot \\hat{y})$}} for labels $y \\in \\{-1, 1\\}$' });
    // \left( … \right) stays in one piece
    expect((card(decks, 'activation-functions.softmax-x-i') as { text: string }).text).toContain('{{c1::$\\left( \\frac{e^{x_i} }{\\sum_j e^{x_j} } \\right)$}}');
    // a plain-text `X = …` line
    expect(card(decks, 'activation-functions.rule-of-thumb')).toMatchObject({ type: 'cloze', text: 'Rule of thumb = {{c1::start with ReLU}}' });
  });

  it('+/- lines -> "What is an advantage / a drawback of X?", also both on one line and X ⊖ …', () => {
    expect(card(decks, 'loss-functions.hinge-advantages')).toMatchObject({ front: 'What is an advantage of the hinge?', back: 'robust to outliers.' });
    expect(card(decks, 'loss-functions.hinge-drawbacks')).toMatchObject({ front: 'What is a drawback of the hinge?', back: 'not differentiable at the margin' });
    expect(card(decks, 'activation-functions.sigmoid-drawbacks')).toMatchObject({ front: 'What is a drawback of the sigmoid?', back: 'saturates for large inputs' });
    expect(card(decks, 'activation-functions.sigmoid-advantages')).toMatchObject({ front: 'What is an advantage of the sigmoid?', back: 'smooth and bounded' });
    expect(card(decks, 'activation-functions.points-drawbacks')).toMatchObject({ front: 'What is a drawback of points?', back: 'do not model connectivity' });
  });

  it('drops a line repeated 3 or more times, with a warning', () => {
    expect(r.noise).toEqual([{ text: '↳ page 3 of the scan', lines: [16, 17, 19] }]);
    expect(r.warnings).toContainEqual({ file: 'plain-sheet.txt', line: 16, col: 1, message: 'dropped noise: "↳ page 3 of the scan" appears 3 times (lines 16, 17, 19)' });
    const cited = decks.flatMap((d) => d.cards.flatMap((c) => c.sheet));
    for (const l of [16, 17, 19]) expect(cited).not.toContain(l);
  });

  it('lists the content lines it drafted nothing from', () => {
    expect(r.skipped).toEqual([22]);
    expect(r.warnings.find((w) => w.line === 22)!.message).toMatch(/^no card drafted/);
  });

  it('is deterministic', () => {
    expect(generateDecks(text, 'plain-sheet.txt')).toEqual(r);
  });

  it('writes YAML with the yaml stringifier: flow line lists, LaTeX single-quoted or plain', () => {
    const y = r.decks[0]!.yaml;
    expect(y).toMatch(/^# Draft deck generated by `deepcards decks generate`/);
    expect(y).toContain('    sheet: [3]\n    tags: [draft]\n');
    expect(y).not.toMatch(/\\\\/); // no doubled backslashes: nothing needed double quotes
    expect(parse(y).cards[1].text).toBe((card(decks, 'loss-functions.squared-loss-formula') as { text: string }).text);
  });
});

describe('generateDecks on a Markdown fixture', () => {
  const text = read('markdown-sheet.md');
  const r = generateDecks(text, 'notes/markdown-sheet.md');
  const decks = checkDrafts(r, text, 'notes/markdown-sheet.md');

  it('# and ## headings start topics, ### is a sub-heading', () => {
    expect(r.decks.map((d) => d.topic)).toEqual(['optimisation', 'regularisation']);
  });

  it('Markdown emphasis is dropped from terms; a `- Term: …` list item is a term, not a drawback', () => {
    expect(card(decks, 'optimisation.learning-rate')).toMatchObject({ front: 'What is the learning rate?', back: 'the step size $\\eta$ of each update' });
    expect(card(decks, 'optimisation.momentum')).toMatchObject({ front: 'What is the momentum?' });
    expect(card(decks, 'optimisation.momentum-drawbacks')).toMatchObject({ front: 'What is a drawback of the momentum?', back: 'can oscillate in ravines' });
  });

  it('a formula right after a term is labelled with it', () => {
    expect(card(decks, 'optimisation.learning-rate-formula')).toMatchObject({ text: 'Learning rate: $\\theta_{t+1} =$ {{c1::$\\theta_t - \\eta \\nabla_\\theta L(\\theta_t)$}}' });
  });

  it('⊕ / ⊖ lines are advantages / drawbacks', () => {
    expect(card(decks, 'regularisation.dropout-advantages')).toMatchObject({ front: 'What is an advantage of the dropout?', back: 'reduces overfitting' });
    expect(card(decks, 'regularisation.dropout-drawbacks')).toMatchObject({ front: 'What is a drawback of the dropout?', back: 'slows down convergence' });
  });

  it('an unpaired `- ` bullet is not a drawback', () => {
    const r2 = generateDecks('# Notes\n\nReLU: max(0, x)\n- used in most CNNs\n', 'n.md');
    expect(parsed(r2)[0]!.cards.map((c) => c.id)).toEqual(['notes.relu']);
    expect(r2.skipped).toEqual([4]);
  });

  it('content before the first heading goes to a topic named after the sheet', () => {
    const r2 = generateDecks('Entropy: $H(p) = -\\sum_i p_i \\log p_i$\n', 'my notes.txt');
    expect(r2.decks.map((d) => d.topic)).toEqual(['my-notes']);
    expect(r2.warnings[0]!.message).toMatch(/before the first heading/);
    parsed(r2);
  });
});

describe('generateDecks on the bundled sheet', () => {
  const text = readFileSync(join(ROOT, 'sheet', 'deep-learning.txt'), 'utf8');
  const r = generateDecks(text, 'deep-learning.txt');
  const decks = checkDrafts(r, text, 'deep-learning.txt');

  it('every draft parses, and there is a deck for each ALL-CAPS section with content', () => {
    const lines = classifyLines(text);
    const headings = lines.filter((l) => l.kind === 'heading' && isSectionHeading(l.text)).map((l) => l.line);
    expect(headings.length).toBe(13);
    const withContent = headings.filter((h, i) => lines.some((l) => l.kind === 'content' && l.line > h && l.line < (headings[i + 1] ?? Infinity)));
    expect(withContent.length).toBe(12); // TAXONOMY OF RL METHODS (926) has no text in the transcription
    const from = r.decks.map((d) => d.from);
    for (const h of withContent) expect(from, `section at line ${h}`).toContain(h);
    expect(decks.length).toBeGreaterThanOrEqual(withContent.length);
    expect(r.warnings.some((w) => w.line === 926 && /no deck written/.test(w.message))).toBe(true);
  });

  it('drops the clipping line repeated 62 times as noise', () => {
    expect(r.noise).toHaveLength(1);
    expect(r.noise[0]!.lines).toHaveLength(62);
    expect(r.noise[0]!.lines[0]).toBe(409);
    expect(r.noise[0]!.lines.at(-1)).toBe(531);
  });

  it('topic slugs come from the headings', () => {
    expect(r.decks.map((d) => d.topic)).toContain('neural-network-basics');
    expect(r.decks.map((d) => d.topic)).toContain('generative-adverserial-networks');
  });
});

describe('unreadable input', () => {
  it('NUL bytes -> located error at the byte', () => {
    const e = locatedError(() => decodeSheet(Buffer.from('TITLE\nab\0cd\n'), 'x.bin'));
    expect(e.errors).toEqual([{ file: 'x.bin', line: 2, col: 3, message: expect.stringMatching(/binary data \(a NUL byte\)/) }]);
    expect(e.message).toMatch(/^x\.bin:2:3: /);
    expect(e.exitCode).toBe(1);
    expect(locatedError(() => generateDecks('A\0', 's.txt')).errors[0]).toMatchObject({ line: 1, col: 2 });
  });

  it('not UTF-8 -> located error at the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('ESSENTIALS\nCaf'), Buffer.from([0xe9]), Buffer.from(' au lait\n')]);
    expect(firstInvalidUtf8(bytes)).toBe(14);
    const e = locatedError(() => decodeSheet(bytes, 'latin1.txt'));
    expect(e.errors).toEqual([{ file: 'latin1.txt', line: 2, col: 4, message: expect.stringMatching(/not UTF-8 .*0xe9/) }]);
    expect(firstInvalidUtf8(Buffer.from('ü → ∑ 😀'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // a UTF-16 surrogate
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1); // truncated
  });

  it('a UTF-8 BOM is dropped', () => {
    expect(decodeSheet(Buffer.from('\ufeffTITLE\n'), 'b.txt')).toBe('TITLE\n');
  });

  it('empty file, or whitespace only -> located error at 1:1', () => {
    expect(locatedError(() => decodeSheet(new Uint8Array(0), 'e.txt')).errors).toEqual([{ file: 'e.txt', line: 1, col: 1, message: 'empty sheet: the file has no text' }]);
    expect(locatedError(() => generateDecks(' \n\n\t\n', 'e.txt')).errors[0]).toMatchObject({ line: 1, col: 1, message: 'empty sheet: the file has no text' });
  });

  it('no headings and no content -> located error', () => {
    expect(locatedError(() => generateDecks('noise\nnoise\nnoise\n', 'n.txt')).errors[0]!.message).toBe('no headings and no content: nothing to draft');
    expect(locatedError(() => generateDecks('SOME HEADING\n\nAnother Title\n', 'h.txt')).errors[0]!.message).toMatch(/headings but no lines/);
  });

  it('content without any draftable line -> located error', () => {
    expect(locatedError(() => generateDecks('TOPIC HEADING\nJust some prose, nothing else.\n', 'p.txt')).errors[0]!.message).toMatch(/^nothing to draft/);
  });
});

describe('drafting helpers', () => {
  it('slugify and titleOf', () => {
    expect(slugify('NEURAL NETWORK BASICS')).toBe('neural-network-basics');
    expect(slugify('Régularisation & Dropout (L2)')).toBe('regularisation-dropout-l2');
    expect(slugify('∑∫')).toBe('');
    expect(titleOf('TAXONOMY OF RL METHODS')).toBe('Taxonomy of RL Methods');
    expect(titleOf('Mixed Case stays')).toBe('Mixed Case stays');
  });

  it('rhsSpan: the right-hand side of the first top-level =, up to the next relation or \\quad', () => {
    const body = 'P(x) = \\sum_{y \\in Y} P(x,y) \\quad P(x,y) = P(x|y) P(y)';
    const [s, e] = rhsSpan(body)!;
    expect(body.slice(s, e)).toBe('\\sum_{y \\in Y} P(x,y)');
    const b2 = '\\langle x, y+z \\rangle = \\langle x, z \\rangle + \\langle x, y \\rangle. \\quad z';
    expect(b2.slice(...rhsSpan(b2)!)).toBe('\\langle x, z \\rangle + \\langle x, y \\rangle');
    const b3 = 'r \\leftarrow r + g \\odot g';
    expect(b3.slice(...rhsSpan(b3)!)).toBe('r + g \\odot g');
    expect(rhsSpan('\\sum_{i=1}^n x_i')).toBeUndefined(); // the only = is inside braces
    expect(rhsSpan('f(x = 1)')).toBeUndefined();
    expect(rhsSpan('x = ')).toBeUndefined();
  });

  it('clozeSafe never leaves }} {{ or :: in the text', () => {
    expect(clozeSafe('\\frac{a}{b_{c}}}')).toBe('\\frac{a}{b_{c} } }');
    expect(clozeSafe('{{x}} a::b')).toBe('{ {x} } a: :b');
  });

  it('clozeOf returns undefined when nothing can be blanked', () => {
    expect(clozeOf('$\\phi(E[X]) \\leq E[\\phi(X)]$')).toBeUndefined();
    expect(clozeOf('no math here')).toBeUndefined();
  });
});

describe('generateDecks on a small statistics sheet', () => {
  const text = read('stats-sheet.md');
  const r = generateDecks(text, 'stats-sheet.md');
  const decks = checkDrafts(r, text, 'stats-sheet.md');

  it('drafts formula lines (also `Term: formula`) as cloze cards blanking the right-hand side', () => {
    expect(card(decks, 'descriptive-statistics.mean')).toMatchObject({ type: 'cloze', text: 'Mean: $\\bar{x} =$ {{c1::$\\frac{1}{n} \\sum_{i=1}^{n} x_i$}}', sheet: [3] });
    expect(card(decks, 'descriptive-statistics.sample-variance')).toMatchObject({ type: 'cloze', text: 'Sample variance: $s^2 =$ {{c1::$\\frac{1}{n-1} \\sum_{i=1}^{n} (x_i - \\bar{x})^2$}}' });
    expect(card(decks, 'hypothesis-tests.t-statistic')).toMatchObject({ type: 'cloze', text: 't statistic: $t =$ {{c1::$\\frac{\\bar{x} - \\mu_0}{s / \\sqrt{n} }$}}' });
    expect(card(decks, 'hypothesis-tests.power-formula')).toMatchObject({ type: 'cloze', text: 'Power: $\\text{power} =$ {{c1::$1 - \\beta$}}', sheet: [21] });
    expect(card(decks, 'distributions.binomial-pmf')).toMatchObject({ type: 'cloze', text: 'Binomial pmf: $P(X = k) =$ {{c1::$\\binom{n}{k} p^k (1-p)^{n-k}$}}' });
  });

  it('attaches pros and cons to the term they follow, also when that is a plain line with no card', () => {
    expect(card(decks, 'descriptive-statistics.median-advantages')).toMatchObject({ front: 'What is an advantage of the median?', back: 'robust to outliers', sheet: [6] });
    expect(card(decks, 'hypothesis-tests.t-statistic-advantages')).toMatchObject({ front: 'What is an advantage of the t statistic?', back: 'exact when the data are normal' });
    expect(card(decks, 'hypothesis-tests.t-statistic-drawbacks')).toMatchObject({ back: 'assumes normality', sheet: [13] });
    // the permutation test's pros are its own, not the t statistic's; two of them make one cloze card
    expect(card(decks, 'hypothesis-tests.permutation-test-advantages')).toMatchObject({
      type: 'cloze', text: 'Advantages of the permutation test: {{c1::needs no distributional assumption}}; {{c2::exact for any sample size}}.', sheet: [16, 17],
    });
    expect(card(decks, 'hypothesis-tests.permutation-test-drawbacks')).toMatchObject({ front: 'What is a drawback of the permutation test?', back: 'computationally expensive' });
    const fronts = decks.flatMap((d) => d.cards.flatMap((c) => (c.type === 'basic' ? [c.front] : [])));
    expect(new Set(fronts).size).toBe(fronts.length);
  });

  it('asks questions on the fronts', () => {
    expect(card(decks, 'descriptive-statistics.median')).toMatchObject({ front: 'What is the median?' });
    expect(card(decks, 'hypothesis-tests.power')).toMatchObject({ front: 'What is the power?' });
    for (const d of decks) for (const c of d.cards) if (c.type === 'basic') expect(c.front, c.id).toMatch(/\?$/);
  });

  it('keeps every id when lines are inserted or a block is moved, and regenerates', () => {
    const ids = (t: string): string[] => generateDecks(t, 'stats-sheet.md').decks.flatMap((d) => parsed({ ...r, decks: [d] })[0]!.cards.map((c) => c.id)).sort();
    const before = ids(text);
    const lines = text.split('\n');
    // a new line at the top, one in the middle of a section, and a blank line before a formula
    const inserted = ['Notes for the exam, week 3', '', ...lines.slice(0, 7), 'Mode: the most frequent value', ...lines.slice(7, 20), '', ...lines.slice(20)].join('\n');
    const after = ids(inserted);
    expect(after.filter((id) => before.includes(id))).toEqual(before);
    expect(after.filter((id) => !before.includes(id))).toEqual(['descriptive-statistics.mode']);
    // the Distributions section moved above Hypothesis tests
    const dist = lines.indexOf('# Distributions');
    const hyp = lines.indexOf('# Hypothesis tests');
    const moved = [...lines.slice(0, hyp), ...lines.slice(dist), '', ...lines.slice(hyp, dist)].join('\n');
    expect(ids(moved)).toEqual(before);
  });
});
