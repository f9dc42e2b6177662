// Deck files: YAML text -> Deck, or every problem of the file located as file:line:col.
// Pure (no fs). One validator reads the document through `View`, a small read-only interface with
// two implementations:
// - the fast path parses with js-yaml (about 4x faster than the positional parser on large decks)
//   into plain values; a valid deck is returned from there;
// - any problem sends the text through `yaml`'s syntax tree, whose nodes know their offsets, and the
//   same validator reports every error located as file:line:col.
// Both use YAML's failsafe schema (every scalar is text), so `answer: 0.50` stays "0.50" and both
// paths build the same Deck (tests/unit/decks/parse.test.ts compares them on every bundled deck).
import * as jsyaml from 'js-yaml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Located } from '../errors.js';
import { clozeNumbers } from './cloze.js';
import { CARD_TYPES, LINT_RULES, type Card, type CardType, type Deck, type Fix, type LintAllow, type LintRule, type Uncovered } from './model.js';

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

const COMMON_FIELDS = ['id', 'type', 'sheet', 'fix', 'tags', 'lint-allow'] as const;
const TYPE_FIELDS: Record<CardType, { required: string[]; optional: string[] }> = {
  basic: { required: ['front', 'back'], optional: [] },
  cloze: { required: ['text'], optional: ['back'] },
  choice: { required: ['front', 'choices', 'answer'], optional: ['explanation'] },
  numeric: { required: ['family'], optional: ['level', 'front'] },
};
const DECK_FIELDS = ['topic', 'title', 'description', 'source', 'uncovered', 'lint-allow', 'cards'];

/** A node of the document as the validator sees it, whichever parser produced it. */
interface View {
  kind: 'map' | 'seq' | 'scalar' | 'other';
  /** Scalar text ('' for an empty value); undefined for maps and lists. */
  text: string | undefined;
  /** Map entries in order, with the key's own view (for locating unknown keys). */
  entries(): { key: string; keyView: View }[];
  get(key: string): View | undefined;
  items(): View[];
  /** Offset of the node in the text (0 when unknown). */
  offset: number;
}

function plainView(v: unknown): View {
  const kind = v !== null && typeof v === 'object' ? (Array.isArray(v) ? 'seq' : 'map') : typeof v === 'string' || v === null ? 'scalar' : 'other';
  const obj = v as Record<string, unknown>;
  return {
    kind,
    text: kind === 'scalar' ? ((v as string | null) ?? '') : undefined,
    entries: () => (kind === 'map' ? Object.keys(obj).map((key) => ({ key, keyView: plainView(key) })) : []),
    get: (key) => (kind === 'map' && Object.prototype.hasOwnProperty.call(obj, key) ? plainView(obj[key]) : undefined),
    items: () => (kind === 'seq' ? (v as unknown[]).map(plainView) : []),
    offset: 0,
  };
}

function astView(node: unknown): View {
  const offset = (node as Node | null)?.range?.[0] ?? 0;
  if (isMap(node)) {
    return {
      kind: 'map',
      text: undefined,
      entries: () => node.items.map((pair) => ({ key: isScalar(pair.key) ? String(pair.key.value) : '?', keyView: astView(pair.key) })),
      get: (key) => {
        const n = node.get(key, true);
        return n === undefined ? (node.has(key) ? astView(null) : undefined) : astView(n);
      },
      items: () => [],
      offset,
    };
  }
  if (isSeq(node)) return { kind: 'seq', text: undefined, entries: () => [], get: () => undefined, items: () => node.items.map(astView), offset };
  const isText = node === null || (isScalar(node) && (typeof node.value === 'string' || node.value === null));
  return {
    kind: isText ? 'scalar' : 'other',
    text: isText ? String((node as { value?: unknown } | null)?.value ?? '') : undefined,
    entries: () => [],
    get: () => undefined,
    items: () => [],
    offset,
  };
}

type At = (node: View, message: string) => void;

