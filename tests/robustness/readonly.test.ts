// A read-only collection: a one-line error, exit 1, the file left byte for byte; a backup of it works.
// `chmod 444` means nothing to root, so each case uses a mechanism that holds for whoever runs the
// tests: the immutable attribute (chattr +i: root, on file systems that support it), and the CLI run
// as an unprivileged user (spawn's uid/gid when root, or simply the current user when not root).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseEnv, BIN, run, tempDir } from '../cli/harness.js';
import { reviewCount, writeDecks } from './session.js';

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
let t: ReturnType<typeof tempDir>;
let db: string;
let env: Record<string, string>;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 'collection.db');
  env = { DEEPCARDS_DB: db, DEEPCARDS_DECKS: writeDecks(join(t.dir, 'decks'), 10) };
  expect(run(['--new', '2'], { input: '\n5\n\n5\n', env }).code).toBe(0);
});
afterEach(() => {
  spawnSync('chattr', ['-i', db]);
  t.cleanup();
});

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Can we set the immutable attribute on a file in the temporary directory? (root, ext4/xfs/btrfs…) */
function chattrWorks(): boolean {
  if (!isRoot) return false;
  const probe = tempDir();
  try {
    const f = join(probe.dir, 'probe');
    writeFileSync(f, 'x');
    if (spawnSync('chattr', ['+i', f]).status !== 0) return false;
    spawnSync('chattr', ['-i', f]);
    return true;
  } catch {
    return false;
  } finally {
    probe.cleanup();
  }
}

function expectRefused(r: { code: number | null; stderr: string }): void {
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(`${db}: collection is read-only (no write permission); left untouched`);
}

describe('a read-only collection', () => {
  it.runIf(chattrWorks())('immutable (chattr +i, holds for root): refused and untouched; backup still works', () => {
    const before = sha(db);
    expect(spawnSync('chattr', ['+i', db]).status).toBe(0);
    expectRefused(run(['--new', '2'], { input: '\n5\n', env }));
    expectRefused(run(['card', 'suspend', 'robust.card-0'], { env }));
    const out = join(t.dir, 'copy.db');
    const b = run(['backup', '-o', out], { env });
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(reviewCount(out)).toBe(2);
    expect(sha(db)).toBe(before); // (the read-only backup leaves SQLite's -shm/-wal beside it: empty, harmless)
  });

  it('no write permission, as a user that permissions apply to: refused and untouched', () => {
    if (isRoot) {
      // the CLI runs as nobody: the directory is theirs (SQLite may create -shm there), the file is 444
      chownSync(t.dir, NOBODY, NOBODY);
      chownSync(db, NOBODY, NOBODY);
      chmodSync(t.dir, 0o755);
    }
    chmodSync(db, 0o444);
    const before = sha(db);
    const as = isRoot ? { uid: NOBODY, gid: NOBODY } : {};
    const cli = (args: string[], input = ''): { code: number | null; stderr: string } => {
      const r = spawnSync(process.execPath, [BIN, ...args], { env: baseEnv(env), input, encoding: 'utf8', ...as });
      return { code: r.status, stderr: r.stderr };
    };
    expectRefused(cli(['--new', '2'], '\n5\n'));
    // commands that only read still show it, read-only, and say so
    const status = spawnSync(process.execPath, [BIN, 'status', '--json'], { env: baseEnv(env), encoding: 'utf8', ...as });
    expect(status.status).toBe(0);
    expect(status.stderr).toContain(`${db} is read-only: showing it as it is`);
    expect(JSON.parse(status.stdout).reviewedToday).toBe(2);
    const copy = join(t.dir, 'copy.db');
    const b = cli(['backup', '-o', copy]);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(existsSync(copy)).toBe(true);
    expect(sha(db)).toBe(before);
  });
});
