// CSV exports, pure.
// - plainCsv: RFC 4180 (comma, CRLF, a field quoted when it holds `,` `"` CR or LF, quotes doubled),
//   columns id, topic, type, front, back, tags; deck text as written (LaTeX stays `$…$`).
// - ankiText: a tab-separated file with Anki's file headers (manual, "Importing text files" › "File
//   Headers", Anki 2.1.55+): `#separator:tab`, `#html:true`, `#notetype column:1`, `#deck column:2`,
//   `#tags column:5`, `#guid column:6`. It uses the stock note types every Anki collection has,
//   "Basic" (Front, Back) and "Cloze" (Text, Back Extra), so it imports with no .apkg first; choice and
//   numeric cards become Basic notes. The guid column makes a re-import an update, not a duplicate.
//   Data rows never start with `#` (Anki's comment character): the first column is the note type.
import type { Card } from '../decks/model.js';
import { seedFor } from '../questions/rng.js';
import { guidFor } from './anki/ids.js';
import { cleanField, clozeToHtml, neutralizeCloze, sheetLines, texToHtml } from './anki/fields.js';
import { cardFields, deckName, noteTags, numericFields, type ExportCard, type Instantiate, type TopicInfo } from './anki/notes.js';

/** One field, quoted when needed (RFC 4180). */
export function csvField(value: string, sep = ','): string {
  return value.includes(sep) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRecord(fields: readonly string[], sep = ','): string {
  return fields.map((f) => csvField(f, sep)).join(sep);
}

export interface PlainRow {
  id: string;
  topic: string;
  type: Card['type'];
  front: string;
  back: string;
  tags: string[];
}

const LETTERS = 'ABCDEFGH';

/** One row per card. Numeric cards show instance 0 (seed seedFor(id, 0)), or the family when it is unknown. */
export function plainRow(ec: ExportCard, instantiate: Instantiate): PlainRow {
  const c = ec.card;
  const base = { id: c.id, topic: ec.topic, type: c.type, tags: [...c.tags] };
  switch (c.type) {
    case 'basic':
      return { ...base, front: c.front, back: c.back };
    case 'cloze':
      return { ...base, front: c.text, back: c.back ?? '' };
    case 'choice': {
      const choices = c.choices.map((x, i) => `${LETTERS[i]}. ${x}`).join('\n');
      const letter = LETTERS[c.choices.indexOf(c.answer)] ?? '?';
      return { ...base, front: `${c.front}\n${choices}`, back: `${letter}. ${c.answer}${c.explanation ? `\n${c.explanation}` : ''}` };
    }
    case 'numeric': {
      const lead = c.front ? `${c.front}\n` : '';
      try {
        const inst = instantiate(c.family, seedFor(c.id, 0), c.level);
        const num = (x: number): string => String(Number(x.toPrecision(6)));
        const answer = Array.isArray(inst.answer) ? inst.answer.map(num).join(', ') : num(inst.answer);
        return { ...base, front: `${lead}${inst.prompt}`, back: [`Answer: ${answer}`, ...inst.steps].join('\n') };
      } catch {
        return { ...base, front: `${lead}(numeric family ${c.family}, level ${c.level})`, back: '' };
      }
    }
  }
}

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first: OWASP "CSV
 * injection") gets a leading `'`, which spreadsheets show as text and do not display.
 */
export function defuseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export const PLAIN_HEADER = ['id', 'topic', 'type', 'front', 'back', 'tags'] as const;

export function plainCsv(rows: readonly PlainRow[]): string {
  const lines = [csvRecord(PLAIN_HEADER)];
  for (const r of rows) lines.push(csvRecord([r.id, r.topic, r.type, r.front, r.back, r.tags.join(' ')].map(defuseFormula)));
  return `${lines.join('\r\n')}\r\n`;
}

export const ANKI_TEXT_HEADERS = [
  '#separator:tab',
  '#html:true',
  '#notetype column:1',
  '#deck column:2',
  '#tags column:5',
  '#guid column:6',
];

export interface AnkiTextResult {
  text: string;
  notes: number;
  decks: number;
  skipped: { cardId: string; reason: string }[];
}

/** Back text, correction and sheet lines, for the stock note types (no deepcards CSS). */
function withExtras(backHtml: string, card: Card): string {
  const parts = backHtml ? [backHtml] : [];
  if (card.fix) parts.push(`<b>The sheet had:</b> ${texToHtml(card.fix.had)}<br>${texToHtml(card.fix.why)}`);
  if (card.sheet.length) parts.push(`<small>Sheet: ${sheetLines(card.sheet)}</small>`);
  return parts.join('<br><br>');
}

/** Anki text-import file: note type, deck, two fields, tags, guid per line. */
export function ankiText(
  cards: readonly ExportCard[],
  topics: readonly TopicInfo[],
  opts: { instances: number; instantiate: Instantiate; familyTitle?: (id: string) => string | undefined },
): AnkiTextResult {
  const titles = new Map(topics.map((t) => [t.topic, t.title]));
  const sorted = [...cards].sort((a, b) => a.position - b.position);
  const lines = [...ANKI_TEXT_HEADERS];
  const decks = new Set<string>();
  const skipped: AnkiTextResult['skipped'] = [];
  let notes = 0;
  const push = (notetype: 'Basic' | 'Cloze', ec: ExportCard, f1: string, f2: string, key: string): void => {
    const deck = deckName(titles.get(ec.topic) ?? ec.topic);
    decks.add(deck);
    lines.push(csvRecord([notetype, deck, cleanField(f1), cleanField(f2), noteTags(ec.topic, ec.card, ec).join(' '), guidFor(`deepcards-csv:${key}`)], '\t'));
    notes++;
  };
  for (const ec of sorted) {
    const c = ec.card;
    switch (c.type) {
      case 'basic':
        push('Basic', ec, texToHtml(c.front), withExtras(texToHtml(c.back), c), `basic:${c.id}`);
        break;
      case 'cloze':
        push('Cloze', ec, clozeToHtml(c.text), neutralizeCloze(withExtras(c.back ? texToHtml(c.back) : '', c)), `cloze:${c.id}`);
        break;
      case 'choice': {
        const [question, choices, answer, explanation] = cardFields(c) as [string, string, string, string];
        push('Basic', ec, `${question}${choices}`, `<b>${answer}</b><br>${explanation}`, `choice:${c.id}`);
        break;
      }
      case 'numeric':
        for (let k = 0; k < opts.instances; k++) {
          try {
            const inst = opts.instantiate(c.family, seedFor(c.id, k), c.level);
            const [question, answer, solution] = numericFields(c, inst, k, opts.familyTitle?.(c.family)) as [string, string, string];
            push('Basic', ec, question, `<b>${answer}</b>${solution}`, `numeric:${c.id}#${k}`);
          } catch (e) {
            skipped.push({ cardId: c.id, reason: (e as Error).message });
            break;
          }
        }
        break;
    }
  }
  return { text: `${lines.join('\n')}\n`, notes, decks: decks.size, skipped };
}
