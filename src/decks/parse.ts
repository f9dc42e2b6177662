// Deck files: YAML text -> Deck, or every problem of the file located as file:line:col.
// Pure (no fs). Validation walks the YAML syntax tree rather than the plain JS value, so each message
// points at the exact node; a schema library would validate the value but lose the positions.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Located } from '../errors.js';
import { clozeNumbers } from './cloze.js';
import { CARD_TYPES, type Card, type CardType, type Deck, type Fix, type Uncovered } from './model.js';

// Re-exported for callers that already parse decks; the definitions live in cloze.ts (no YAML).
export { CLOZE_RE, clozeNumbers } from './cloze.js';

export type ParseResult = { ok: true; deck: Deck } | { ok: false; errors: Located[] };

export interface ParseOptions {
  /** Known numeric question families; when given, `family:` must be one of them. */
  families?: ReadonlySet<string>;
}

const TOPIC_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ID_RE = /^[a-z0-9-]+\.[a-z0-9][a-z0-9.-]*$/;
const TAG_RE = /^[a-z0-9][a-z0-9:_-]*$/;

const COMMON_FIELDS = ['id', 'type', 'sheet', 'fix', 'tags'] as const;
const TYPE_FIELDS: Record<CardType, { required: string[]; optional: string[] }> = {
  basic: { required: ['front', 'back'], optional: [] },
  cloze: { required: ['text'], optional: ['back'] },
  choice: { required: ['front', 'choices', 'answer'], optional: ['explanation'] },
  numeric: { required: ['family'], optional: ['level', 'front'] },
};
const DECK_FIELDS = ['topic', 'title', 'description', 'uncovered', 'cards'];

export function parseDeck(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const errors: Located[] = [];
  const at = (node: Node | Pair | null | undefined, message: string): void => {
    const offset = nodeOffset(node);
    const pos = lc.linePos(offset);
    errors.push({ file, line: pos.line, col: pos.col, message });
  };
  for (const e of doc.errors) {
    const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
    errors.push({ file, line: pos.line, col: pos.col, message: `YAML: ${firstLine(e.message)}` });
  }
  if (errors.length) return { ok: false, errors };

  const root = doc.contents;
  if (!isMap(root)) {
    at(root, 'a deck file must be a mapping with topic, title, description and cards');
    return { ok: false, errors };
  }
  checkKeys(root, DECK_FIELDS, 'deck', at);
  const topic = str(root, 'topic', at, true);
  const expectedTopic = file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '');
  if (topic !== undefined) {
    if (!TOPIC_RE.test(topic)) at(root.get('topic', true), `topic "${topic}" must be a lower-case slug such as nn-basics`);
    else if (topic !== expectedTopic) at(root.get('topic', true), `topic "${topic}" does not match the file name (expected "${expectedTopic}")`);
  }
  const title = str(root, 'title', at, true);
  const description = str(root, 'description', at, true);
  const uncovered = parseUncovered(root, at);

  const cardsNode = root.get('cards', true);
  const cards: Card[] = [];
  if (cardsNode === undefined) at(root, 'missing field "cards"');
  else if (!isSeq(cardsNode)) at(cardsNode, '"cards" must be a list of cards');
  else {
    const seen = new Map<string, number>();
    for (const item of cardsNode.items) {
      const card = parseCard(item as Node, topic ?? expectedTopic, at, options, () => errors.length);
      if (!card) continue;
      const first = seen.get(card.id);
      if (first !== undefined) {
        at((item as YAMLMap).get('id', true) as Node, `duplicate id "${card.id}" (first used on line ${first})`);
        continue;
      }
      seen.set(card.id, lc.linePos(nodeOffset((item as YAMLMap).get('id', true) as Node)).line);
      cards.push(card);
    }
    if (cardsNode.items.length === 0) at(cardsNode, 'a deck needs at least one card');
  }
  errors.sort((a, b) => a.line - b.line || a.col - b.col);
  if (errors.length) return { ok: false, errors };
  return { ok: true, deck: { topic: topic!, title: title!, description: description!, uncovered, file, cards } };
}

type At = (node: Node | Pair | null | undefined, message: string) => void;

function nodeOffset(node: Node | Pair | null | undefined): number {
  if (!node) return 0;
  if ('range' in node && node.range) return node.range[0];
  if ('key' in node) return nodeOffset(node.key as Node);
  return 0;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function checkKeys(map: YAMLMap, allowed: readonly string[], what: string, at: At): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined || !allowed.includes(key)) {
      at(pair.key as Node, `unknown field "${key ?? '?'}" for ${what} (allowed: ${allowed.join(', ')})`);
    }
  }
}

