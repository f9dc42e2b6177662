// Pure: what a sync must do, from the cards in the deck files and the cards in the collection.
// New cards are added, edited cards are updated (their schedule kept), cards that left their deck are
// retired (history kept), and a retired card that comes back is restored.
import { createHash } from 'node:crypto';
import type { Card, Deck } from './model.js';
import { clozeNumbers } from './cloze.js';

export interface StoredCard {
  id: string;
  topic: string;
  hash: string;
  retired: boolean;
}

export interface StoredItem {
  id: string;
  cardId: string;
  ord: number;
  retired: boolean;
}

export interface CardRow {
  id: string;
  topic: string;
  type: Card['type'];
  content: string;
  hash: string;
  position: number;
}

export interface SyncPlan {
  add: CardRow[];
  update: CardRow[];
  /** Cards unchanged in content whose position changed (no modification time bump). */
  reorder: CardRow[];
  retire: string[];
  restore: string[];
  addItems: { id: string; cardId: string; ord: number }[];
  retireItems: string[];
  restoreItems: string[];
  unchanged: number;
}

export function itemId(cardId: string, ord: number): string {
  return ord === 0 ? cardId : `${cardId}#c${ord}`;
}

/** The review units of a card: one, or one per distinct cloze number. */
export function itemOrds(card: Card): number[] {
  return card.type === 'cloze' ? clozeNumbers(card.text) : [0];
}

export function cardHash(content: string): string {
  return createHash('sha1').update(content).digest('hex').slice(0, 16);
}

/** Positions of own decks start here, after every course position (sheet line × 1000 + index). */
export const OWN_DECK_BASE = 1_000_000_000;
/** Room for one own deck's cards before the next deck's block. */
export const OWN_DECK_SPAN = 100_000;

/**
 * Where an own deck's block of positions starts: after the course, at a slot derived from its topic, so
 * that decks synced separately (`decks sync PATH`) neither interleave nor need to know of each other.
 */
export function ownDeckBase(topic: string): number {
  const slot = Number.parseInt(createHash('sha1').update(topic).digest('hex').slice(0, 8), 16) % OWN_DECK_SPAN;
  return OWN_DECK_BASE + slot * OWN_DECK_SPAN;
}

/**
 * Course cards are introduced in the order of the sheet: by the first sheet line they cite, then deck
 * order. An own deck (one with `source:`) keeps its file order, in a block after the course.
 */
export function cardRows(decks: readonly Deck[]): CardRow[] {
  const rows: CardRow[] = [];
  for (const deck of decks) {
    const own = deck.source !== undefined ? ownDeckBase(deck.topic) : undefined;
    deck.cards.forEach((card, i) => {
      const content = JSON.stringify(card);
      rows.push({
        id: card.id,
        topic: deck.topic,
        type: card.type,
        content,
        hash: cardHash(content),
        position: own !== undefined ? own + Math.min(i, OWN_DECK_SPAN - 1) : (card.sheet[0] ?? 0) * 1000 + i,
      });
    });
  }
  return rows;
}

export function planSync(
  decks: readonly Deck[],
  stored: ReadonlyMap<string, StoredCard & { position?: number }>,
  storedItems: readonly StoredItem[],
  /** Topics whose cards are missing from `decks` and should be retired (the synced decks' topics). */
  scopeTopics: ReadonlySet<string>,
): SyncPlan {
  const plan: SyncPlan = { add: [], update: [], reorder: [], retire: [], restore: [], addItems: [], retireItems: [], restoreItems: [], unchanged: 0 };
  const rows = cardRows(decks);
  const cardsById = new Map<string, Card>();
  for (const d of decks) for (const c of d.cards) cardsById.set(c.id, c);
  const itemsByCard = new Map<string, StoredItem[]>();
  for (const it of storedItems) {
    const list = itemsByCard.get(it.cardId) ?? [];
    list.push(it);
    itemsByCard.set(it.cardId, list);
  }
  for (const row of rows) {
    const old = stored.get(row.id);
    if (!old) plan.add.push(row);
    else {
      if (old.retired) plan.restore.push(row.id);
      if (old.hash !== row.hash || old.topic !== row.topic) plan.update.push(row);
      else if (old.position !== undefined && old.position !== row.position) plan.reorder.push(row);
      else if (!old.retired) plan.unchanged++;
    }
    const wanted = new Set(itemOrds(cardsById.get(row.id)!));
    const existing = itemsByCard.get(row.id) ?? [];
    for (const it of existing) {
      if (!wanted.has(it.ord) && !it.retired) plan.retireItems.push(it.id);
      if (wanted.has(it.ord) && it.retired) plan.restoreItems.push(it.id);
    }
    const have = new Set(existing.map((i) => i.ord));
    for (const ord of wanted) if (!have.has(ord)) plan.addItems.push({ id: itemId(row.id, ord), cardId: row.id, ord });
  }
  const inDecks = new Set(rows.map((r) => r.id));
  for (const old of stored.values()) {
    if (!old.retired && !inDecks.has(old.id) && scopeTopics.has(old.topic)) {
      plan.retire.push(old.id);
      for (const it of itemsByCard.get(old.id) ?? []) if (!it.retired) plan.retireItems.push(it.id);
    }
  }
  return plan;
}

export function planIsEmpty(p: SyncPlan): boolean {
  return p.add.length + p.update.length + p.reorder.length + p.retire.length + p.restore.length +
    p.addItems.length + p.retireItems.length + p.restoreItems.length === 0;
}
