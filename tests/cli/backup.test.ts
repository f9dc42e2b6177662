// backup, restore, doctor and the automatic daily backup, through the built CLI.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { E2E_DECKS, openDb, run, spawnCli, tempDir } from './harness.js';

let t: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 'collection.db');
});
afterEach(() => t.cleanup());
const env = (now = '2026-03-02T09:00:00'): Record<string, string> => ({ DEEPCARDS_DB: db, DEEPCARDS_DECKS: E2E_DECKS, DEEPCARDS_NOW: now });
const backups = (): string[] => (existsSync(join(t.dir, 'backups')) ? readdirSync(join(t.dir, 'backups')).sort() : []);
const reviews = (p = db): number => {
  const d = openDb(p);
  try {
    return d.prepare('SELECT count(*) FROM reviews').pluck().get() as number;
  } finally {
    d.close();
  }
};

describe('the automatic daily backup', () => {
  it('is made before the first write of each study day, not by status or stats', () => {
    expect(run(['status'], { env: env() }).code).toBe(0);
    expect(run(['stats'], { env: env() }).code).toBe(0);
    expect(backups()).toEqual([]);
    expect(run(['--new', '2'], { input: '\n5\n\n5\n', env: env() }).code).toBe(0);
    expect(backups()).toEqual(['collection-2026-03-02.db']);
    expect(reviews(join(t.dir, 'backups', 'collection-2026-03-02.db'))).toBe(0); // taken before the answers
    // same study day (before the 04:00 rollover of the next): no new copy; the next day: one more
    expect(run(['--new', '3'], { input: '\n5\n', env: env('2026-03-03T03:30:00') }).code).toBe(0);
    expect(backups()).toEqual(['collection-2026-03-02.db']);
    expect(run(['--new', '1'], { input: '\n5\n', env: env('2026-03-03T09:00:00') }).code).toBe(0);
    expect(backups()).toEqual(['collection-2026-03-02.db', 'collection-2026-03-03.db']);
    expect(reviews(join(t.dir, 'backups', 'collection-2026-03-03.db'))).toBe(3);
  });
});

