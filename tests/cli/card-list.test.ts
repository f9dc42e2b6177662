// deepcards card list [--leeches] [--suspended] [--topic T] [--json], and a leech made by 8 lapses.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { E2E_DECKS, run, tempDir } from './harness.js';

let t: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 'c.db');
});
afterEach(() => t.cleanup());
const env = (now = '2026-03-02T09:00:00'): Record<string, string> => ({ DEEPCARDS_DB: db, DEEPCARDS_DECKS: E2E_DECKS, DEEPCARDS_NOW: now });

describe('card list', () => {
  it('lists items in deck order with their schedule; filters by flag and topic', () => {
    run(['--new', '1'], { input: '\n5\n', env: env() });
    run(['card', 'suspend', 'alpha.relu'], { env: env() });
    const all = JSON.parse(run(['card', 'list', '--json'], { env: env() }).stdout) as { id: string; due: string | null; suspended: boolean }[];
    expect(all.map((i) => i.id)).toEqual(['alpha.sigmoid', 'alpha.bn#c1', 'alpha.bn#c2', 'alpha.relu', 'alpha.zero', 'beta.conv']);
    expect(all[0]).toMatchObject({ id: 'alpha.sigmoid', topic: 'alpha', type: 'basic', reps: 1, ef: 2.6, interval: 1, due: '2026-03-03', lapses: 0, suspended: false, leech: false });
    const susp = run(['card', 'list', '--suspended'], { env: env() });
    expect(susp.code).toBe(0);
    expect(susp.stdout).toMatch(/^alpha\.relu\s+new\s+0\s+2\.50\s+0\s+susp\s+What is ReLU\?$/m);
    expect(susp.stdout).toContain('1 suspended item\n');
    // --topic needs the root command's --topic not to swallow it (commander enablePositionalOptions)
    expect(JSON.parse(run(['card', 'list', '--json', '--topic', 'beta'], { env: env() }).stdout)).toHaveLength(1);
    expect(run(['card', 'list', '--leeches'], { env: env() }).stdout).toBe('no leeches\n');
    const bad = run(['card', 'list', '--topic', 'nope'], { env: env() });
    expect(bad.code).toBe(2);
  });

  it('a card that lapses 8 times becomes a leech: suspended, listed, in stats', () => {
    run(['--new', '1'], { input: '\n5\n', env: env() });
    // 7 lapses already; the next failing review is the 8th
    const d = new Database(db);
    d.prepare("UPDATE items SET lapses = 7, reps = 3, interval = 10, due = ? WHERE id = 'alpha.sigmoid'").run(Math.floor(Date.UTC(2026, 2, 3) / 86_400_000));
    d.close();
    const r = run(['--new', '0'], { input: '\n1\n', env: env('2026-03-03T09:00:00') });
    expect(r.stdout).toContain('leech: alpha.sigmoid lapsed 8 times and is suspended');
    const list = run(['card', 'list', '--leeches'], { env: env('2026-03-03T09:00:00') });
    expect(list.stdout).toMatch(/^alpha\.sigmoid\s+2026-03-04\s+1\s+\d\.\d\d\s+8\s+leech,susp\s+What is σ\(x\)\?|^alpha\.sigmoid\s+2026-03-04\s+1\s+\d\.\d\d\s+8\s+leech,susp/m);
    const stats = JSON.parse(run(['stats', '--json'], { env: env('2026-03-03T09:00:00') }).stdout);
    expect(stats.leeches).toEqual({ count: 1, items: [{ id: 'alpha.sigmoid', topic: 'alpha', lapses: 8 }] });
  });
});