export function parseDeck(text: string, file: string, options: ParseOptions = {}): ParseResult {
  // fast path: plain values, no positions; kept only when the deck is valid
  let value: unknown;
  let parsed = true;
  try {
    value = jsyaml.load(text, { schema: jsyaml.FAILSAFE_SCHEMA, filename: file });
  } catch {
    parsed = false;
  }
  if (parsed) {
    let failed = false;
    const deck = validateDeck(plainView(value), file, options, () => void (failed = true), () => '?');
    if (deck && !failed) return { ok: true, deck };
  }
  return parseLocated(text, file, options);
}

/** The positional path: every problem of the file, located. */
export function parseLocated(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false, schema: 'failsafe' });
  const errors: Located[] = [];
  for (const e of doc.errors) {
    const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
    errors.push({ file, line: pos.line, col: pos.col, message: `YAML: ${firstLine(e.message)}` });
  }
  if (errors.length) return { ok: false, errors };
  const at: At = (node, message) => {
    const pos = lc.linePos(node.offset);
    errors.push({ file, line: pos.line, col: pos.col, message });
  };
  const deck = validateDeck(astView(doc.contents), file, options, at, (v) => String(lc.linePos(v.offset).line));
  errors.sort((a, b) => a.line - b.line || a.col - b.col);
  if (errors.length || !deck) {
    if (!errors.length) errors.push({ file, line: 1, col: 1, message: 'invalid deck' });
    return { ok: false, errors };
  }
  return { ok: true, deck };
}

