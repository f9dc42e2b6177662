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
export async function syncBundled(db: Db, ctx: CommandContext, fingerprint: string, loaded?: Deck[]): Promise<SyncResult> {
  const decks = loaded ?? (await loadBundledDecks(ctx, fingerprint));
  const previous = JSON.parse(getMeta(db, BUNDLED_TOPICS_KEY) ?? '[]') as string[];
  const scope = new Set([...previous, ...decks.map((d) => d.topic)]);
  const result = syncDecks(db, decks, ctx.clock.now(), scope);
  // in the order of the sheet (a deck's first cited line): status lists topics in this order
  // a loop, not Math.min(...cards): a spread of one argument per card overflows the stack on a big deck
  const first = (d: Deck): number => d.cards.reduce((m, c) => (c.sheet.length ? Math.min(m, c.sheet[0]!) : m), Infinity);
  setMeta(db, BUNDLED_TOPICS_KEY, JSON.stringify([...decks].sort((a, b) => first(a) - first(b)).map((d) => d.topic)));
  setMeta(db, BUNDLED_HASH_KEY, fingerprint);
  return result;
}

export function syncPaths(db: Db, ctx: CommandContext, decks: Deck[], dryRun: boolean): SyncResult {
  return syncDecks(db, decks, ctx.clock.now(), new Set(decks.map((d) => d.topic)), dryRun);
}

/** Every kind of change of a sync plan, for the one-line summary (nothing left out, positions included). */
export function describePlan(p: SyncResult['plan'], dryRun: boolean): string {
  const parts = [
    `${p.add.length} added`,
    `${p.update.length} updated (schedules kept)`,
    `${p.reorder.length} moved (new position in the sheet order)`,
    `${p.retire.length} retired (history kept)`,
    `${p.restore.length} restored`,
    `${p.unchanged} unchanged`,
  ];
  const items = [
    p.addItems.length ? `${p.addItems.length} added` : '',
    p.retireItems.length ? `${p.retireItems.length} retired` : '',
    p.restoreItems.length ? `${p.restoreItems.length} restored` : '',
  ].filter(Boolean);
  return `${dryRun ? 'dry run (nothing written): ' : ''}${parts.join(', ')}${items.length ? `; review items: ${items.join(', ')}` : ''}`;
}
