// `deepcards config list|get|set|unset`: settings kept in the collection (migration 004), so backups
// and restores carry them. Validation lives in src/config/keys.ts; this module only wires it.
import { CONFIG_KEYS, findKey, settingsFrom } from '../config/keys.js';
import { UserError } from '../errors.js';
import { readConfig, setConfig, unsetConfig } from '../store/config.js';
import { makeStyle } from '../ui/style.js';
import { wrapText } from '../screen/wrap.js';
import type { CommandContext } from './context.js';
import { openForCommand } from './open-collection.js';

function known(key: string): void {
  if (!findKey(key)) throw new UserError(`config: unknown setting "${key}"; settings: ${CONFIG_KEYS.map((k) => k.key).join(', ')}`, 2);
}

export async function runConfigList(opts: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const db = await openForCommand(ctx, { backup: false, readOnlyFallback: true });
  const stored = readConfig(db);
  db.close();
  const { invalid } = settingsFrom(stored);
  const rows = CONFIG_KEYS.map((k) => ({
    key: k.key,
    value: stored.get(k.key) ?? k.defaultText ?? 'none',
    set: stored.has(k.key),
    default: k.defaultText ?? 'none',
    description: k.description,
  }));
  if (opts.json) {
    ctx.out.write(`${JSON.stringify({ settings: rows, invalid }, null, 2)}\n`);
    return 0;
  }
  const s = makeStyle(ctx.color);
  const w = Math.max(...rows.map((r) => r.key.length));
  const vw = Math.max(5, ...rows.map((r) => r.value.length));
  // the descriptions wrap under themselves, so the list reads at 80 columns
  const descCol = w + 2 + vw + 2;
  for (const r of rows) {
    const value = r.set ? s.bold(r.value.padEnd(vw)) : r.value.padEnd(vw);
    const desc = wrapText(r.set ? `(default ${r.default}) ${r.description}` : r.description, Math.max(30, 80 - descCol));
    ctx.out.write(`${r.key.padEnd(w)}  ${value}  ${desc.map((l, i) => (i === 0 ? s.dim(l) : `${' '.repeat(descCol)}${s.dim(l)}`)).join('\n')}\n`);
  }
  for (const i of invalid) ctx.err.write(`deepcards: warning: stored ${i.key} is invalid (${i.message}); the default is used\n`);
  return 0;
}

export async function runConfigGet(key: string, ctx: CommandContext): Promise<number> {
  known(key);
  const db = await openForCommand(ctx, { backup: false, readOnlyFallback: true });
  const stored = readConfig(db).get(key);
  db.close();
  ctx.out.write(`${stored ?? findKey(key)!.defaultText ?? 'none'}\n`);
  return 0;
}

export async function runConfigSet(key: string, value: string, ctx: CommandContext): Promise<number> {
  known(key);
  const db = await openForCommand(ctx);
  try {
    if (key === 'topics' || key === 'exam-topics') {
      // a typo in a topic would silently empty every session: check against the collection
      const have = new Set(db.prepare('SELECT DISTINCT topic FROM cards WHERE retired_at IS NULL').pluck().all() as string[]);
      const bad = value.split(',').map((t) => t.trim()).filter((t) => t !== '' && t !== 'none' && !have.has(t));
      if (bad.length) throw new UserError(`config: ${key}: no topic ${bad.map((t) => `"${t}"`).join(', ')} in the collection; topics: ${[...have].sort().join(', ')}`, 2);
    }
    const text = setConfig(db, key, value);
    ctx.out.write(`${key} = ${text}\n`);
  } finally {
    db.close();
  }
  return 0;
}

export async function runConfigUnset(key: string, ctx: CommandContext): Promise<number> {
  known(key);
  const db = await openForCommand(ctx);
  unsetConfig(db, key);
  db.close();
  ctx.out.write(`${key} = ${findKey(key)!.defaultText ?? 'none'} (default)\n`);
  return 0;
}
