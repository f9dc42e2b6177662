// Every bundled deck: valid, unique ids, and every card renders in the terminal with no LaTeX left.
import { describe, expect, it } from 'vitest';
import { loadDecks } from '../../../src/decks/load.js';
import { clozeBack, clozeFront } from '../../../src/decks/cloze.js';
import { clozeNumbers } from '../../../src/decks/parse.js';
import { itemOrds } from '../../../src/decks/sync-plan.js';
import type { Card } from '../../../src/decks/model.js';
import { leftoverCommands, renderLatex, unknownCommands } from '../../../src/render/latex-unicode.js';
import { familyIds, instantiate } from '../../../src/questions/registry.js';

const { decks, errors } = loadDecks(['decks'], { families: new Set(familyIds()) });
const cards = decks.flatMap((d) => d.cards);

/** Every text a student can see for a card, per review item. */
function shownTexts(card: Card): string[] {
  switch (card.type) {
    case 'basic': return [card.front, card.back, card.fix?.why ?? '', card.fix?.had ?? ''];
    case 'cloze': return itemOrds(card).flatMap((o) => [clozeFront(card.text, o), clozeBack(card.text, o)]).concat(card.back ?? '', card.fix?.why ?? '', card.fix?.had ?? '');
    case 'choice': return [card.front, ...card.choices, card.explanation ?? '', card.fix?.why ?? '', card.fix?.had ?? ''];
    case 'numeric': {
      const inst = instantiate(card.family, 12345, card.level);
      return [card.front ?? '', inst.prompt, ...inst.steps, ...inst.misconceptions.map((m) => m.message)];
    }
  }
}

/** `$` delimiters pair up (ignoring escaped \$). */
function dollarsBalanced(text: string): boolean {
  const n = (text.replace(/\\\$/g, '').match(/\$/g) ?? []).length;
  return n % 2 === 0;
}

describe('the bundled decks', () => {
  it('pass decks check', () => {
    expect(errors).toEqual([]);
    expect(decks).toHaveLength(13);
  });

  it('have ids unique across decks and at least 600 cards', () => {
    const ids = cards.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(cards.length).toBeGreaterThanOrEqual(600);
  });

  it('each has a title, a one-line description and 30–100 cards (numeric drills at levels 1 and 3 included)', () => {
    for (const d of decks) {
      expect(d.title.length).toBeGreaterThan(3);
      expect(d.description).not.toContain('\n');
      expect(d.cards.length, d.topic).toBeGreaterThanOrEqual(30);
      expect(d.cards.length, d.topic).toBeLessThanOrEqual(100);
    }
  });

  it('every card renders with no LaTeX command left and balanced math delimiters', () => {
    const problems: string[] = [];
    for (const card of cards) {
      for (const text of shownTexts(card)) {
        if (!dollarsBalanced(text)) problems.push(`${card.id}: unbalanced $ in ${JSON.stringify(text.slice(0, 80))}`);
        const rendered = renderLatex(text);
        const left = leftoverCommands(rendered);
        const unknown = unknownCommands(text);
        if (left.length) problems.push(`${card.id}: leftover ${left.join(' ')}`);
        if (unknown.length) problems.push(`${card.id}: unknown ${unknown.join(' ')}`);
        if (/\$/.test(rendered.replace(/\\\$/g, '')) && dollarsBalanced(text)) problems.push(`${card.id}: a $ survived rendering`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every cloze has a deletion, never an empty one, and no stray }} outside deletions', () => {
    for (const card of cards) {
      if (card.type !== 'cloze') continue;
      expect(clozeNumbers(card.text).length, card.id).toBeGreaterThan(0);
      for (const ord of clozeNumbers(card.text)) {
        const front = clozeFront(card.text, ord);
        expect(front, card.id).toContain('[');
        expect(front, card.id).not.toContain('{{c');
        expect(clozeBack(card.text, ord), card.id).not.toContain('}}');
      }
    }
  });

  it('every choice card has its answer among the choices', () => {
    for (const card of cards) if (card.type === 'choice') expect(card.choices, card.id).toContain(card.answer);
  });

  it('every numeric card names a registered family and instantiates at its level', () => {
    for (const card of cards) {
      if (card.type !== 'numeric') continue;
      expect(familyIds(), card.id).toContain(card.family);
      for (let seed = 0; seed < 20; seed++) expect(() => instantiate(card.family, seed, card.level), card.id).not.toThrow();
    }
  });

  it('every card cites sheet lines within the sheet; every fix says what the sheet had and why', () => {
    for (const card of cards) {
      expect(card.sheet.length, card.id).toBeGreaterThan(0);
      for (const l of card.sheet) expect(l, card.id).toBeLessThanOrEqual(954);
      if (card.fix) {
        expect(card.fix.had.trim().length, card.id).toBeGreaterThan(0);
        expect(card.fix.why.trim().length, card.id).toBeGreaterThan(10);
      }
    }
  });
});
