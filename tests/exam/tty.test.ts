// `exam --take` on a real terminal (tmux, 80×24), as a student sits it: the countdown in the prompt
// ticks while nobody types; q opens the menu; handing in with questions open asks first (n goes on);
// Ctrl-C twice and y abandon the sitting, and nothing is saved. Skipped, with the reason, when tmux is
// not installed. Needs the build (npm run build).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const TMUX = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).stdout.trim() || null;
if (!TMUX) console.warn('tests/exam/tty.test.ts: SKIPPED — tmux is not installed (apt-get install -y tmux)');

const dir = mkdtempSync(join(tmpdir(), 'dc-exam-tty-'));
const session = `dc-exam-${process.pid}`;
afterAll(() => {
  spawnSync('tmux', ['kill-session', '-t', session]);
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const tmux = (...args: string[]): string => spawnSync('tmux', args, { encoding: 'utf8' }).stdout;
const screen = (): string => tmux('capture-pane', '-p', '-t', session);
const send = (...keys: string[]): string => tmux('send-keys', '-t', session, ...keys);

/** Waits until the screen matches `re` (the sitting runs in real time). */
async function until(re: RegExp, ms = 10_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const s = screen();
    if (re.test(s)) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${re}; screen:\n${s}`);
    await sleep(100);
  }
}

describe.skipIf(!TMUX)('exam --take in tmux at 80×24', () => {
  it('countdown ticks; hand-in with open questions asks; Ctrl-C, Ctrl-C, y abandons without saving', async () => {
    const db = join(dir, 'c.db');
    const script = join(dir, 'run.sh');
    writeFileSync(script, [
      '#!/bin/sh',
      `export DEEPCARDS_DB='${db}' DEEPCARDS_DECKS='${join(ROOT, 'tests/fixtures/exam/decks')}' XDG_CACHE_HOME='${join(dir, 'cache')}' NO_COLOR=1`,
      `'${process.execPath}' '${join(ROOT, 'bin/deepcards.js')}' exam --take --seed 5 --count 4 --minutes 5`,
      'echo "[exit $?]"',
      'sleep 60',
    ].join('\n'), { mode: 0o755 });
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', script);

    const first = await until(/\[\d:\d\d\] .*›/);
    const stamp = (s: string): number => {
      const m = [...s.matchAll(/\[(\d):(\d\d)\] /g)].pop()!;
      return Number(m[1]) * 60 + Number(m[2]);
    };
    await sleep(2500);
    const later = screen();
    // nobody typed, and the prompt's time went down by 2–3 s
    expect(stamp(first) - stamp(later)).toBeGreaterThanOrEqual(2);
    expect(stamp(first) - stamp(later)).toBeLessThanOrEqual(4);
    for (const line of later.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);

    send('q');
    await until(/h hands in · a abandons \(nothing saved\) · c goes on/);
    send('h');
    await until(/4 questions are unanswered: hand in anyway\? y \/ n ›/);
    send('n');
    await until(/── 1\/4 .*\n[\s\S]*›\s*$/m);
    send('C-c');
    await until(/Paused · 0\/4 answered/);
    send('C-c');
    await until(/abandon this sitting\? nothing is saved · y \/ n ›/);
    send('y');
    const end = await until(/\[exit \d+\]/);
    expect(end).toContain('Sitting abandoned: nothing saved');
    expect(end).toContain('[exit 0]');
    const d = new Database(db, { readonly: true });
    expect(d.prepare('SELECT count(*) FROM exams').pluck().get()).toBe(0);
    expect(d.prepare('SELECT count(*) FROM items WHERE due IS NOT NULL').pluck().get()).toBe(0);
    d.close();
  });
});

it('tmux presence is reported', () => {
  if (!TMUX) console.warn('tests/exam/tty.test.ts: the terminal checks were skipped: tmux is not installed');
  expect(TMUX === null || TMUX.length > 0).toBe(true);
});
