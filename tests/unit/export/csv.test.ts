import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Card } from '../../../src/decks/model.js';
import type { ExportCard, Instantiate } from '../../../src/export/anki/notes.js';
import { ankiText, ANKI_TEXT_HEADERS, csvField, csvRecord, plainCsv, plainRow } from '../../../src/export/csv.js';
import { guidFor } from '../../../src/export/anki/ids.js';
import { parseCsv } from '../../export/helpers.js';

const inst: Instantiate = (family, seed, level) => ({
  family, seed, level, params: {}, prompt: 'What is $1 + 1$?', answer: 2, tolerance: { kind: 'exact' },
  steps: ['$1 + 1 = 2$'], misconceptions: [], answerHint: 'an integer',
});

const ec = (card: Card, position: number, topic = 'cnn'): ExportCard => ({ card, topic, position, addedAt: 1, modifiedAt: 1 });

const cards: ExportCard[] = [
  ec({ id: 'cnn.a', type: 'basic', front: 'Width, "W"?', back: 'line one\nline two', sheet: [3], tags: ['formula', 'x'] }, 1),
  ec({ id: 'cnn.b', type: 'cloze', text: 'The {{c1::bias}} is $b$.', back: 'extra', sheet: [4, 5], tags: [] }, 2),
  ec({ id: 'cnn.c', type: 'choice', front: 'Which?', choices: ['A1', 'B1'], answer: 'B1', explanation: 'because', sheet: [6], tags: [] }, 3),
  ec({ id: 'cnn.d', type: 'numeric', family: 'sum', level: 1, sheet: [7], tags: [] }, 4),
];

describe('RFC 4180 writing', () => {
  it('quotes only when needed and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('a\tb', '\t')).toBe('"a\tb"');
    expect(csvField('a,b', '\t')).toBe('a,b');
  });

  it('reads back to the same fields with an independent parser (property)', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
      const text = `${rows.map((r) => csvRecord(r)).join('\r\n')}\r\n`;
      const back = parseCsv(text).map((r) => r);
      // a row made of one empty field reads back as one empty field
      expect(back).toEqual(rows);
    }));
  });
});

describe('plain CSV', () => {
  it('has the columns id, topic, type, front, back, tags and CRLF lines', () => {
    const text = plainCsv(cards.map((c) => plainRow(c, inst)));
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['id', 'topic', 'type', 'front', 'back', 'tags']);
    expect(rows[1]).toEqual(['cnn.a', 'cnn', 'basic', 'Width, "W"?', 'line one\nline two', 'formula x']);
    expect(rows[2]).toEqual(['cnn.b', 'cnn', 'cloze', 'The {{c1::bias}} is $b$.', 'extra', '']);
    expect(rows[3]).toEqual(['cnn.c', 'cnn', 'choice', 'Which?\nA. A1\nB. B1', 'B. B1\nbecause', '']);
    expect(rows[4]).toEqual(['cnn.d', 'cnn', 'numeric', 'What is $1 + 1$?', 'Answer: 2\n$1 + 1 = 2$', '']);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[0]).toBe('id,topic,type,front,back,tags');
  });
});

describe('Anki text import file', () => {
  it('starts with the file headers and writes note type, deck, two fields, tags, guid', () => {
    const r = ankiText(cards, [{ topic: 'cnn', title: 'Convolutional Neural Networks' }], { instances: 2, instantiate: inst });
    const lines = r.text.split('\n');
    expect(lines.slice(0, 6)).toEqual(ANKI_TEXT_HEADERS);
    expect(ANKI_TEXT_HEADERS).toEqual(['#separator:tab', '#html:true', '#notetype column:1', '#deck column:2', '#tags column:5', '#guid column:6']);
    const rows = parseCsv(lines.slice(6).join('\n'), '\t');
    expect(rows).toHaveLength(5); // basic, cloze, choice, 2 numeric instances
    expect(r.notes).toBe(5);
    expect(rows.every((x) => x.length === 6)).toBe(true);
    expect(rows.map((x) => x[0])).toEqual(['Basic', 'Cloze', 'Basic', 'Basic', 'Basic']);
    expect(rows.every((x) => x[1] === 'Deep Learning::Convolutional Neural Networks')).toBe(true);
    expect(rows[0]!.slice(2)).toEqual(['Width, "W"?', 'line one<br>line two<br><br><small>Sheet: 3</small>', 'deepcards::cnn deepcards::tag::formula deepcards::tag::x', guidFor('deepcards-csv:basic:cnn.a')]);
    expect(rows[1]![2]).toBe('The {{c1::bias}} is \\(b\\).');
    expect(rows[3]![2]).toContain('What is \\(1 + 1\\)?');
    expect(new Set(rows.map((x) => x[5])).size).toBe(5);
    expect(rows.every((x) => !x[2]!.includes('$') && !x[3]!.includes('$'))).toBe(true);
    // no data line may start with '#', Anki's comment character
    expect(lines.slice(6).filter(Boolean).every((l) => !l.startsWith('#'))).toBe(true);
  });
});
