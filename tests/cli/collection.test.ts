// Bad collections give a one-line error naming the path, exit 1, and leave the file untouched;
// a SIGKILL mid-session loses no acknowledged answer.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, E2E_DECKS, baseEnv, openDb, run, spawnCli, tempDir } from './harness.js';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('opening a collection', () => {
  it('creates the default collection under XDG_DATA_HOME', () => {
    const r = run(['status'], { env: { XDG_DATA_HOME: t.dir, DEEPCARDS_DECKS: E2E_DECKS } });
    expect(r.code).toBe(0);
    expect(existsSync(join(t.dir, 'deepcards', 'collection.db'))).toBe(true);
    expect(r.stdout).toContain(join(t.dir, 'deepcards', 'collection.db'));
  });

  it('refuses a missing --db directory', () => {
    const p = join(t.dir, 'nope', 'c.db');
    const r = run(['--db', p, 'status']);
    expect(r.code).toBe(2) // a path on the command line that cannot be: a usage error;
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${p}: cannot open collection: directory ${join(t.dir, 'nope')} does not exist`);
  });

  it('refuses a file that is not a SQLite database and leaves it untouched', () => {
    const p = join(t.dir, 'notes.txt');
    writeFileSync(p, 'my precious notes\n'.repeat(100));
    const before = sha(p);
    const r = run(['--db', p, 'status']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`deepcards: ${p}: not a deepcards collection (not a SQLite database); left untouched`);
    expect(sha(p)).toBe(before);
  });

  it('refuses a collection from a newer version and leaves it untouched', () => {
    const p = join(t.dir, 'future.db');
    const d = new Database(p);
    d.exec('CREATE TABLE x (a)');
    d.pragma('user_version = 99');
    d.close();
    const before = sha(p);
    const r = run(['--db', p, 'status']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${p}: collection schema version 99 is newer than this deepcards understands`);
    expect(sha(p)).toBe(before);
    expect(readdirSync(t.dir)).toEqual(['future.db']);
  });

  it('refuses an unwritable directory, naming it, and creates nothing', () => {
    // root ignores permissions: run the CLI as nobody (uid 65534), for whom the 0500 directory is closed
    const dir = join(t.dir, 'ro');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    chmodSync(t.dir, 0o755);
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const p = join(dir, 'c.db');
    const r = spawnSync(process.execPath, [BIN, '--db', p, 'status'], { env: baseEnv({ DEEPCARDS_DECKS: E2E_DECKS }), encoding: 'utf8', ...as });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`deepcards: ${p}: cannot create collection: directory ${dir} is not writable`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('backs the collection up before migrating it', () => {
    const p = join(t.dir, 'old.db');
    const d = new Database(p);
    d.exec('CREATE TABLE legacy (a)');
    d.close();
    const r = run(['--db', p, 'status'], { env: { DEEPCARDS_DECKS: E2E_DECKS } });
    expect(r.code).toBe(0);
    expect(readdirSync(t.dir).some((f) => /^old\.db\.v0-.*\.bak$/.test(f))).toBe(true);
  });
});

describe('a session killed with SIGKILL', () => {
  it('keeps every acknowledged answer and an intact database', async () => {
    const p = join(t.dir, 'k.db');
    const child = spawnCli(['--new', '5'], { DEEPCARDS_DB: p, DEEPCARDS_DECKS: E2E_DECKS });
    let out = '';
    const acks = (): number => (out.match(/recorded grade/g) ?? []).length;
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    const waitFor = (pred: () => boolean): Promise<void> => new Promise((res, rej) => {
      const started = Date.now();
      const tick = (): void => (pred() ? res() : Date.now() - started > 15_000 ? rej(new Error(out)) : void setTimeout(tick, 10));
      tick();
    });
    // answer three cards one at a time, waiting for each acknowledgement
    for (let i = 0; i < 3; i++) {
      await waitFor(() => out.includes('show answer') && acks() === i);
      child.stdin!.write('\n4\n');
      await waitFor(() => acks() === i + 1);
    }
    // start a fourth answer and kill without waiting
    child.stdin!.write('\n');
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const d = openDb(p);
    expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(d.prepare('SELECT count(*) FROM reviews').pluck().get()).toBeGreaterThanOrEqual(3);
    d.close();
  });
});

describe('card commands', () => {
  it('suspend, unsuspend and reset by card id; unknown ids are usage errors', () => {
    const env = { DEEPCARDS_DB: join(t.dir, 'c.db'), DEEPCARDS_DECKS: E2E_DECKS };
    run(['--new', '1'], { input: '\n5\n', env });
    expect(run(['card', 'suspend', 'alpha.bn'], { env }).stdout).toContain('2 items suspended: alpha.bn#c1, alpha.bn#c2');
    expect(run(['card', 'unsuspend', 'alpha.bn#c2'], { env }).stdout).toContain('1 item unsuspended');
    expect(run(['card', 'reset', 'alpha.sigmoid'], { env }).stdout).toContain('reset to new (history kept)');
    const d = openDb(env.DEEPCARDS_DB);
    expect(d.prepare("SELECT due, reps FROM items WHERE id = 'alpha.sigmoid'").get()).toEqual({ due: null, reps: 0 });
    expect(d.prepare('SELECT count(*) FROM reviews').pluck().get()).toBe(1);
    d.close();
    const bad = run(['card', 'suspend', 'alpha.nope'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no such card: alpha.nope');
  });
});

describe('decks check and sync', () => {
  it('check reports every located error and exits 1', () => {
    const r = run(['decks', 'check', 'tests/fixtures/decks/malformed/many.yaml', 'tests/fixtures/decks/malformed/unknown-type.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('tests/fixtures/decks/malformed/many.yaml:1:1: missing field "description"');
    expect(r.stderr).toContain('tests/fixtures/decks/malformed/unknown-type.yaml:6:11: unknown card type "essay"');
    expect(r.stderr).toContain('5 errors in 2 of 2 files');
  });

  it('sync of extra decks adds, then is idempotent', () => {
    const env = { DEEPCARDS_DB: join(t.dir, 'c.db'), DEEPCARDS_DECKS: E2E_DECKS };
    const deck = join(t.dir, 'extra.yaml');
    writeFileSync(deck, 'topic: extra\ntitle: Extra\ndescription: d\ncards:\n  - id: extra.a\n    type: basic\n    front: Q\n    back: A\n    sheet: [1]\n');
    expect(run(['decks', 'sync', deck], { env }).stdout).toContain('1 added, 0 updated');
    expect(run(['decks', 'sync', deck], { env }).stdout).toContain('0 added, 0 updated (schedules kept), 0 moved (new position in the sheet order), 0 retired (history kept), 0 restored, 1 unchanged');
  });
});