/** A scalar as text: numbers and booleans keep their source spelling (`answer: 2`). */
function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return node.source ?? String(v);
  return undefined;
}

function str(map: YAMLMap, key: string, at: At, required: boolean): string | undefined {
  const node = map.get(key, true) as Node | undefined;
  if (node === undefined || (isScalar(node) && node.value === null)) {
    if (required) at(node ?? map, `missing field "${key}"`);
    return undefined;
  }
  const text = scalarText(node);
  if (text === undefined) {
    at(node, `"${key}" must be text`);
    return undefined;
  }
  if (text.trim() === '') {
    at(node, `"${key}" must not be empty`);
    return undefined;
  }
  return text;
}

/** `[331, 333]`, `["331-335"]` or a single number -> sorted distinct line numbers. */
function parseLines(node: Node | undefined, key: string, at: At, holder: Node | Pair): number[] | undefined {
  if (node === undefined) {
    at(holder, `missing field "${key}" (the sheet lines this comes from, e.g. ${key}: [12, 14])`);
    return undefined;
  }
  const items = isSeq(node) ? (node.items as Node[]) : [node];
  const lines = new Set<number>();
  let ok = true;
  for (const it of items) {
    const text = scalarText(it);
    const m = text?.trim().match(/^(\d+)(?:\s*[-–]\s*(\d+))?$/);
    if (!m) {
      at(it, `"${key}" entries must be line numbers or ranges like "12-15", got ${JSON.stringify(text ?? null)}`);
      ok = false;
      continue;
    }
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a < 1 || b < a || b - a > 500) {
      at(it, `"${key}" range "${text}" is invalid`);
      ok = false;
      continue;
    }
    for (let l = a; l <= b; l++) lines.add(l);
  }
  if (ok && lines.size === 0) {
    at(node, `"${key}" must list at least one line`);
    return undefined;
  }
  return ok ? [...lines].sort((x, y) => x - y) : undefined;
}

function parseUncovered(root: YAMLMap, at: At): Uncovered[] {
  const node = root.get('uncovered', true) as Node | undefined;
  if (node === undefined) return [];
  if (!isSeq(node)) {
    at(node, '"uncovered" must be a list of {lines, reason}');
    return [];
  }
  const out: Uncovered[] = [];
  for (const it of node.items as Node[]) {
    if (!isMap(it)) {
      at(it, 'each "uncovered" entry must be a mapping with lines and reason');
      continue;
    }
    checkKeys(it, ['lines', 'reason'], 'an uncovered entry', at);
    const lines = parseLines(it.get('lines', true) as Node | undefined, 'lines', at, it);
    const reason = str(it, 'reason', at, true);
    if (lines && reason) out.push({ lines, reason });
  }
  return out;
}

