// The faults found under load, kills and hostile input (issue 14), each reproduced through the real CLI.
// Every case here failed before its fix: the finding's number is in the test name.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseEnv, BIN, E2E_DECKS, run, tempDir } from '../cli/harness.js';
import { latestVersion, loadMigrations } from '../../src/store/migrate.js';
import { integrity, reviewCount, seedCollection, writeDecks } from './session.js';

const migrations = loadMigrations('migrations');
const LATEST = latestVersion(migrations);
const isRoot = process.getuid?.() === 0;

let t: ReturnType<typeof tempDir>;
let db: string;
let env: Record<string, string>;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 'collection.db');
  env = { DEEPCARDS_DB: db, DEEPCARDS_DECKS: writeDecks(join(t.dir, 'decks'), 10), XDG_CACHE_HOME: join(t.dir, 'cache') };
});
afterEach(() => t.cleanup());

/** Asynchronous run, so that two commands can race. */
function runAsync(args: string[], extra: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const c = spawn(process.execPath, [BIN, ...args], { env: baseEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    c.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    c.on('close', (code) => res({ code, stdout, stderr }));
  });
}

const oldCollection = (path: string, version: number, reviews: number): void => seedCollection(path, reviews, version);

const noStack = (s: string): void => {
  expect(s).not.toMatch(/internal error|\n\s+at /);
};

describe('F1: safety copies are never overwritten', () => {
  it('two restores in the same second keep the original collection', () => {
    expect(run(['--new', '2'], { input: '\n5\n\n5\n', env }).code).toBe(0);
    const a = join(t.dir, 'a.db');
    const b = join(t.dir, 'b.db');
    expect(run(['backup', '-o', a], { env }).code).toBe(0);
    expect(run(['backup', '-o', b], { env }).code).toBe(0);
    new Database(a).prepare('DELETE FROM reviews').run();
    new Database(b).prepare('DELETE FROM reviews').run();
    // a fixed clock: both restores happen "in the same instant"
    const r1 = run(['restore', a], { env });
    const r2 = run(['restore', b], { env });
    expect([r1.code, r2.code]).toEqual([0, 0]);
    const kept1 = /kept in (\S+)/.exec(r1.stdout)![1]!;
    const kept2 = /kept in (\S+)/.exec(r2.stdout)![1]!;
    expect(kept1).not.toBe(kept2);
    expect(reviewCount(kept1)).toBe(2); // the original, with its 2 answers, survives the second restore
    expect(reviewCount(kept2)).toBe(0);
  });
});

describe('F3: two commands opening a collection that needs a migration', () => {
  it('both succeed, one migrates, one backup is made', async () => {
    const tries = process.env['DEEPCARDS_SLOW'] === '1' ? 20 : 3;
    for (let i = 0; i < tries; i++) {
      const dir = join(t.dir, `race-${i}`);
      mkdirSync(dir);
      const path = join(dir, 'collection.db');
      oldCollection(path, 2, 2000);
      const e = { ...env, DEEPCARDS_DB: path };
      const [x, y] = await Promise.all([runAsync(['status'], e), runAsync(['stats'], e)]);
      expect(x.stderr + y.stderr).toBe('');
      expect([x.code, y.code]).toEqual([0, 0]);
      const d = new Database(path, { readonly: true });
      expect(d.pragma('user_version', { simple: true })).toBe(LATEST);
      expect(d.prepare('SELECT count(*) FROM reviews').pluck().get()).toBe(2000);
      d.close();
      const baks = readdirSync(dir).filter((f) => f.endsWith('.bak'));
      expect(baks).toHaveLength(1);
      expect(reviewCount(join(dir, baks[0]!))).toBe(2000);
    }
  }, 120_000);
});

