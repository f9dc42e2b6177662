// Malformed deck fixtures: each with its exact located message; a valid deck parses to the model.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clozeNumbers, parseDeck } from '../../../src/decks/parse.js';

const dir = 'tests/fixtures/decks/malformed';
const families = new Set(['conv-output']);
function errorsOf(name: string): string[] {
  const file = `${dir}/${name}`;
  const r = parseDeck(readFileSync(file, 'utf8'), file, { families });
  if (r.ok) return [];
  return r.errors.map((e) => `${e.file}:${e.line}:${e.col}: ${e.message}`);
}

describe('malformed decks give located errors', () => {
  it.each([
    ['bad-yaml.yaml', [
      `${dir}/bad-yaml.yaml:8:5: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      `${dir}/bad-yaml.yaml:8:11: YAML: Nested mappings are not allowed in compact mappings`,
      `${dir}/bad-yaml.yaml:8:11: YAML: Implicit keys need to be on a single line`,
    ]],
    ['missing-field.yaml', [`${dir}/missing-field.yaml:5:5: missing field "back"`]],
    ['unknown-type.yaml', [`${dir}/unknown-type.yaml:6:11: unknown card type "essay" (expected basic, cloze, choice, numeric)`]],
    ['duplicate-id.yaml', [`${dir}/duplicate-id.yaml:10:9: duplicate id "duplicate-id.a" (first used on line 5)`]],
    ['cloze-none.yaml', [`${dir}/cloze-none.yaml:7:11: a cloze card needs at least one deletion such as {{c1::answer}}`]],
    ['bad-cloze.yaml', [`${dir}/bad-cloze.yaml:7:11: malformed cloze deletion: write {{c1::answer}} with two colons`]],
    ['choice-answer.yaml', [`${dir}/choice-answer.yaml:9:13: answer "D" is not one of the choices`]],
    ['one-choice.yaml', [`${dir}/one-choice.yaml:8:14: a choice card needs 2 to 8 choices, got 1`]],
    ['unknown-field.yaml', [`${dir}/unknown-field.yaml:7:5: unknown field "frnt" for a basic card (allowed: id, type, sheet, fix, tags, lint-allow, front, back)`]],
    ['bad-sheet.yaml', [`${dir}/bad-sheet.yaml:9:13: "sheet" entries must be line numbers or ranges like "12-15", got "twelve"`]],
    ['wrong-prefix.yaml', [`${dir}/wrong-prefix.yaml:5:9: id "other.a" must start with the deck's topic ("wrong-prefix.")`]],
    ['topic-mismatch.yaml', [`${dir}/topic-mismatch.yaml:1:8: topic "topic-mismatch-x" does not match the file name (expected "topic-mismatch")`]],
    ['bad-fix.yaml', [`${dir}/bad-fix.yaml:10:10: "fix" must be a mapping {had: what the sheet had, why: why the card differs}`]],
    ['no-cards.yaml', [`${dir}/no-cards.yaml:1:1: missing field "cards"`]],
  ])('%s', (name, expected) => {
    expect(errorsOf(name)).toEqual(expected);
  });

  it('reports every error of a file at once, in order', () => {
    expect(errorsOf('many.yaml')).toEqual([
      `${dir}/many.yaml:1:1: missing field "description"`,
      `${dir}/many.yaml:4:5: missing field "back"`,
      `${dir}/many.yaml:10:13: unknown question family "no-such-family" (see deepcards solve --list)`,
      `${dir}/many.yaml:12:12: "level" must be 1, 2 or 3`,
    ]);
  });
});

describe('a valid deck', () => {
  it('parses into the model with ranges expanded and defaults filled', () => {
    const text = [
      'topic: t', 'title: T', 'description: D', 'cards:',
      '  - id: t.a', '    type: cloze', "    text: 'The {{c2::mean}} and {{c1::variance::what?}} and {{c2::again}}'", '    sheet: ["10-12", 3]',
      '  - id: t.b', '    type: choice', '    front: Pick', '    choices: [1, 2, 3]', '    answer: 2', '    sheet: [4]', '    tags: [formula]',
      '  - id: t.c', '    type: numeric', '    family: conv-output', '    sheet: [5]',
    ].join('\n');
    const r = parseDeck(text, 't.yaml', { families });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.deck.cards[0]).toMatchObject({ id: 't.a', type: 'cloze', sheet: [3, 10, 11, 12], tags: [] });
    expect(clozeNumbers((r.deck.cards[0] as { text: string }).text)).toEqual([1, 2]);
    expect(r.deck.cards[1]).toMatchObject({ choices: ['1', '2', '3'], answer: '2', tags: ['formula'] });
    expect(r.deck.cards[2]).toMatchObject({ family: 'conv-output', level: 1 });
  });
});

describe('the fast and the located parse agree', () => {
  it('on every bundled deck and every fixture', async () => {
    const { readdirSync } = await import('node:fs');
    const { parseLocated } = await import('../../../src/decks/parse.js');
    const files = [
      ...readdirSync('decks').map((f) => `decks/${f}`),
      ...readdirSync('tests/fixtures/e2e-decks').map((f) => `tests/fixtures/e2e-decks/${f}`),
      ...readdirSync(dir).map((f) => `${dir}/${f}`),
    ];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(parseDeck(text, file, { families }), file).toEqual(parseLocated(text, file, { families }));
    }
  });

  it('treats an empty value the same way on both paths', async () => {
    const { parseLocated } = await import('../../../src/decks/parse.js');
    const text = 'topic: t\ntitle: T\ndescription: D\ncards:\n  - id: t.a\n    type: cloze\n    text: "{{c1::x}}"\n    back:\n    sheet: [1]\n';
    expect(parseDeck(text, 't.yaml')).toEqual(parseLocated(text, 't.yaml'));
    expect(parseDeck(text, 't.yaml').ok).toBe(true);
  });
});
