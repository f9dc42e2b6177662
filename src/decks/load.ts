// Shell around parse.ts: find deck files, read them, parse, and check ids across files.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LocatedError, UserError, type Located } from '../errors.js';
import { controlCharErrors } from './control-chars.js';
import type { Deck } from './model.js';
import { parseDeck, type ParseOptions } from './parse.js';
import { readDeckBytes } from './read-file.js';

/** Deck files of a directory (non-recursive), sorted; or the given files. */
export function deckFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new UserError(`${p}: no such file or directory`, 2);
    // every *.yaml entry, whatever it is: loadDecks reports the ones that are not readable files
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p).filter((n) => /\.ya?ml$/i.test(n)).sort()) out.push(join(p, f));
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
    // never blocks (FIFO), never throws (dangling link, loop, directory, permission), bounded in size
    const read = readDeckBytes(file);
    if (!read.ok) {
      errors.push({ file: shown, line: 1, col: 1, message: `${read.reason}` });
      continue;
    }
    const text = read.bytes.toString('utf8');
    const controls = controlCharErrors(text, shown);
    for (const e of controls) errors.push(e);
    const r = parseDeck(text, shown, options);
    if (!r.ok) {
      for (const e of r.errors) errors.push(e);
      continue;
    }
    if (controls.length) continue;
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
