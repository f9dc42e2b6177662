// SIGKILL at random moments of piped sessions — during start-up, the migration, the daily backup, the
// deck sync, an answer's commit — and after each: integrity_check ok, every acknowledged answer in the
// log (at most one more: committed, killed before it could say so), the stats summary equal to the
// log, and every file with a daily backup's name a sound database.
// 8 kills by default; 50 with DEEPCARDS_SLOW=1 (npm run test:slow). DEEPCARDS_SEED replays a run.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../cli/harness.js';
import { integrity, reviewCount, rng, startSession, summaryMatchesLog, writeDecks } from './session.js';

const KILLS = process.env['DEEPCARDS_SLOW'] === '1' ? 50 : 8;
const SEED = Number(process.env['DEEPCARDS_SEED'] ?? 20260302);

let t: ReturnType<typeof tempDir>;
beforeAll(() => (t = tempDir()));
afterAll(() => t.cleanup());

describe(`${KILLS} SIGKILLs at random moments (seed ${SEED})`, () => {
  it('never corrupt the collection nor lose an acknowledged answer', async () => {
    const rand = rng(SEED);
    const db = join(t.dir, 'collection.db');
    const env = { DEEPCARDS_DB: db, DEEPCARDS_DECKS: writeDecks(join(t.dir, 'decks'), 200) };
    const problems: string[] = [];
    let killedAnswering = 0;
    let acknowledged = 0;
    let unacknowledged = 0;
    for (let k = 0; k < KILLS; k++) {
      const before = existsSync(db) ? reviewCount(db) : 0;
      // a new study day every other kill, so that the daily backup is in the line of fire too
      const day = new Date(Date.UTC(2026, 2, 2 + Math.floor(k / 2), 9)).toISOString().slice(0, 19);
      const s = startSession(['--new', '15'], { ...env, DEEPCARDS_NOW: day });
      const feed = (): NodeJS.Timeout => setInterval(() => {
        s.send('');
        s.send(String(Math.floor(rand() * 6)));
      }, 5 + Math.floor(rand() * 25));
      let feeder: NodeJS.Timeout | undefined;
      let delay: number;
      if (k % 4 === 0) {
        // every 4th kill falls in start-up: open, migrate, the daily backup (a new day), the deck sync
        delay = rand() * 400;
        feeder = feed();
        await new Promise((r) => setTimeout(r, delay));
      } else {
        // the others once the session is up, while it answers (however slow the machine is)
        await s.waitFor((o) => o.includes('show answer') || o.includes('Nothing due')).catch(() => undefined);
        feeder = feed();
        delay = rand() * 500;
        await new Promise((r) => setTimeout(r, delay));
      }
      clearInterval(feeder);
      s.child.kill('SIGKILL');
      await s.exited;
      const acks = s.acks();
      if (acks) killedAnswering++;
      if (!existsSync(db)) continue; // killed before the collection was created
      const where = `kill ${k + 1} (${k % 4 === 0 ? 'start-up' : 'answering'}, after ${delay.toFixed(0)} ms, ${acks} acknowledged)`;
      const check = integrity(db);
      if (check !== 'ok') problems.push(`${where}: integrity_check: ${check}`);
      const added = reviewCount(db) - before;
      acknowledged += acks;
      if (added === acks + 1) unacknowledged++;
      if (added < acks || added > acks + 1) problems.push(`${where}: ${added} rows added for ${acks} acknowledged answers`);
      if (!summaryMatchesLog(db)) problems.push(`${where}: review_days differs from the review log`);
      const backups = join(t.dir, 'backups');
      for (const f of existsSync(backups) ? readdirSync(backups) : []) {
        if (/^collection-\d{4}-\d{2}-\d{2}\.db$/.test(f) && integrity(join(backups, f)) !== 'ok') problems.push(`${where}: backup ${f} is damaged`);
      }
    }
    console.info(`${KILLS} kills (seed ${SEED}): ${killedAnswering} while answering, ${acknowledged} acknowledged answers kept, ${unacknowledged} answer(s) committed just before a kill could acknowledge them`);
    expect(problems).toEqual([]);
    // the kills did land in the middle of sessions, not only before them
    expect(killedAnswering).toBeGreaterThan(KILLS / 4);
  }, 600_000);
});
