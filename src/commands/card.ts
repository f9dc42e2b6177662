// `deepcards card suspend|unsuspend|reset <id>…`
import { UserError } from '../errors.js';
import { resetItems, resolveItems, setSuspended } from '../store/collection.js';
import type { CommandContext } from './context.js';
import { openForCommand } from './open-collection.js';

export async function runCardAction(action: 'suspend' | 'unsuspend' | 'reset', ids: string[], ctx: CommandContext): Promise<number> {
  const db = await openForCommand(ctx);
  try {
    const resolved = ids.map((id) => ({ id, items: resolveItems(db, id) }));
    const missing = resolved.filter((r) => r.items.length === 0).map((r) => r.id);
    if (missing.length) throw new UserError(`no such card: ${missing.join(', ')} (see deepcards decks show <topic>)`, 2);
    const items = resolved.flatMap((r) => r.items);
    const n = action === 'reset' ? resetItems(db, items) : setSuspended(db, items, action === 'suspend');
    const verb = action === 'reset' ? 'reset to new (history kept)' : `${action}ed`;
    ctx.out.write(`${n} item${n === 1 ? '' : 's'} ${verb}: ${items.join(', ')}\n`);
    return 0;
  } finally {
    db.close();
  }
}
