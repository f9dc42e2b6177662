// SIGKILL at random moments of piped sessions — during start-up, the migration, the daily backup, the
// deck sync, an answer's commit — and after each: integrity_check ok, every acknowledged answer in the
// log (at most one more: committed, killed before it could say so), the stats summary equal to the
// log, and every file with a daily backup's name a sound database.
// 8 kills by default; 50 with DEEPCARDS_SLOW=1 (npm run test:slow). DEEPCARDS_SEED replays a run.
// Then kills during `restore` and during a schema migration (4 each by default, 50 each under
// test:slow), spread over the whole of an unkilled run: the old or the new state, never a mix, no
// answer lost, only complete files under a backup's name, and doctor clears what the kill left.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { baseEnv, BIN, ROOT, tempDir } from '../cli/harness.js';
import { latestVersion, loadMigrations } from '../../src/store/migrate.js';
import { integrity, reviewCount, rng, seedCollection, startSession, summaryMatchesLog, userVersion, writeDecks } from './session.js';

const LATEST = latestVersion(loadMigrations('migrations'));

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

/** Spawn `args`, SIGKILL it after `delay` ms (unless it finished); whether the kill landed. */
async function killAfter(args: string[], env: Record<string, string>, delay: number): Promise<{ killed: boolean; code: number | null }> {
  const c = spawn(process.execPath, [BIN, ...args], { env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => c.on('close', (code, signal) => res({ code, signal })));
  const timer = setTimeout(() => c.kill('SIGKILL'), delay);
  const r = await done;
  clearTimeout(timer);
  return { killed: r.signal === 'SIGKILL', code: r.code };
}

/** How long an unkilled run takes, so the kills are spread over the whole of it. */
function timed(args: string[], env: Record<string, string>): number {
  const started = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { env: baseEnv(env), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return Date.now() - started;
}

const ROUNDS = process.env['DEEPCARDS_SLOW'] === '1' ? 50 : 4;

describe(`${ROUNDS} SIGKILLs during restore (seed ${SEED})`, () => {
  it('leave the old or the new collection, sound, and the old one always somewhere', async () => {
    const rand = rng(SEED + 1);
    const template = join(t.dir, 'restore-template');
    mkdirSync(template);
    const original = join(template, 'collection.db');
    const backup = join(template, 'backup.db');
    seedCollection(original, 30_000);
    seedCollection(backup, 10_000);
    const decks = writeDecks(join(t.dir, 'restore-decks'), 5);
    const setup = (k: number): { dir: string; db: string; env: Record<string, string> } => {
      const dir = join(t.dir, `restore-${k}`);
      mkdirSync(dir);
      copyFileSync(original, join(dir, 'collection.db'));
      copyFileSync(backup, join(dir, 'backup.db'));
      return { dir, db: join(dir, 'collection.db'), env: { DEEPCARDS_DB: join(dir, 'collection.db'), DEEPCARDS_DECKS: decks } };
    };
    const probe = setup(-1);
    const full = timed(['restore', join(probe.dir, 'backup.db')], probe.env);
    const problems: string[] = [];
    let landed = 0;
    for (let k = 0; k < ROUNDS; k++) {
      const { dir, db, env } = setup(k);
      const delay = rand() * full;
      const r = await killAfter(['restore', join(dir, 'backup.db')], env, delay);
      if (r.killed) landed++;
      const where = `restore kill ${k + 1} (after ${delay.toFixed(0)} of ${full} ms${r.killed ? '' : ', finished first'})`;
      if (!existsSync(db)) {
        problems.push(`${where}: the collection is missing`);
        continue;
      }
      if (integrity(db) !== 'ok') problems.push(`${where}: integrity_check: ${integrity(db)}`);
      const now = reviewCount(db);
      const backups = existsSync(join(dir, 'backups')) ? readdirSync(join(dir, 'backups')).filter((f) => /before-restore.*\.db$/.test(f)) : [];
      for (const f of backups) if (integrity(join(dir, 'backups', f)) !== 'ok') problems.push(`${where}: ${f} is damaged`);
      if (now === 10_000) {
        // restored: the replaced collection, all 30,000 answers, must be kept
        if (!backups.some((f) => reviewCount(join(dir, 'backups', f)) === 30_000)) problems.push(`${where}: restored, but the replaced collection was not kept`);
      } else if (now !== 30_000) problems.push(`${where}: ${now} reviews (expected 30000 or 10000)`);
      // usable afterwards, and doctor clears what the kill left
      const doctor = spawnSync(process.execPath, [BIN, 'doctor'], { env: baseEnv(env), encoding: 'utf8' });
      if (doctor.status !== 0) problems.push(`${where}: doctor: ${doctor.stdout}${doctor.stderr}`);
      const left = readdirSync(dir).filter((f) => /tmp|journal/.test(f));
      if (left.length) problems.push(`${where}: left after doctor: ${left.join(', ')}`);
    }
    console.info(`${ROUNDS} restore kills: ${landed} landed while restoring (a full restore took ${full} ms)`);
    expect(problems).toEqual([]);
    expect(landed).toBeGreaterThanOrEqual(ROUNDS / 2);
  }, 1_200_000);
});

describe(`${ROUNDS} SIGKILLs during a migration (seed ${SEED})`, () => {
  it('leave the old or the new schema, every answer, and only complete .bak files', async () => {
    const rand = rng(SEED + 2);
    const template = join(t.dir, 'migrate-template.db');
    seedCollection(template, 30_000, 3);
    const decks = writeDecks(join(t.dir, 'migrate-decks'), 5);
    const setup = (k: number): { dir: string; db: string; env: Record<string, string> } => {
      const dir = join(t.dir, `migrate-${k}`);
      mkdirSync(dir);
      copyFileSync(template, join(dir, 'collection.db'));
      return { dir, db: join(dir, 'collection.db'), env: { DEEPCARDS_DB: join(dir, 'collection.db'), DEEPCARDS_DECKS: decks } };
    };
    const probe = setup(-1);
    const full = timed(['status'], probe.env);
    const problems: string[] = [];
    let landed = 0;
    for (let k = 0; k < ROUNDS; k++) {
      const { dir, db, env } = setup(k);
      const delay = rand() * full;
      const r = await killAfter(['status'], env, delay);
      if (r.killed) landed++;
      const where = `migration kill ${k + 1} (after ${delay.toFixed(0)} of ${full} ms${r.killed ? '' : ', finished first'})`;
      if (integrity(db) !== 'ok') problems.push(`${where}: integrity_check: ${integrity(db)}`);
      const v = userVersion(db);
      if (v !== 3 && v !== LATEST) problems.push(`${where}: schema ${v}`);
      if (reviewCount(db) !== 30_000) problems.push(`${where}: ${reviewCount(db)} reviews`);
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.bak'))) {
        // (before the fix, VACUUM INTO wrote straight to this name: a kill left an empty database here)
        let complete: boolean;
        try {
          complete = integrity(join(dir, f)) === 'ok' && reviewCount(join(dir, f)) === 30_000;
        } catch {
          complete = false;
        }
        if (!complete) problems.push(`${where}: ${f} is not a complete copy`);
      }
      // the next command finishes the job
      const t0 = Date.now();
      const again = spawnSync(process.execPath, [BIN, 'status'], { env: baseEnv(env), encoding: 'utf8', timeout: 60_000 });
      if (Date.now() - t0 > 10_000) console.info(`${where}: the next status took ${Date.now() - t0} ms`);
      if (again.status !== 0) problems.push(`${where}: next status: ${again.stderr}`);
      if (userVersion(db) !== LATEST) problems.push(`${where}: not migrated by the next command`);
    }
    console.info(`${ROUNDS} migration kills: ${landed} landed while starting and migrating (an unkilled run took ${full} ms)`);
    expect(problems).toEqual([]);
    expect(landed).toBeGreaterThanOrEqual(ROUNDS / 2);
  }, 1_200_000);
});

describe(`${ROUNDS} SIGKILLs during import anki (seed ${SEED})`, () => {
  it('leave none or all of the package, a sound collection and backup, and the same end state on a re-run', async () => {
    const rand = rng(SEED + 3);
    // Anki's own package (125 answers over five days) onto the bundled decks, at a fixed clock
    const pkg = join(ROOT, 'tests/fixtures/anki/studied-in-anki.apkg');
    const now = { DEEPCARDS_NOW: '2026-12-12T10:00:00' };
    const template = join(t.dir, 'import-template');
    mkdirSync(template);
    const first = spawnSync(process.execPath, [BIN, 'status'], { env: baseEnv({ DEEPCARDS_DB: join(template, 'collection.db'), ...now }), encoding: 'utf8' });
    if (first.status !== 0) throw new Error(first.stderr);
    const setup = (k: number): { dir: string; db: string; env: Record<string, string> } => {
      const dir = join(t.dir, `import-${k}`);
      mkdirSync(dir);
      copyFileSync(join(template, 'collection.db'), join(dir, 'collection.db'));
      return { dir, db: join(dir, 'collection.db'), env: { DEEPCARDS_DB: join(dir, 'collection.db'), ...now } };
    };
    // what an unkilled import leaves: the items' SM-2 state and the imported rows
    const state = (db: string): string => withRows(db, (d) => JSON.stringify([
      d.prepare('SELECT id, reps, ef, interval, due, lapses, again_day FROM items ORDER BY id').all(),
      d.prepare("SELECT item_id, reviewed_at, kind, grade, anki_id FROM reviews WHERE source = 'anki' ORDER BY anki_id").all(),
    ]));
    const imported = (db: string): number => withRows(db, (d) => d.prepare("SELECT count(*) FROM reviews WHERE source = 'anki'").pluck().get() as number);
    const probe = setup(-1);
    const full = timed(['import', 'anki', pkg], probe.env);
    const expected = state(probe.db);
    const all = imported(probe.db);
    expect(all).toBeGreaterThan(0);
    const problems: string[] = [];
    let landed = 0;
    for (let k = 0; k < ROUNDS; k++) {
      const { dir, db, env } = setup(k);
      const delay = rand() * full;
      const r = await killAfter(['import', 'anki', pkg], env, delay);
      if (r.killed) landed++;
      const where = `import kill ${k + 1} (after ${delay.toFixed(0)} of ${full} ms${r.killed ? '' : ', finished first'})`;
      if (integrity(db) !== 'ok') problems.push(`${where}: integrity_check: ${integrity(db)}`);
      const n = imported(db);
      if (n !== 0 && n !== all) problems.push(`${where}: ${n} of ${all} imported rows (a partial import)`);
      if (!summaryMatchesLog(db)) problems.push(`${where}: review_days differs from the review log`);
      const backups = existsSync(join(dir, 'backups')) ? readdirSync(join(dir, 'backups')).filter((f) => /before-anki-import.*\.db$/.test(f)) : [];
      for (const f of backups) if (integrity(join(dir, 'backups', f)) !== 'ok') problems.push(`${where}: ${f} is damaged`);
      // doctor clears what the kill left; importing again ends where an unkilled import ends
      const doctor = spawnSync(process.execPath, [BIN, 'doctor'], { env: baseEnv(env), encoding: 'utf8' });
      if (doctor.status !== 0) problems.push(`${where}: doctor: ${doctor.stdout}${doctor.stderr}`);
      const left = readdirSync(dir).filter((f) => /tmp|journal/.test(f));
      if (left.length) problems.push(`${where}: left after doctor: ${left.join(', ')}`);
      const again = spawnSync(process.execPath, [BIN, 'import', 'anki', pkg], { env: baseEnv(env), encoding: 'utf8' });
      if (again.status !== 0) problems.push(`${where}: re-run: ${again.stderr}`);
      if (state(db) !== expected) problems.push(`${where}: the re-run ends in another state than an unkilled import`);
    }
    console.info(`${ROUNDS} import kills: ${landed} landed while importing (an unkilled import took ${full} ms)`);
    expect(problems).toEqual([]);
    expect(landed).toBeGreaterThanOrEqual(ROUNDS / 2);
  }, 1_200_000);
});

function withRows<T>(path: string, f: (d: Database.Database) => T): T {
  const d = new Database(path, { readonly: true });
  try {
    return f(d);
  } finally {
    d.close();
  }
}
