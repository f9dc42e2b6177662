// A full disk in the middle of a session: the collection on a small tmpfs (root with mount rights; the
// test is skipped elsewhere and says so), filled up but for a little room. The answers that fit are
// recorded; the one that does not is refused with a clear error — no "recorded" line for it — and
// the collection stays sound and usable once there is room again.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, tempDir } from '../cli/harness.js';
import { integrity, reviewCount, startSession, summaryMatchesLog, writeDecks } from './session.js';

let t: ReturnType<typeof tempDir>;
let mnt: string;
let mounted = false;
beforeAll(() => {
  t = tempDir();
  mnt = join(t.dir, 'small');
  mkdirSync(mnt);
  if (process.getuid?.() === 0) mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt]).status === 0;
  if (!mounted) console.warn('disk-full test skipped: cannot mount a small tmpfs here (needs root with CAP_SYS_ADMIN)');
});
afterAll(() => {
  if (mounted) spawnSync('umount', [mnt]);
  t.cleanup();
});

/** Fill the file system, leaving about `leave` bytes (tmpfs allocates whole 4 KiB pages). */
function fill(path: string, leave: number): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  // give some room back
  truncateSync(path, Math.max(0, statSync(path).size - leave));
}

describe('a full disk', () => {
  it.runIf(process.getuid?.() === 0)('refuses the answer that does not fit, loses none that were acknowledged', async () => {
    if (!mounted) return;
    const db = join(mnt, 'collection.db');
    const env = { DEEPCARDS_DB: db, DEEPCARDS_DECKS: writeDecks(join(t.dir, 'decks'), 60) };
    expect(run(['status'], { env }).code).toBe(0);
    const before = reviewCount(db);
    const filler = join(mnt, 'filler');
    fill(filler, 64 * 1024);
    const s = startSession(['--new', '40'], env);
    // answer until the session gives up
    for (let i = 0; i < 40 && s.child.exitCode === null; i++) {
      s.send('');
      s.send('5');
      await new Promise((r) => setTimeout(r, 30));
    }
    s.child.stdin!.end();
    const code = await s.exited;
    const acks = s.acks();
    expect(code).toBe(1);
    expect(acks).toBeGreaterThan(0); // some answers fitted…
    expect(acks).toBeLessThan(40); // …and the disk did fill up
    const err = s.err();
    expect(err).toMatch(/daily backup|backup/); // the backup did not fit either: a warning, not a stop
    expect(err).toMatch(/SQLITE_FULL|disk is full/);
    expect(err).not.toMatch(/internal error|at .*\.js:\d+/);
    // the failed backup removed its partial copy (which would hold on to the little room left)
    const backups = join(mnt, 'backups');
    expect(existsSync(backups) ? readdirSync(backups) : []).toEqual([]);
    expect(reviewCount(db) - before).toBe(acks);
    expect(integrity(db)).toBe('ok');
    expect(summaryMatchesLog(db)).toBe(true);
    // room again: the collection works and keeps everything
    rmSync(filler);
    const again = run(['--new', '40'], { input: '\n5\n', env });
    expect(again.code).toBe(0);
    expect(reviewCount(db) - before).toBe(acks + 1);
  }, 60_000);
});
