// Issue 14, in process: the pure parts (control characters, the sanitiser, failure messages) and the
// store's file handling (never-overwritten copies, leftovers, deck entries that are not files).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlCharErrors } from '../../src/decks/control-chars.js';
import { decksFingerprint } from '../../src/decks/fingerprint.js';
import { loadDecks } from '../../src/decks/load.js';
import { readDeckBytes } from '../../src/decks/read-file.js';
import { orphanJournals, restoreCollection, snapshot, snapshotUnique, staleTempFiles } from '../../src/store/backup.js';
import { describeSqliteFailure } from '../../src/store/failure.js';
import { latestVersion, loadMigrations } from '../../src/store/migrate.js';
import { openCollection, type Db } from '../../src/store/open.js';
import { visible, visibleLine } from '../../src/ui/sanitize.js';
import { renderLatex } from '../../src/render/latex-unicode.js';

const migrations = loadMigrations('migrations');
const LATEST = latestVersion(migrations);
let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dc-faults-'));
  path = join(dir, 'collection.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function collection(p: string, cards: number): Db {
  const db = openCollection(p, { migrations, now: 0 });
  const ins = db.prepare("INSERT INTO cards (id, topic, type, content, hash, position, added_at, modified_at) VALUES (?, 't', 'basic', '{}', 'h', ?, 0, 0)");
  for (let i = 0; i < cards; i++) ins.run(`t.c${i}`, i);
  return db;
}

const cards = (p: string): number => {
  const d = new Database(p, { readonly: true });
  try {
    return d.prepare('SELECT count(*) FROM cards').pluck().get() as number;
  } finally {
    d.close();
  }
};

describe('controlCharErrors (F8)', () => {
  it('locates each control character by line and column', () => {
    // "ab\x1b" → ESC at 1:3; line 2 "\tx\x07" → tab allowed, BEL at 2:3; line 3 "\x00" at 3:1; C1 CSI at 3:3
    const errors = controlCharErrors('ab\x1b\n\tx\x07\n\x00y\u009b\n', 'f.yaml');
    expect(errors.map((e) => `${e.line}:${e.col} ${e.message.split(' is ')[0]}`)).toEqual([
      '1:3 control character U+001B (ESC)',
      '2:3 control character U+0007 (BEL)',
      '3:1 control character U+0000 (NUL)',
      '3:3 control character U+009B (CSI)',
    ]);
  });
  it('accepts tab, line feed, carriage return and ordinary Unicode', () => {
    expect(controlCharErrors('a\tb\r\nσ → ∞ ü\n', 'f.yaml')).toEqual([]);
  });
});

describe('the terminal sanitiser (F8)', () => {
  it('escapes every control character but keeps text', () => {
    expect(visibleLine('\x1b]0;pwned\x07 12\n')).toBe('\\x1b]0;pwned\\x07 12\\x0a');
    expect(visible('a\tb\nc\x1b[2J\u009b')).toBe('a\tb\nc\\x1b[2J\\x9b');
    expect(visible('σ² ≥ 0')).toBe('σ² ≥ 0');
  });
  it('deck text on its way to the terminal (renderLatex) comes out escaped', () => {
    expect(renderLatex('clear\x1b[2J and $\\alpha$\x07')).toBe('clear\\x1b[2J and α\\x07');
  });
});

describe('safety copies (F1)', () => {
  it('snapshot with overwrite: false refuses an existing file and leaves it as it was', () => {
    const db = collection(path, 3);
    const target = join(dir, 'copy.db');
    writeFileSync(target, 'precious');
    expect(() => snapshot(db, target, { overwrite: false })).toThrow(/EEXIST/);
    expect(existsSync(`${target}.tmp-${process.pid}`)).toBe(false);
    db.close();
  });
  it('snapshotUnique gives each copy of the same instant its own name', () => {
    const db = collection(path, 3);
    const a = snapshotUnique(db, dir, 'x');
    db.prepare("INSERT INTO cards (id, topic, type, content, hash, position, added_at, modified_at) VALUES ('t.more', 't', 'basic', '{}', 'h', 9, 0, 0)").run();
    const b = snapshotUnique(db, dir, 'x');
    expect([a, b]).toEqual([join(dir, 'x.db'), join(dir, 'x-2.db')]);
    expect([cards(a), cards(b)]).toEqual([3, 4]);
    db.close();
  });
  it('two restores at the same millisecond keep both replaced collections', () => {
    collection(path, 5).close();
    const one = join(dir, 'one.db');
    const two = join(dir, 'two.db');
    collection(one, 1).close();
    collection(two, 2).close();
    const now = Date.UTC(2026, 2, 2, 9);
    const r1 = restoreCollection(path, one, LATEST, now);
    const r2 = restoreCollection(path, two, LATEST, now);
    expect(r1.previous).not.toBe(r2.previous);
    expect([cards(r1.previous!), cards(r2.previous!), cards(path)]).toEqual([5, 1, 2]);
  });
});

