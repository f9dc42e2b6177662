// `deepcards undo`: take back the most recent answer in the collection, after the session ended
// (a misgrade noticed too late for `u`). The item's state comes back from the log row, exactly.
import { UserError } from '../errors.js';
import { undoAnswer } from '../store/collection.js';
import type { CommandContext } from './context.js';
import { openForCommand } from './open-collection.js';

export async function runUndo(ctx: CommandContext): Promise<number> {
  const db = await openForCommand(ctx, { sync: false });
  try {
    const last = db.prepare(`SELECT id, item_id, grade, kind, reviewed_at FROM reviews ORDER BY id DESC LIMIT 1`).get() as
      | { id: number; item_id: string; grade: number; kind: string; reviewed_at: number }
      | undefined;
    if (!last) throw new UserError('nothing to undo: no answer has been recorded yet', 1);
    undoAnswer(db, last.id);
    const when = new Date(last.reviewed_at).toISOString().replace('T', ' ').slice(0, 16);
    ctx.out.write(`undone: grade ${last.grade} (${last.kind}) on ${last.item_id}, answered ${when} UTC; its schedule is as it was before\n`);
    return 0;
  } finally {
    db.close();
  }
}
