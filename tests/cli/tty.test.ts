// The interactive session on a real terminal: tmux runs the CLI, send-keys types single keys,
// capture-pane reads the screen. Skipped (with a message) where tmux is not installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, E2E_DECKS, openDb, tempDir } from './harness.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const session = `deepcards-test-${process.pid}`;
let t: ReturnType<typeof tempDir>;

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', session);
async function waitFor(text: string, ms = 10_000): Promise<string> {
  const start = Date.now();
  for (;;) {
    const s = screen();
    if (s.includes(text)) return s;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const keys = async (...k: string[]): Promise<void> => {
  for (const key of k) {
    tmux('send-keys', '-t', session, key);
    await new Promise((r) => setTimeout(r, 150));
  }
};

describe.skipIf(!hasTmux)('a session on a terminal (tmux)', () => {
  beforeAll(() => {
    t = tempDir();
    const db = join(t.dir, 'c.db');
    const cmd = `NO_COLOR=1 TZ=UTC DEEPCARDS_NOW=2026-03-02T09:00:00 DEEPCARDS_DB=${db} DEEPCARDS_DECKS=${E2E_DECKS} ${process.execPath} ${BIN} --new 3; echo EXIT=$?; sleep 60`;
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', cmd);
  });
  afterAll(() => {
    spawnSync('tmux', ['kill-session', '-t', session]);
    t.cleanup();
  });

  it('one card per screen: Space reveals, digits grade, Enter gives the default grade, u undoes, ? helps, q ends with a summary', async () => {
    let s = await waitFor('show answer');
    expect(s).toMatch(/1\/3 · alpha · new · basic +due 0 · new 3 · again today 0/);
    expect(s).toContain('What is σ(x)?');
    tmux('resize-window', '-t', session, '-x', '60', '-y', '30'); // re-drawn at the new width
    s = await waitFor(`${'─'.repeat(60)}\n`);
    expect(s).not.toContain('─'.repeat(61));
    tmux('resize-window', '-t', session, '-x', '120', '-y', '40');
    await waitFor('─'.repeat(100));
    await keys('x'); // an unknown key gets a one-line hint
    s = await waitFor('unknown key "x"');
    await keys('Space');
    s = await waitFor('EF −0.14');
    expect(s).toContain('1/(1 + e⁻ˣ)');
    expect(s).toContain('3 · 1d · EF −0.14');
    expect(s).not.toMatch(/\\[a-z]+/);
    await keys('2'); // fails → again today
    s = await waitFor('2/3 · alpha · new');
    expect(s).not.toContain('What is σ(x)?'); // one card per screen
    expect(s).toContain('again today 1');
    await keys('u'); // undo: back to card 1
    s = await waitFor('undone');
    expect(s).toContain('What is σ(x)?');
    await keys('Space', '5');
    await waitFor('2/3 · alpha · new');
    await keys('?');
    await waitFor('bury it until tomorrow');
    await keys('?'); // any key closes the help
    await keys('Enter', 'Enter'); // reveal, default grade 4
    await waitFor('3/3 · alpha · new');
    await keys('q');
    s = await waitFor('EXIT=0');
    expect(s).toContain('Session summary');
    expect(s).not.toContain('What is'); // the summary is on the normal screen, the cards are gone
    expect(s).toMatch(/new 2 · re-drills 0 · accuracy 100% \(2\/2 passed\)/);
    const d = openDb(join(t.dir, 'c.db'));
    expect(d.prepare('SELECT item_id, grade FROM reviews ORDER BY id').all()).toEqual([
      { item_id: 'alpha.sigmoid', grade: 5 },
      { item_id: 'alpha.bn#c1', grade: 4 },
    ]);
    d.close();
  });
});
