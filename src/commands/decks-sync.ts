// Syncing deck files into the collection (the bundled decks at start, or `decks sync PATH…`).
import type { Deck } from '../decks/model.js';
import { getMeta, setMeta, syncDecks, type SyncResult } from '../store/collection.js';
import type { Db } from '../store/open.js';
import { familyIds } from '../questions/registry.js';
import type { CommandContext } from './context.js';
import { loadBundledDecks } from './bundled-decks.js';
import { BUNDLED_HASH_KEY, BUNDLED_TOPICS_KEY } from './open-collection.js';

export function knownFamilies(): Set<string> {
  return new Set(familyIds());
}

/** Sync the bundled decks; topics that left the bundle are retired too. */
export async function syncBundled(db: Db, ctx: CommandContext, fingerprint: string): Promise<SyncResult> {
  const decks = await loadBundledDecks(ctx, fingerprint);
  const previous = JSON.parse(getMeta(db, BUNDLED_TOPICS_KEY) ?? '[]') as string[];
  const scope = new Set([...previous, ...decks.map((d) => d.topic)]);
  const result = syncDecks(db, decks, ctx.clock.now(), scope);
  // in the order of the sheet (a deck's first cited line): status lists topics in this order
  const first = (d: Deck): number => Math.min(...d.cards.flatMap((c) => c.sheet.slice(0, 1)));
  setMeta(db, BUNDLED_TOPICS_KEY, JSON.stringify([...decks].sort((a, b) => first(a) - first(b)).map((d) => d.topic)));
  setMeta(db, BUNDLED_HASH_KEY, fingerprint);
  return result;
}

export function syncPaths(db: Db, ctx: CommandContext, decks: Deck[], dryRun: boolean): SyncResult {
  return syncDecks(db, decks, ctx.clock.now(), new Set(decks.map((d) => d.topic)), dryRun);
}
