// Shell around parse.ts: find deck files, read them, parse, and check ids across files.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LocatedError, UserError, type Located } from '../errors.js';
import type { Deck } from './model.js';
import { parseDeck, type ParseOptions } from './parse.js';

/** Deck files of a directory (non-recursive), sorted; or the given files. */
export function deckFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new UserError(`${p}: no such file or directory`, 2);
    if (statSync(p).isDirectory()) {
      out.push(...readdirSync(p).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => join(p, f)));
    } else out.push(p);
  }
  return out;
}

/** Display path: relative to the working directory when inside it. */
export function displayPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

export interface LoadResult {
  decks: Deck[];
  errors: Located[];
  /** The text of each parsed deck, by its display path (for lints that locate warnings). */
  texts: Map<string, string>;
}

/** Parse every file, collecting all errors of all files; duplicate ids across files are errors too. */
export function loadDecks(paths: readonly string[], options: ParseOptions = {}): LoadResult {
  const decks: Deck[] = [];
  const errors: Located[] = [];
  const firstSeen = new Map<string, string>();
  const topics = new Map<string, string>();
  const texts = new Map<string, string>();
  for (const file of deckFiles(paths)) {
    const shown = displayPath(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      errors.push({ file: shown, line: 1, col: 1, message: `cannot read: ${(e as Error).message}` });
      continue;
    }
    const r = parseDeck(text, shown, options);
    if (!r.ok) {
      errors.push(...r.errors);
      continue;
    }
    const prevTopic = topics.get(r.deck.topic);
    if (prevTopic) errors.push({ file: shown, line: 1, col: 1, message: `topic "${r.deck.topic}" is also defined in ${prevTopic}` });
    topics.set(r.deck.topic, shown);
    for (const card of r.deck.cards) {
      const where = firstSeen.get(card.id);
      if (where) {
        const line = lineOfId(text, card.id);
        errors.push({ file: shown, line: line.line, col: line.col, message: `duplicate id "${card.id}" (already in ${where})` });
      } else firstSeen.set(card.id, shown);
    }
    decks.push(r.deck);
    texts.set(shown, text);
  }
  return { decks, errors, texts };
}

export function loadDecksOrThrow(paths: readonly string[], options: ParseOptions = {}): Deck[] {
  const r = loadDecks(paths, options);
  if (r.errors.length) throw new LocatedError(r.errors);
  return r.decks;
}

function lineOfId(text: string, id: string): { line: number; col: number } {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const c = lines[i]!.indexOf(`id: ${id}`);
    if (c >= 0) return { line: i + 1, col: c + 5 };
  }
  return { line: 1, col: 1 };
}

export { decksFingerprint } from './fingerprint.js';
