// Helpers for the robustness tests: a deck big enough for many sessions, a piped session driven line by
// line, and the invariants checked after each mishap.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { baseEnv, BIN } from '../cli/harness.js';
import { loadMigrations } from '../../src/store/migrate.js';
import { openCollection } from '../../src/store/open.js';

/** A decks directory with one topic of `n` basic cards. */
export function writeDecks(dir: string, n = 60): string {
  mkdirSync(dir, { recursive: true });
  const lines = ['topic: robust', 'title: Robustness', 'description: cards for the robustness tests', 'cards:'];
  for (let i = 0; i < n; i++) lines.push(`  - id: robust.card-${i}`, '    type: basic', `    front: Question number ${i}?`, `    back: Answer ${i}.`, `    sheet: [${i + 1}]`);
  writeFileSync(join(dir, 'robust.yaml'), `${lines.join('\n')}\n`);
  return dir;
}

/** A seeded PRNG (mulberry32): the same seed replays the same kills. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Session {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  /** Answers acknowledged so far ("recorded grade" lines). */
  acks: () => number;
  exited: Promise<number | null>;
  waitFor: (pred: (out: string) => boolean, ms?: number) => Promise<void>;
  send: (line: string) => void;
}

export function startSession(args: string[], env: Record<string, string>, opts: { uid?: number; gid?: number } = {}): Session {
  const child = spawn(process.execPath, [BIN, ...args], { env: baseEnv(env), stdio: ['pipe', 'pipe', 'pipe'], ...opts });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  child.stdin!.on('error', () => undefined); // EPIPE once the session is gone
  const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
  return {
    child,
    out: () => out,
    err: () => err,
    acks: () => (out.match(/recorded grade/g) ?? []).length,
    exited,
    waitFor: (pred, ms = 20_000) =>
      new Promise((res, rej) => {
        const started = Date.now();
        const tick = (): void => {
          if (pred(out)) res();
          else if (child.exitCode !== null || Date.now() - started > ms) rej(new Error(`waited in vain; stdout:\n${out}\nstderr:\n${err}`));
          else setTimeout(tick, 5);
        };
        tick();
      }),
    send: (line) => {
      if (child.stdin!.writable) child.stdin!.write(`${line}\n`);
    },
  };
}

/** Answer the cards one at a time: Enter, then a grade, waiting for each acknowledgement. */
export async function answer(s: Session, count: number, grade = '4'): Promise<void> {
  for (let i = 0; i < count; i++) {
    const before = s.acks();
    await s.waitFor((o) => o.split('show answer').length - 1 > before);
    s.send('');
    s.send(grade);
    await s.waitFor(() => s.acks() === before + 1);
  }
}

/**
 * `f` on the file, read-only. A process killed while it wrote can leave a hot journal or a WAL that
 * needs recovery, which a read-only connection cannot replay ("attempt to write a readonly database",
 * SQLITE_READONLY_ROLLBACK or _RECOVERY, depending on where the kill fell; seen once in CI after a
 * kill during restore). Then the file is opened as the next deepcards command opens it, read-write,
 * which replays it.
 */
export function withDb<T>(path: string, f: (db: Database.Database) => T): T {
  const open = (readonly: boolean): Database.Database => new Database(path, { readonly, fileMustExist: true });
  let db = open(true);
  try {
    return f(db);
  } catch (e) {
    if (!String((e as { code?: string }).code).startsWith('SQLITE_READONLY')) throw e;
    db.close();
    db = open(false);
    return f(db);
  } finally {
    db.close();
  }
}

export function reviewCount(path: string): number {
  return withDb(path, (d) => d.prepare('SELECT count(*) FROM reviews').pluck().get() as number);
}

export function integrity(path: string): string {
  return withDb(path, (d) => String(d.pragma('integrity_check', { simple: true })));
}

/** review_days (migration 003) equals the GROUP BY over the log: a kill never splits the trigger from its row. */
export function summaryMatchesLog(path: string): boolean {
  return withDb(path, (d) => {
    const has = d.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'review_days'").pluck().get() as number;
    if (!has) return true;
    const byLog = `SELECT day, substr(item_id, 1, instr(item_id, '.') - 1), kind, interval_before >= 21, count(*), sum(grade >= 3), sum(duration_ms) FROM reviews GROUP BY 1, 2, 3, 4`;
    const stored = 'SELECT day, topic, kind, mature, n, passed, ms FROM review_days';
    return (d.prepare(`SELECT (SELECT count(*) FROM (${byLog} EXCEPT ${stored})) + (SELECT count(*) FROM (${stored} EXCEPT ${byLog}))`).pluck().get() as number) === 0;
  });
}

/**
 * A collection at schema `version` (default: the latest) with one card and `reviews` review rows: the
 * state an older deepcards left, big enough that copying or migrating it takes a while.
 */
export function seedCollection(path: string, reviews: number, version?: number): void {
  const migrations = loadMigrations('migrations');
  const d = openCollection(path, { migrations: migrations.slice(0, version ?? migrations.length), now: 0 });
  d.prepare("INSERT INTO cards (id, topic, type, content, hash, position, added_at, modified_at) VALUES ('robust.card-0', 'robust', 'basic', '{}', 'h', 1, 0, 0)").run();
  d.prepare("INSERT INTO items (id, card_id, ord) VALUES ('robust.card-0', 'robust.card-0', 0)").run();
  const ins = d.prepare(`INSERT INTO reviews (item_id, session, reviewed_at, day, kind, grade, duration_ms, reps_before, ef_before,
    interval_before, due_before, lapses_before, suspended_before, leech_before, reps_after, ef_after, interval_after, due_after, lapses_after)
    VALUES ('robust.card-0', 0, ?, ?, 'review', 4, 1000, 1, 2500, 1, ?, 0, 0, 0, 2, 2500, 6, ?, 0)`);
  d.transaction(() => {
    for (let i = 0; i < reviews; i++) ins.run(i, 20000 + (i % 50), 20000, 20006);
  })();
  d.close();
}

export function userVersion(path: string): number {
  return withDb(path, (d) => d.pragma('user_version', { simple: true }) as number);
}