describe('leftovers (F7)', () => {
  it('stale temporary files include their journals; orphan journals in backups/ are found', () => {
    mkdirSync(join(dir, 'backups'));
    const stale = [
      join(dir, 'backups', 'collection-2026-03-01.db.tmp-999999999'),
      join(dir, 'backups', 'collection-2026-03-01.db.tmp-999999999-journal'),
      join(dir, 'collection.db.create.tmp-999999998-journal'),
      join(dir, 'collection.db.v3-x.bak.tmp-999999997'),
    ];
    const kept = [join(dir, 'backups', 'collection-2026-03-02.db'), join(dir, 'backups', 'collection-2026-03-02.db-journal')];
    const orphan = join(dir, 'backups', 'collection-2026-02-01.db-wal');
    for (const f of [...stale, ...kept, orphan]) writeFileSync(f, 'x');
    expect(staleTempFiles(path).sort()).toEqual([...stale].sort());
    expect(orphanJournals(path)).toEqual([orphan]); // the journal beside an existing backup is not touched
  });
});

describe('deck entries that are not readable files (F4, F9)', () => {
  it('each is reported located, a FIFO is never opened for a blocking read', () => {
    const d = join(dir, 'decks');
    mkdirSync(d);
    symlinkSync(join(d, 'nowhere.yaml'), join(d, 'a-dangling.yaml'));
    symlinkSync(join(d, 'b-loop.yaml'), join(d, 'b-loop.yaml'));
    mkdirSync(join(d, 'c-dir.yaml'));
    expect(spawnSync('mkfifo', [join(d, 'd-fifo.yaml')]).status).toBe(0);
    writeFileSync(join(d, 'e-big.yaml'), Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect(() => decksFingerprint(d)).not.toThrow();
    const r = loadDecks([d]);
    expect(r.errors.map((e) => `${e.file.split('/').at(-1)}:${e.line}:${e.col}: ${e.message}`)).toEqual([
      'a-dangling.yaml:1:1: is a symbolic link to a file that does not exist',
      'b-loop.yaml:1:1: is a symbolic link loop',
      'c-dir.yaml:1:1: is a directory, not a deck file',
      'd-fifo.yaml:1:1: is not a regular file (a named pipe); not read',
      'e-big.yaml:1:1: is 5.0 MB; a deck file may be at most 4.0 MB — split it into several decks',
    ]);
  });
  it('readDeckBytes reads a regular file whole', () => {
    writeFileSync(join(dir, 'x.yaml'), 'topic: x\n');
    const r = readDeckBytes(join(dir, 'x.yaml'));
    expect(r.ok && r.bytes.toString()).toBe('topic: x\n');
  });
});

describe('failure messages (F6)', () => {
  it('a damaged collection: the path, doctor, and the newest backup', () => {
    mkdirSync(join(dir, 'backups'));
    writeFileSync(join(dir, 'backups', 'collection-2026-03-01.db'), 'x');
    const m = describeSqliteFailure('SQLITE_CORRUPT', 'database disk image is malformed', path);
    expect(m).toContain(`${path}: the collection is damaged`);
    expect(m).toContain('deepcards doctor --dry-run');
    expect(m).toContain(`deepcards restore ${join(dir, 'backups', 'collection-2026-03-01.db')}`);
    expect(m).not.toContain('safe');
  });
  it('a full disk says so and says what to do', () => {
    const m = describeSqliteFailure('SQLITE_FULL', 'database or disk is full', path);
    expect(m).toMatch(/the disk is full .* Free some space and run the command again/);
  });
});
