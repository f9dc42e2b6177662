// `deepcards decks list|show|check|sync`.
import { unknownTopicError } from './topics.js';
import { formatLocated } from '../errors.js';
import { deckFiles, displayPath, loadDecks, loadDecksOrThrow, decksFingerprint } from '../decks/load.js';
import type { Card, Deck } from '../decks/model.js';
import { itemOrds } from '../decks/sync-plan.js';
import { lintDecks } from '../decks/lint.js';
import type { CommandContext } from './context.js';
import { loadBundledDecks } from './bundled-decks.js';
import { describePlan, knownFamilies, syncBundled, syncPaths } from './decks-sync.js';
import { openForCommand } from './open-collection.js';
import { makeStyle } from '../ui/style.js';
import { renderLatex } from '../render/latex-unicode.js';

function bundled(ctx: CommandContext): Promise<Deck[]> {
  return loadBundledDecks(ctx);
}

export async function runDecksList(opts: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const decks = (await bundled(ctx)).sort((a, b) => firstLine(a) - firstLine(b));
  const rows = decks.map((d) => {
    const byType = { basic: 0, cloze: 0, choice: 0, numeric: 0 };
    for (const c of d.cards) byType[c.type]++;
    return { topic: d.topic, title: d.title, description: d.description, cards: d.cards.length, items: d.cards.reduce((n, c) => n + itemOrds(c).length, 0), ...byType };
  });
  if (opts.json) {
    ctx.out.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const s = makeStyle(ctx.color);
  const w = Math.max(...rows.map((r) => r.topic.length), 5);
  ctx.out.write(s.dim(`${'topic'.padEnd(w)}  cards  basic cloze choice numeric  title\n`));
  for (const r of rows) {
    ctx.out.write(`${s.bold(r.topic.padEnd(w))}  ${String(r.cards).padStart(5)}  ${String(r.basic).padStart(5)} ${String(r.cloze).padStart(5)} ${String(r.choice).padStart(6)} ${String(r.numeric).padStart(7)}  ${r.title}\n`);
  }
  const total = rows.reduce((n, r) => n + r.cards, 0);
  ctx.out.write(`${rows.length} topics, ${total} cards (${rows.reduce((n, r) => n + r.items, 0)} review items)\n`);
  return 0;
}

function firstLine(d: Deck): number {
  return d.cards.reduce((m, c) => Math.min(m, c.sheet[0] ?? Infinity), Infinity); // no spread: decks may be large
}

export function cardSummary(card: Card): { front: string; back: string } {
  switch (card.type) {
    case 'basic': return { front: card.front, back: card.back };
    case 'cloze': return { front: card.text.replace(/\{\{c\d+::((?:(?!\}\}).)*?)(?:::(?:(?!\}\}).)*?)?\}\}/gs, '[$1]'), back: card.back ?? '' };
    case 'choice': return { front: `${card.front} (${card.choices.join(' | ')})`, back: card.answer };
    case 'numeric': return { front: card.front ?? `numeric: ${card.family} (level ${card.level})`, back: 'a fresh instance at each review' };
  }
}

export async function runDecksShow(topic: string, ctx: CommandContext): Promise<number> {
  const decks = await bundled(ctx);
  const deck = decks.find((d) => d.topic === topic);
  if (!deck) throw unknownTopicError([topic], decks.map((d) => d.topic).sort());
  const s = makeStyle(ctx.color);
  ctx.out.write(`${s.bold(deck.title)} (${deck.topic}) — ${deck.description}\n${deck.cards.length} cards\n\n`);
  for (const c of deck.cards) {
    const { front, back } = cardSummary(c);
    ctx.out.write(`${s.cyan(c.id)} ${s.dim(`[${c.type}] sheet ${c.sheet.join(',')}`)}${c.fix ? s.yellow(' (corrects the sheet)') : ''}\n`);
    ctx.out.write(`  Q: ${renderLatex(front)}\n`);
    if (back) ctx.out.write(`  A: ${renderLatex(back)}\n`);
  }
  return 0;
}

export async function runDecksCheck(paths: string[], opts: { strict?: boolean }, ctx: CommandContext): Promise<number> {
  const targets = paths.length ? paths : [ctx.decksDir];
  const files = deckFiles(targets);
  const r = loadDecks(targets, { families: knownFamilies() });
  if (r.errors.length) {
    for (const e of r.errors) ctx.err.write(`${formatLocated(e)}\n`);
    const badFiles = new Set(r.errors.map((e) => e.file)).size;
    ctx.err.write(`${r.errors.length} error${r.errors.length === 1 ? '' : 's'} in ${badFiles} of ${files.length} file${files.length === 1 ? '' : 's'}\n`);
    return 1;
  }
  const cards = r.decks.reduce((n, d) => n + d.cards.length, 0);
  const warnings = lintDecks(r.decks.map((deck) => ({ deck, text: r.texts.get(deck.file) ?? '' })));
  const kind = opts.strict ? 'error' : 'warning';
  for (const w of warnings) ctx.err.write(`${formatLocated({ ...w, message: `${kind}: ${w.message}` })}\n`);
  if (warnings.length) {
    ctx.err.write(`${warnings.length} lint ${kind}${warnings.length === 1 ? '' : 's'} (a deliberate exception goes in the deck: lint-allow: [rule: reason])\n`);
    if (opts.strict) return 1;
  }
  ctx.out.write(`ok: ${files.length} file${files.length === 1 ? '' : 's'}, ${r.decks.length} deck${r.decks.length === 1 ? '' : 's'}, ${cards} cards (${files.map(displayPath).join(', ')})\n`);
  return 0;
}

export async function runDecksSync(paths: string[], opts: { dryRun?: boolean }, ctx: CommandContext): Promise<number> {
  // read and validate the decks first: a deck with an error changes nothing, not even today's backup
  const fp = paths.length === 0 ? decksFingerprint(ctx.decksDir) : undefined;
  const decks = paths.length === 0 ? await bundled(ctx) : loadDecksOrThrow(paths, { families: knownFamilies() });
  const db = await openForCommand(ctx, { sync: false, backup: !opts.dryRun });
  try {
    const result = fp !== undefined && !opts.dryRun ? await syncBundled(db, ctx, fp, decks) : syncPaths(db, ctx, decks, !!opts.dryRun);
    const p = result.plan;
    ctx.out.write(`${describePlan(p, !!opts.dryRun)}\n`);
    for (const r of p.add.slice(0, 20)) ctx.out.write(`  + ${r.id}\n`);
    if (p.add.length > 20) ctx.out.write(`  … and ${p.add.length - 20} more\n`);
    for (const r of p.update.slice(0, 20)) ctx.out.write(`  ~ ${r.id}\n`);
    for (const id of p.retire.slice(0, 20)) ctx.out.write(`  - ${id}\n`);
    return 0;
  } finally {
    db.close();
  }
}