function validateDeck(root: View, file: string, options: ParseOptions, at: At, lineOf: (v: View) => string): Deck | undefined {
  let count = 0;
  const report: At = (node, message) => {
    count++;
    at(node, message);
  };
  if (root.kind !== 'map') {
    report(root, 'a deck file must be a mapping with topic, title, description and cards');
    return undefined;
  }
  checkKeys(root, DECK_FIELDS, 'deck', report);
  const topic = str(root, 'topic', report, true);
  const expectedTopic = file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '');
  if (topic !== undefined) {
    if (!TOPIC_RE.test(topic)) report(root.get('topic')!, `topic "${topic}" must be a lower-case slug such as nn-basics`);
    else if (topic !== expectedTopic) report(root.get('topic')!, `topic "${topic}" does not match the file name (expected "${expectedTopic}")`);
  }
  const title = str(root, 'title', report, true);
  const description = str(root, 'description', report, true);
  // an own deck names its source instead of citing the course sheet; its cards may omit `sheet:`
  const source = str(root, 'source', report, false);
  const uncovered = parseUncovered(root, report);
  const deckAllow = parseLintAllow(root, report);

  const cardsNode = root.get('cards');
  const cards: Card[] = [];
  if (cardsNode === undefined) report(root, 'missing field "cards"');
  else if (cardsNode.kind !== 'seq') report(cardsNode, '"cards" must be a list of cards');
  else {
    const seen = new Map<string, string>();
    const items = cardsNode.items();
    for (const item of items) {
      const card = parseCard(item, topic ?? expectedTopic, report, options, () => count, source !== undefined);
      if (!card) continue;
      const idView = item.get('id')!;
      const first = seen.get(card.id);
      if (first !== undefined) {
        report(idView, `duplicate id "${card.id}" (first used on line ${first})`);
        continue;
      }
      seen.set(card.id, lineOf(idView));
      cards.push(card);
    }
    if (items.length === 0) report(cardsNode, 'a deck needs at least one card');
  }
  if (count > 0) return undefined;
  return {
    topic: topic!, title: title!, description: description!, uncovered, file, cards,
    ...(source !== undefined ? { source } : {}),
    ...(deckAllow.length ? { lintAllow: deckAllow } : {}),
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function checkKeys(map: View, allowed: readonly string[], what: string, at: At): void {
  for (const { key, keyView } of map.entries()) {
    if (!allowed.includes(key)) at(keyView, `unknown field "${key}" for ${what} (allowed: ${allowed.join(', ')})`);
  }
}

/** A required or optional text field; an empty value counts as absent. */
function str(map: View, key: string, at: At, required: boolean): string | undefined {
  const node = map.get(key);
  if (node === undefined || (node.kind === 'scalar' && node.text === '')) {
    if (required) at(node && node.offset ? node : map, `missing field "${key}"`);
    return undefined;
  }
  if (node.text === undefined) {
    at(node, `"${key}" must be text`);
    return undefined;
  }
  if (node.text.trim() === '') {
    at(node, `"${key}" must not be empty`);
    return undefined;
  }
  return node.text;
}

/** `[331, 333]`, `["331-335"]` or a single number -> sorted distinct line numbers. */
function parseLines(node: View | undefined, key: string, at: At, holder: View): number[] | undefined {
  if (node === undefined) {
    at(holder, `missing field "${key}" (the sheet lines this comes from, e.g. ${key}: [12, 14]${key === 'sheet' ? '; a deck of your own names its source: instead' : ''})`);
    return undefined;
  }
  const items = node.kind === 'seq' ? node.items() : [node];
  const lines = new Set<number>();
  let ok = true;
  for (const it of items) {
    const text = it.text;
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

function parseUncovered(root: View, at: At): Uncovered[] {
  const node = root.get('uncovered');
  if (node === undefined) return [];
  if (node.kind !== 'seq') {
    at(node, '"uncovered" must be a list of {lines, reason}');
    return [];
  }
  const out: Uncovered[] = [];
  for (const it of node.items()) {
    if (it.kind !== 'map') {
      at(it, 'each "uncovered" entry must be a mapping with lines and reason');
      continue;
    }
    checkKeys(it, ['lines', 'reason'], 'an uncovered entry', at);
    const lines = parseLines(it.get('lines'), 'lines', at, it);
    const reason = str(it, 'reason', at, true);
    if (lines && reason) out.push({ lines, reason });
  }
  return out;
}

function parseCard(node: View, topic: string, at: At, options: ParseOptions, errorCount: () => number, ownDeck: boolean): Card | undefined {
  if (node.kind !== 'map') {
    at(node, 'a card must be a mapping with at least id, type and sheet');
    return undefined;
  }
  // a card is kept only if it added no error
  const before = errorCount();
  const id = str(node, 'id', at, true);
  if (id !== undefined) {
    if (!ID_RE.test(id)) at(node.get('id')!, `id "${id}" must look like ${topic}.some-name (lower-case letters, digits, dashes)`);
    else if (!id.startsWith(`${topic}.`)) at(node.get('id')!, `id "${id}" must start with the deck's topic ("${topic}.")`);
  }
  const typeText = str(node, 'type', at, true);
  if (typeText === undefined) return undefined;
  if (!(CARD_TYPES as readonly string[]).includes(typeText)) {
    at(node.get('type')!, `unknown card type "${typeText}" (expected ${CARD_TYPES.join(', ')})`);
    return undefined;
  }
  const type = typeText as CardType;
  const spec = TYPE_FIELDS[type];
  checkKeys(node, [...COMMON_FIELDS, ...spec.required, ...spec.optional], `a ${type} card`, at);
  const sheet = ownDeck && node.get('sheet') === undefined ? [] : parseLines(node.get('sheet'), 'sheet', at, node);
  const fix = parseFix(node, at);
  const tags = parseTags(node, at);
  const allow = parseLintAllow(node, at);
  const common = { id: id ?? '', sheet: sheet ?? [], tags, ...(fix ? { fix } : {}), ...(allow.length ? { lintAllow: allow } : {}) };
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
          at(node.get('text')!, 'a cloze card needs at least one deletion such as {{c1::answer}}');
        } else if (/\{\{c\d+:(?!:)|\{\{c(?!\d)/.test(text)) {
          at(node.get('text')!, 'malformed cloze deletion: write {{c1::answer}} with two colons');
        } else if (clozeNumbers(text).includes(0)) {
          at(node.get('text')!, 'cloze numbers start at 1 ({{c1::…}})');
        } else card = { ...common, type, text, ...(back !== undefined ? { back } : {}) };
      }
      break;
    }
    case 'choice': {
      const front = str(node, 'front', at, true);
      const answer = str(node, 'answer', at, true);
      const explanation = str(node, 'explanation', at, false);
      const choicesNode = node.get('choices');
      let choices: string[] | undefined;
      if (choicesNode === undefined) at(node, 'missing field "choices"');
      else if (choicesNode.kind !== 'seq') at(choicesNode, '"choices" must be a list');
      else {
        choices = [];
        const items = choicesNode.items();
        for (const c of items) {
          const t = c.text;
          if (t === undefined || t.trim() === '') at(c, 'each choice must be non-empty text');
          else if (choices.includes(t)) at(c, `duplicate choice "${t}"`);
          else choices.push(t);
        }
        if (items.length < 2 || items.length > 8) {
          at(choicesNode, `a choice card needs 2 to 8 choices, got ${items.length}`);
          choices = undefined;
        }
      }
      if (choices && answer !== undefined && !choices.includes(answer)) {
        at(node.get('answer')!, `answer "${answer}" is not one of the choices`);
      } else if (front !== undefined && answer !== undefined && choices) {
        card = { ...common, type, front, choices, answer, ...(explanation !== undefined ? { explanation } : {}) };
      }
      break;
    }
    case 'numeric': {
      const family = str(node, 'family', at, true);
      const front = str(node, 'front', at, false);
      const levelNode = node.get('level');
      let level: 1 | 2 | 3 = 1;
      if (levelNode !== undefined) {
        const v = levelNode.text?.trim();
        if (v === '1' || v === '2' || v === '3') level = Number(v) as 1 | 2 | 3;
        else at(levelNode, '"level" must be 1, 2 or 3');
      }
      if (family !== undefined && options.families && !options.families.has(family)) {
        at(node.get('family')!, `unknown question family "${family}" (see deepcards solve --list)`);
      } else if (family !== undefined) {
        card = { ...common, type, family, level, ...(front !== undefined ? { front } : {}) };
      }
      break;
    }
  }
  return errorCount() === before && id !== undefined && sheet !== undefined ? card : undefined;
}

function parseFix(node: View, at: At): Fix | undefined {
  const f = node.get('fix');
  if (f === undefined) return undefined;
  if (f.kind !== 'map') {
    at(f, '"fix" must be a mapping {had: what the sheet had, why: why the card differs}');
    return undefined;
  }
  checkKeys(f, ['had', 'why'], 'a fix', at);
  const had = str(f, 'had', at, true);
  const why = str(f, 'why', at, true);
  return had !== undefined && why !== undefined ? { had, why } : undefined;
}

function parseTags(node: View, at: At): string[] {
  const t = node.get('tags');
  if (t === undefined) return [];
  if (t.kind !== 'seq') {
    at(t, '"tags" must be a list such as [formula]');
    return [];
  }
  const out: string[] = [];
  for (const it of t.items()) {
    const s = it.text;
    if (s === undefined || !TAG_RE.test(s)) at(it, `tag ${JSON.stringify(s ?? null)} must be a lower-case slug`);
    else if (!out.includes(s)) out.push(s);
  }
  return out;
}

/**
 * `lint-allow:` exceptions to `decks check` lints, each with its reason: a list of `rule: reason`
 * entries (or one mapping of them).
 */
function parseLintAllow(node: View, at: At): LintAllow[] {
  const n = node.get('lint-allow');
  if (n === undefined) return [];
  const maps = n.kind === 'seq' ? n.items() : [n];
  const out: LintAllow[] = [];
  for (const m of maps) {
    if (m.kind !== 'map') {
      at(m, '"lint-allow" entries must be "rule: reason" (rules: ' + LINT_RULES.join(', ') + ')');
      continue;
    }
    for (const { key, keyView } of m.entries()) {
      if (!(LINT_RULES as readonly string[]).includes(key)) {
        at(keyView, `unknown lint rule "${key}" (rules: ${LINT_RULES.join(', ')})`);
        continue;
      }
      const reason = str(m, key, at, true);
      if (reason !== undefined) out.push({ rule: key as LintRule, reason });
    }
  }
  return out;
}