describe('deepcards backup', () => {
  it('writes a consistent copy, by default into backups/, or to -o FILE; never over a file', () => {
    run(['--new', '2'], { input: '\n5\n\n4\n', env: env() });
    const r = run(['backup'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^backed up .*collection\.db \(5 cards, 6 items, 2 reviews, last review 2026-03-02\) to .*backups\/collection-manual-2026-03-02T09-00-0\d\.db \(\d+ kB\)\n$/);
    const out = join(t.dir, 'mine.db');
    expect(run(['backup', '-o', out], { env: env() }).code).toBe(0);
    expect(reviews(out)).toBe(2);
    const again = run(['backup', '-o', out], { env: env() });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${out}: already exists`);
  });
});

describe('deepcards restore', () => {
  it('validates, keeps the current collection, and swaps the backup in', () => {
    run(['--new', '1'], { input: '\n5\n', env: env() });
    const snap = join(t.dir, 'snap.db');
    run(['backup', '-o', snap], { env: env() });
    run(['--new', '3'], { input: '\n5\n\n5\n', env: env() });
    expect(reviews()).toBe(3);
    const r = run(['restore', snap], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`restored ${db} from ${snap} (schema `);
    expect(r.stdout).toMatch(/the collection it replaced is kept in .*backups\/collection-before-restore-2026-03-02T09-00-0\d-\d{3}\.db/);
    expect(reviews()).toBe(1);
    const kept = r.stdout.match(/kept in (\S+)/)![1]!;
    expect(reviews(kept)).toBe(3);
    expect(run(['status'], { env: env() }).code).toBe(0);
  });

  it('refuses a file that is not a deepcards collection, and a running session', async () => {
    run(['--new', '1'], { input: '\n5\n', env: env() });
    const junk = join(t.dir, 'junk.db');
    writeFileSync(junk, 'not a database');
    const bad = run(['restore', junk], { env: env() });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a SQLite database (bad header); nothing was changed');

    const snap = join(t.dir, 'snap.db');
    run(['backup', '-o', snap], { env: env() });
    const child = spawnCli(['--new', '3'], env());
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    await new Promise<void>((res) => {
      const tick = (): void => (out.includes('show answer') ? res() : void setTimeout(tick, 20));
      tick();
    });
    const busy = run(['restore', snap], { env: env() });
    child.kill('SIGKILL');
    await new Promise((res) => child.on('exit', res));
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain('in use by another deepcards command');
    expect(reviews()).toBe(1);
  });
});

describe('deepcards doctor', () => {
  it('reports a healthy collection', () => {
    run(['status'], { env: env() });
    run(['--new', '1'], { input: '\n5\n', env: env() });
    const r = run(['doctor'], { env: env() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok\s+integrity_check\s+ok$/m);
    expect(r.stdout).toMatch(/^ok\s+backups\s+1 daily/m);
    expect(r.stdout.trim().endsWith('all good')).toBe(true);
  });

  it('finds orphans and retired cards still scheduled; --dry-run changes nothing; then fixes them', () => {
    run(['status'], { env: env() });
    run(['--new', '2'], { input: '\n5\n\n5\n', env: env() });
    const d = new Database(db);
    d.pragma('foreign_keys = OFF');
    d.exec(`INSERT INTO items (id, card_id, ord) VALUES ('gone.a', 'gone.a', 0), ('gone.b', 'gone.b', 0);
      INSERT INTO reviews (item_id, session, reviewed_at, day, kind, grade, duration_ms, reps_before, ef_before, interval_before, lapses_before,
        suspended_before, leech_before, reps_after, ef_after, interval_after, lapses_after)
        VALUES ('gone.b', 1, 1, 20000, 'new', 4, 1, 0, 250, 0, 0, 0, 0, 1, 250, 1, 0), ('vanished', 1, 1, 20000, 'new', 4, 1, 0, 250, 0, 0, 0, 0, 1, 250, 1, 0);
      UPDATE cards SET retired_at = 1 WHERE id = 'alpha.relu';
      UPDATE review_days SET n = n + 5 WHERE topic = 'gone';`);
    d.close();
    writeFileSync(join(t.dir, 'backups', 'collection-2026-03-01.db.tmp-999999999'), 'partial');

    const dry = run(['doctor', '--dry-run'], { env: env() });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run: nothing is changed');
    expect(dry.stdout).toMatch(/would fix\s+items without a card\s+1 without history would be deleted \(gone\.a\); 1 with reviews would be retired, history kept \(gone\.b\)/);
    expect(dry.stdout).toMatch(/note\s+reviews without an item\s+1 \(kept/);
    expect(dry.stdout).toMatch(/would fix\s+retired cards still scheduled\s+1 item of cards no longer in any deck would be retired \(alpha\.relu\)/);
    expect(dry.stdout).toMatch(/would fix\s+temporary files\s+1 left by a killed backup/);
    expect(dry.stdout).toMatch(/would fix\s+stats summary\s+2 rows of review_days disagreed with the review log: would be rebuilt/);
    const probe = openDb(db);
    expect(probe.prepare("SELECT count(*) FROM items WHERE id LIKE 'gone.%'").pluck().get()).toBe(2);
    probe.close();

    const fix = run(['doctor'], { env: env() });
    expect(fix.code).toBe(0);
    expect(fix.stdout).toMatch(/fixed\s+items without a card\s+1 without history deleted \(gone\.a\); 1 with reviews retired/);
    expect(fix.stdout).toContain('fixes made');
    const after = openDb(db);
    expect(after.prepare("SELECT id, retired FROM items WHERE id LIKE 'gone.%'").all()).toEqual([{ id: 'gone.b', retired: 1 }]);
    expect(after.prepare("SELECT retired FROM items WHERE id = 'alpha.relu'").pluck().get()).toBe(1);
    expect(after.prepare('SELECT count(*) FROM reviews').pluck().get()).toBe(4); // history untouched
    after.close();
    const again = run(['doctor'], { env: env() });
    expect(again.stdout).toMatch(/^ok\s+retired cards still scheduled\s+none$/m);
    expect(again.stdout).toMatch(/^ok\s+stats summary\s+matches the review log$/m);
    expect(again.stdout).toMatch(/^ok\s+items without a card\s+1 already retired/m);
  });

  it('a damaged collection: exit 1 and the newest backup to restore', () => {
    run(['status'], { env: env() });
    run(['--new', '1'], { input: '\n5\n', env: env() });
    const d = new Database(db);
    d.pragma('journal_mode = DELETE');
    d.close();
    const bytes = require('node:fs').readFileSync(db) as Buffer;
    bytes.fill(0x55, 4096, 4096 * 4);
    writeFileSync(db, bytes);
    const r = run(['doctor'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/restore the newest backup with: deepcards restore .*backups\/collection-2026-03-02\.db/);
  });
});
