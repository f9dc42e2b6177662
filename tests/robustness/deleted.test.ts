// The collection file deleted (or replaced) while a session runs: the next answer is refused with a
// clear error — not "recorded" into a file that no longer exists — and what was answered before is
// saved to a rescue file that `deepcards restore` takes back.
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, tempDir } from '../cli/harness.js';
import { answer, reviewCount, startSession, writeDecks } from './session.js';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

function setup(): { db: string; env: Record<string, string> } {
  const db = join(t.dir, 'collection.db');
  const env = { DEEPCARDS_DB: db, DEEPCARDS_DECKS: writeDecks(join(t.dir, 'decks'), 20) };
  expect(run(['status'], { env }).code).toBe(0);
  return { db, env };
}

describe('a collection deleted mid-session', () => {
  it('stops with a clear error and rescues the answers made before', async () => {
    const { db, env } = setup();
    const s = startSession(['--new', '10'], env);
    await answer(s, 2);
    rmSync(db); // what `rm` does: the -wal and -shm stay
    await s.waitFor((o) => o.split('show answer').length - 1 >= 3);
    s.send('');
    s.send('5');
    s.child.stdin!.end();
    const code = await s.exited;
    expect(code).toBe(1);
    expect(s.acks()).toBe(2); // the third answer was not acknowledged
    const err = s.err().trim();
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toMatch(new RegExp(`^deepcards: ${db}: the collection file was deleted during this session; this answer was NOT recorded\\. Everything recorded before it is saved in (\\S+) — bring it back with: deepcards restore \\S+$`));
    const rescued = err.match(/saved in (\S+) —/)![1]!;
    expect(reviewCount(rescued)).toBe(2);
    // and it comes back
    const r = run(['restore', rescued], { env });
    expect(r.code).toBe(0);
    expect(reviewCount(db)).toBe(2);
  });

  it('a collection replaced under the session (another file renamed over it) is noticed too', async () => {
    const { db, env } = setup();
    const s = startSession(['--new', '10'], env);
    await answer(s, 1);
    expect(run(['backup', '-o', join(t.dir, 'other.db')], { env }).code).toBe(0);
    renameSync(join(t.dir, 'other.db'), db);
    await s.waitFor((o) => o.split('show answer').length - 1 >= 2);
    s.send('');
    s.send('4');
    s.child.stdin!.end();
    expect(await s.exited).toBe(1);
    expect(s.err()).toContain('the collection file was replaced by another file during this session; this answer was NOT recorded');
    expect(s.acks()).toBe(1);
  });

  it('the whole directory removed: the rescue goes to the temporary directory', async () => {
    const { db, env } = setup();
    const s = startSession(['--new', '10'], env);
    await answer(s, 1);
    rmSync(t.dir, { recursive: true, force: true });
    await s.waitFor((o) => o.split('show answer').length - 1 >= 2);
    s.send('');
    s.send('4');
    s.child.stdin!.end();
    expect(await s.exited).toBe(1);
    const rescued = s.err().match(/saved in (\S+) —/)?.[1];
    expect(rescued).toBeDefined();
    expect(existsSync(rescued!)).toBe(true);
    expect(reviewCount(rescued!)).toBe(1);
    rmSync(rescued!);
    expect(readdirSync(t.dir.replace(/[^/]+$/, '')).length).toBeGreaterThan(0);
    void db;
  });
});