function parseCard(node: Node, topic: string, at: At, options: ParseOptions, errorCount: () => number): Card | undefined {
  if (!isMap(node)) {
    at(node, 'a card must be a mapping with at least id, type and sheet');
    return undefined;
  }
  // a card is kept only if it added no error
  const before = errorCount();
  const id = str(node, 'id', at, true);
  if (id !== undefined) {
    if (!ID_RE.test(id)) at(node.get('id', true) as Node, `id "${id}" must look like ${topic}.some-name (lower-case letters, digits, dashes)`);
    else if (!id.startsWith(`${topic}.`)) at(node.get('id', true) as Node, `id "${id}" must start with the deck's topic ("${topic}.")`);
  }
  const typeText = str(node, 'type', at, true);
  if (typeText === undefined) return undefined;
  if (!(CARD_TYPES as readonly string[]).includes(typeText)) {
    at(node.get('type', true) as Node, `unknown card type "${typeText}" (expected ${CARD_TYPES.join(', ')})`);
    return undefined;
  }
  const type = typeText as CardType;
  const spec = TYPE_FIELDS[type];
  checkKeys(node, [...COMMON_FIELDS, ...spec.required, ...spec.optional], `a ${type} card`, at);
  const sheet = parseLines(node.get('sheet', true) as Node | undefined, 'sheet', at, node);
  const fix = parseFix(node, at);
  const tags = parseTags(node, at);
  const common = { id: id ?? '', sheet: sheet ?? [], tags, ...(fix ? { fix } : {}) };
  let card: Card | undefined;
  switch (type) {
    case 'basic': {
      const front = str(node, 'front', at, true);
      const back = str(node, 'back', at, true);
      if (front !== undefined && back !== undefined) card = { ...common, type, front, back };
      break;
    }
    case 'cloze': {
      const text = str(node, 'text', at, true);
      const back = str(node, 'back', at, false);
      if (text !== undefined) {
        if (clozeNumbers(text).length === 0) {
          at(node.get('text', true) as Node, 'a cloze card needs at least one deletion such as {{c1::answer}}');
        } else if (/\{\{c\d+:(?!:)|\{\{c(?!\d)/.test(text)) {
          at(node.get('text', true) as Node, 'malformed cloze deletion: write {{c1::answer}} with two colons');
        } else if (clozeNumbers(text).includes(0)) {
          at(node.get('text', true) as Node, 'cloze numbers start at 1 ({{c1::…}})');
        } else card = { ...common, type, text, ...(back !== undefined ? { back } : {}) };
      }
      break;
    }
    case 'choice': {
      const front = str(node, 'front', at, true);
      const answer = str(node, 'answer', at, true);
      const explanation = str(node, 'explanation', at, false);
      const choicesNode = node.get('choices', true) as Node | undefined;
      let choices: string[] | undefined;
      if (choicesNode === undefined) at(node, 'missing field "choices"');
      else if (!isSeq(choicesNode)) at(choicesNode, '"choices" must be a list');
      else {
        choices = [];
        for (const c of choicesNode.items as Node[]) {
          const t = scalarText(c);
          if (t === undefined || t.trim() === '') at(c, 'each choice must be non-empty text');
          else if (choices.includes(t)) at(c, `duplicate choice "${t}"`);
          else choices.push(t);
        }
        if (choicesNode.items.length < 2 || choicesNode.items.length > 8) {
          at(choicesNode, `a choice card needs 2 to 8 choices, got ${choicesNode.items.length}`);
          choices = undefined;
        }
      }
      if (choices && answer !== undefined && !choices.includes(answer)) {
        at(node.get('answer', true) as Node, `answer "${answer}" is not one of the choices`);
      } else if (front !== undefined && answer !== undefined && choices) {
        card = { ...common, type, front, choices, answer, ...(explanation !== undefined ? { explanation } : {}) };
      }
      break;
    }
    case 'numeric': {
      const family = str(node, 'family', at, true);
      const front = str(node, 'front', at, false);
      const levelNode = node.get('level', true) as Node | undefined;
      let level: 1 | 2 | 3 = 1;
      if (levelNode !== undefined) {
        const v = isScalar(levelNode) ? levelNode.value : undefined;
        if (v === 1 || v === 2 || v === 3) level = v;
        else at(levelNode, '"level" must be 1, 2 or 3');
      }
      if (family !== undefined && options.families && !options.families.has(family)) {
        at(node.get('family', true) as Node, `unknown question family "${family}" (see deepcards solve --list)`);
      } else if (family !== undefined) {
        card = { ...common, type, family, level, ...(front !== undefined ? { front } : {}) };
      }
      break;
    }
  }
  return errorCount() === before && id !== undefined && sheet !== undefined ? card : undefined;
}

function parseFix(node: YAMLMap, at: At): Fix | undefined {
  const f = node.get('fix', true) as Node | undefined;
  if (f === undefined) return undefined;
  if (!isMap(f)) {
    at(f, '"fix" must be a mapping {had: what the sheet had, why: why the card differs}');
    return undefined;
  }
  checkKeys(f, ['had', 'why'], 'a fix', at);
  const had = str(f, 'had', at, true);
  const why = str(f, 'why', at, true);
  return had !== undefined && why !== undefined ? { had, why } : undefined;
}

function parseTags(node: YAMLMap, at: At): string[] {
  const t = node.get('tags', true) as Node | undefined;
  if (t === undefined) return [];
  if (!isSeq(t)) {
    at(t, '"tags" must be a list such as [formula]');
    return [];
  }
  const out: string[] = [];
  for (const it of t.items as Node[]) {
    const s = scalarText(it);
    if (s === undefined || !TAG_RE.test(s)) at(it, `tag ${JSON.stringify(s ?? null)} must be a lower-case slug`);
    else if (!out.includes(s)) out.push(s);
  }
  return out;
}
