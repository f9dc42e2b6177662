// The bundled decks, parsed once per content: parsing ~700 cards of YAML costs a few hundred ms, so
// the result is cached as JSON under $XDG_CACHE_HOME/deepcards (else ~/.cache/deepcards), keyed by
// the deck files' fingerprint, the parser revision and the known question families. `decks check`
// never uses the cache: it is the validator.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { decksFingerprint } from '../decks/fingerprint.js';
import type { Deck } from '../decks/model.js';
import { familyIds } from '../questions/registry.js';
import type { CommandContext } from './context.js';

/** Bump when parse.ts changes what it produces for the same text. */
const PARSER_REVISION = 2;

function cacheDir(env: NodeJS.ProcessEnv): string {
  const base = env['XDG_CACHE_HOME'] && env['XDG_CACHE_HOME'].startsWith('/') ? env['XDG_CACHE_HOME'] : join(env['HOME'] || homedir(), '.cache');
  return join(base, 'deepcards');
}

export async function loadBundledDecks(ctx: CommandContext, fingerprint = decksFingerprint(ctx.decksDir)): Promise<Deck[]> {
  const families = familyIds();
  const hash = (s: string): string => createHash('sha1').update(s).digest('hex').slice(0, 12);
  // one cache file per deck directory: <dir>-<content>; a new content replaces the old file
  const dirKey = hash(ctx.decksDir);
  const key = `${dirKey}-${hash(`${fingerprint}\0${PARSER_REVISION}\0${families.join(',')}`)}`;
  const dir = cacheDir(ctx.env);
  const file = join(dir, `decks-${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Deck[];
  } catch {
    // no cache yet, or unreadable: parse (and report errors exactly as decks check would)
  }
  // the YAML parser loads only on a cache miss
  const { loadDecksOrThrow } = await import('../decks/load.js');
  const decks = loadDecksOrThrow([ctx.decksDir], { families: new Set(families) });
  try {
    mkdirSync(dir, { recursive: true });
    for (const old of readdirSync(dir)) if (old.startsWith(`decks-${dirKey}-`) && !old.endsWith('.tmp')) rmSync(join(dir, old), { force: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(decks));
    renameSync(tmp, file);
  } catch {
    // a cache is an optimisation: a read-only home only costs the parse next time
  }
  return decks;
}