describe('F4: a bad entry among the bundled decks', () => {
  const cases: [string, (dir: string) => void, RegExp][] = [
    ['dangling symlink', (d) => symlinkSync(join(d, 'nowhere.yaml'), join(d, 'x.yaml')), /x\.yaml:1:1: is a symbolic link to a file that does not exist/],
    ['symlink loop', (d) => { symlinkSync(join(d, 'y.yaml'), join(d, 'x.yaml')); symlinkSync(join(d, 'x.yaml'), join(d, 'y.yaml')); }, /x\.yaml:1:1: is a symbolic link loop/],
    ['directory named *.yaml', (d) => mkdirSync(join(d, 'x.yaml')), /x\.yaml:1:1: is a directory, not a deck file/],
    ['FIFO named *.yaml', (d) => expect(spawnSync('mkfifo', [join(d, 'x.yaml')]).status).toBe(0), /x\.yaml:1:1: is not a regular file \(a named pipe\); not read/],
  ];
  for (const [name, make, message] of cases) {
    it(`${name}: a located error from status, decks check and decks sync, no stack trace, no hang`, () => {
      make(env['DEEPCARDS_DECKS']!);
      for (const args of [['status'], ['decks', 'check'], ['decks', 'sync']]) {
        const r = run(args, { env }); // 30 s timeout: a hang would fail here
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
        expect(r.stderr).toMatch(message);
        noStack(r.stderr);
      }
    });
  }
  it.runIf(!isRoot)('an unreadable file: a located error', () => {
    const f = join(env['DEEPCARDS_DECKS']!, 'x.yaml');
    writeFileSync(f, 'topic: x\n');
    chmodSync(f, 0);
    const r = run(['status'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/x\.yaml:1:1: cannot be read: permission denied/);
  });
});

describe('F5: a read-only collection on a read-only mount', () => {
  it('status, stats, card list, backup and doctor --dry-run still show it (tmpfs remounted read-only)', () => {
    const mnt = join(t.dir, 'ro');
    mkdirSync(mnt);
    if (!isRoot || spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt]).status !== 0) {
      console.warn('F5 mount test skipped: cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)');
      return;
    }
    try {
      const path = join(mnt, 'collection.db');
      const e = { ...env, DEEPCARDS_DB: path };
      expect(run(['--new', '2'], { input: '\n5\n\n5\n', env: e }).code).toBe(0);
      expect(existsSync(`${path}-wal`)).toBe(false);
      expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
      for (const args of [['status'], ['stats'], ['card', 'list'], ['doctor', '--dry-run']]) {
        const r = run(args, { env: e });
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
        noStack(r.stderr);
        expect(r.stderr).not.toMatch(/SQLITE_|unable to open/);
      }
      expect(run(['status'], { env: e }).stderr).toContain('is read-only: showing it as it is');
      const copy = join(t.dir, 'copy.db');
      const b = run(['backup', '-o', copy], { env: e });
      expect(b.stderr).toBe('');
      expect(reviewCount(copy)).toBe(2);
      // answering is refused in one line, nothing written
      const r = run(['--new', '2'], { input: '\n5\n', env: e });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('collection is read-only');
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});

describe('F6: a damaged collection is named, with the next step', () => {
  it('points at doctor and at the newest backup', () => {
    expect(run(['--new', '2'], { input: '\n5\n\n5\n', env }).code).toBe(0);
    expect(run(['backup'], { env }).code).toBe(0);
    // damage the pages after the header (the schema page stays readable)
    const bytes = readFileSync(db);
    for (let i = 4096; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff;
    writeFileSync(db, bytes);
    const r = run(['stats'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(db);
    expect(r.stderr).toContain('deepcards doctor');
    expect(r.stderr).toMatch(/deepcards restore \S+backups\/collection-manual-/);
    expect(r.stderr).not.toContain('everything recorded before it is safe');
  });
});

describe('F6: a nearly full disk', () => {
  it('is reported as a full disk with the room left and what to do, not "disk I/O error"', () => {
    const mnt = join(t.dir, 'small');
    mkdirSync(mnt);
    if (!isRoot || spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt]).status !== 0) {
      console.warn('F6 full-disk test skipped: cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)');
      return;
    }
    try {
      const path = join(mnt, 'collection.db');
      const e = { ...env, DEEPCARDS_DB: path };
      expect(run(['--new', '2'], { input: '\n5\n\n5\n', env: e }).code).toBe(0);
      // fill the file system but for 8 kB (tmpfs hands out whole 4 kB pages)
      const filler = join(mnt, 'filler');
      const fd = openSync(filler, 'w');
      try {
        for (;;) writeSync(fd, Buffer.alloc(4096, 1));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        closeSync(fd);
      }
      truncateSync(filler, statSync(filler).size - 8192);
      const r = run(['--new', '2'], { input: '\n5\n\n5\n', env: e });
      expect(r.code, r.stdout).toBe(1);
      expect(r.stderr).toMatch(/the disk is full \(\d+ kB free in \S+\)/);
      expect(r.stderr).toContain('Free some space and run the command again');
      expect(r.stderr).toContain(path);
      expect(r.stderr).not.toMatch(/internal error|disk I\/O error/);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});

describe('F7: temporary files and pre-migration backups', () => {
  it('doctor reports and removes the journals a killed backup left', () => {
    expect(run(['--new', '1'], { input: '\n5\n', env }).code).toBe(0);
    const backups = join(t.dir, 'backups');
    mkdirSync(backups, { recursive: true });
    const left = [
      join(backups, 'collection-2026-03-01.db.tmp-999999999-journal'),
      join(t.dir, 'collection.db.restore.tmp-999999998-journal'),
      join(t.dir, 'collection.db.v3-2026-03-02T09-00-00-000Z.bak.tmp-999999997'),
      join(backups, 'collection-2026-02-01.db-journal'), // its database is gone
    ];
    for (const f of left) writeFileSync(f, 'x');
    const dry = run(['doctor', '--dry-run'], { env });
    expect(dry.stdout).toMatch(/would fix\s+temporary files\s+4 left by/);
    const fix = run(['doctor'], { env });
    expect(fix.stdout).toMatch(/fixed\s+temporary files\s+4 left by/);
    for (const f of left) expect(existsSync(f)).toBe(false);
  });

  it('the pre-migration .bak is a complete copy under its final name, nothing else left', () => {
    oldCollection(db, 3, 500);
    expect(run(['status'], { env }).code).toBe(0);
    const baks = readdirSync(t.dir).filter((f) => f.endsWith('.bak'));
    expect(baks).toHaveLength(1);
    expect(reviewCount(join(t.dir, baks[0]!))).toBe(500);
    expect(readdirSync(t.dir).filter((f) => /tmp|journal/.test(f))).toEqual([]);
  });
});

describe('F8: control characters never reach the terminal', () => {
  it('an unreadable answer is echoed escaped', () => {
    const e = { ...env, DEEPCARDS_DECKS: E2E_DECKS };
    const r = run(['ask', 'conv-output'], { input: '\x1b]0;pwned\x07\x1b[2J\n', env: e });
    const all = r.stdout + r.stderr;
    expect(all).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(all).toContain('\\x1b]0;pwned\\x07');
  });

  it('decks check refuses ESC, BEL and NUL in deck text, located', () => {
    const f = join(t.dir, 'bad.yaml');
    writeFileSync(f, 'topic: bad\ntitle: Bad\ndescription: d\ncards:\n  - id: bad.a\n    type: basic\n    front: "x\x1b[2J"\n    back: b\x07 and \x00\n    sheet: [1]\n');
    const r = run(['decks', 'check', f], { env });
    expect(r.code).toBe(1);
    // line 7 `    front: "x`: 4 spaces + `front: ` (7) + `"x` → ESC in column 14;
    // line 8 `    back: b`: 4 + `back: ` (6) + `b` → BEL in column 12, then ` and ` → NUL in column 18
    expect(r.stderr).toContain('bad.yaml:7:14: control character U+001B (ESC) is not allowed');
    expect(r.stderr).toContain('bad.yaml:8:12: control character U+0007 (BEL)');
    expect(r.stderr).toContain('bad.yaml:8:18: control character U+0000 (NUL)');
    expect(r.stderr).not.toContain('\x1b');
  });
});

describe('F9: a huge deck file', () => {
  it('a 50 MB deck with one error is refused at once, in bounded memory', () => {
    const f = join(t.dir, 'huge.yaml');
    const card = (i: number): string => `  - id: huge.c${i}\n    type: basic\n    front: Question ${i} ${'x'.repeat(60)}\n    back: Answer\n    sheet: [1]\n`;
    const parts = ['topic: huge\ntitle: Huge\ndescription: d\ncards:\n'];
    let size = parts[0]!.length;
    for (let i = 0; size < 50 * 1024 * 1024; i++) {
      const c = card(i);
      parts.push(c);
      size += c.length;
    }
    parts.push('  - id: huge.bad\n    type: nonsense\n');
    writeFileSync(f, parts.join(''));
    const started = Date.now();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, 'decks', 'check', f], { env: baseEnv(env), encoding: 'utf8', timeout: 30_000 });
    const ms = Date.now() - started;
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/huge\.yaml:1:1: is 50\.0 MB; a deck file may be at most 4\.0 MB/);
    expect(ms).toBeLessThan(5_000);
    const kb = Number(r.stderr.trim().split('\n').at(-1));
    if (Number.isFinite(kb)) expect(kb).toBeLessThan(300 * 1024); // peak RSS under 300 MB (was 2.7 GB)
  }, 60_000);
});

describe('collection file and sync', () => {
  it('a zero-byte file at the collection path is refused and left as it is', () => {
    writeFileSync(db, '');
    for (const args of [['status'], ['--new', '1']]) {
      const r = run(args, { input: '\n5\n', env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${db}: the file is empty (0 bytes), not a deepcards collection; left untouched`);
    }
    expect(statSync(db).size).toBe(0);
  });

  it('a new collection appears complete (never an empty file), and nothing temporary is left', () => {
    expect(run(['status'], { env }).code).toBe(0);
    expect(integrity(db)).toBe('ok');
    expect(readdirSync(t.dir).filter((f) => /tmp/.test(f))).toEqual([]);
  });

  it('a failing decks sync validates before it writes the day\'s backup', () => {
    expect(run(['--new', '1'], { input: '\n5\n', env }).code).toBe(0);
    const bad = join(t.dir, 'bad.yaml');
    writeFileSync(bad, 'topic: bad\ncards: nonsense\n');
    const next = { ...env, DEEPCARDS_NOW: '2026-03-03T09:00:00' };
    const r = run(['decks', 'sync', bad], { env: next });
    expect(r.code).toBe(1);
    expect(existsSync(join(t.dir, 'backups', 'collection-2026-03-03.db'))).toBe(false);
  });

  it('the decks sync summary counts cards whose position changed', () => {
    const deck = join(t.dir, 'extra.yaml');
    const card = (id: string): string => `  - id: extra.${id}\n    type: basic\n    front: f ${id}\n    back: b\n    sheet: [5]\n`;
    const head = 'topic: extra\ntitle: Extra\ndescription: d\ncards:\n';
    writeFileSync(deck, head + card('a') + card('b'));
    expect(run(['decks', 'sync', deck], { env }).stdout).toContain('2 added');
    // same content, order swapped: both cards move (position = sheet line × 1000 + index in the deck)
    writeFileSync(deck, head + card('b') + card('a'));
    const r = run(['decks', 'sync', deck], { env });
    expect(r.stdout).toContain('0 added, 0 updated (schedules kept), 2 moved (new position in the sheet order), 0 retired (history kept), 0 restored, 0 unchanged');
  });

});
