// The learning loop across sessions, as a user lives it: settings kept in the collection, again-today
// items that survive q and SIGKILL, shuffled choices replayable from the log, numeric cards one can
// give up on, and undo of a suspend or a bury. The built CLI, a temp collection, a fixed clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_DECKS, openDb, run, spawnCli, tempDir } from './harness.js';
import { choiceOrder, numericSeed } from '../../src/session/showing.js';
import { instantiate } from '../../src/questions/registry.js';
import { richToTerminal } from '../../src/render/rich-text.js';

// 2026-03-02 09:00 UTC is study day 20514
const TODAY = Math.floor(Date.UTC(2026, 2, 2) / 86_400_000);
const TOMORROW = { DEEPCARDS_NOW: '2026-03-03T09:00:00' };

let t: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  t = tempDir();
  db = join(t.dir, 'c.db');
});
afterEach(() => t.cleanup());
const env = (extra: Record<string, string> = {}): Record<string, string> => ({ DEEPCARDS_DECKS: E2E_DECKS, DEEPCARDS_DB: db, ...extra });
const q = <T>(sql: string, ...args: unknown[]): T => {
  const d = openDb(db);
  try {
    return d.prepare(sql).all(...args) as T;
  } finally {
    d.close();
  }
};

describe('deepcards config', () => {
  it('set, get, list --json and unset; a bad key or value exits 2 and changes nothing', () => {
    expect(run(['config', 'get', 'new-per-day'], { env: env() }).stdout).toBe('20\n');
    const set = run(['config', 'set', 'new-per-day', '2'], { env: env() });
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('new-per-day = 2\n');
    expect(run(['config', 'set', 'default-grade', '5'], { env: env() }).code).toBe(0);
    const bad = run(['config', 'set', 'default-grade', '7'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('default-grade: expected a whole number from 3 to 5, got 7');
    expect(run(['config', 'set', 'nosuch', '1'], { env: env() }).code).toBe(2);
    expect(run(['config', 'set', 'topics', 'alpha,nosuch'], { env: env() }).code).toBe(2);
    const list = JSON.parse(run(['config', 'list', '--json'], { env: env() }).stdout);
    const byKey = new Map(list.settings.map((r: { key: string }) => [r.key, r]));
    expect(byKey.get('new-per-day')).toMatchObject({ value: '2', set: true, default: '20' });
    expect(byKey.get('default-grade')).toMatchObject({ value: '5', set: true });
    expect(byKey.get('leech-threshold')).toMatchObject({ value: '8', set: false });
    expect(run(['config', 'unset', 'default-grade'], { env: env() }).code).toBe(0);
    expect(run(['config', 'get', 'default-grade'], { env: env() }).stdout).toBe('4\n');
  });

  it('a session reads new-per-day, topics and default-grade; a flag overrides for one run', () => {
    run(['config', 'set', 'new-per-day', '1'], { env: env() });
    run(['config', 'set', 'default-grade', '5'], { env: env() });
    const r = run([], { input: '\n\n', env: env() }); // reveal, Enter = default grade 5
    expect(r.stdout).toContain('0 due, 1 new');
    expect(q('SELECT grade FROM reviews')).toEqual([{ grade: 5 }]);
    const more = run(['--new', '3'], { input: 'q\n', env: env() });
    expect(more.stdout).toContain('0 due, 2 new'); // 3 for this run, 1 already studied
    run(['config', 'set', 'topics', 'beta'], { env: env() });
    expect(run(['--new', '9'], { input: 'q\n', env: env() }).stdout).toContain('topics beta');
  });

  it('survives a restart and a backup/restore (the settings are in the collection)', () => {
    run(['config', 'set', 'leech-threshold', '3'], { env: env() });
    const backup = join(t.dir, 'b.db');
    expect(run(['backup', '-o', backup], { env: env() }).code).toBe(0);
    run(['config', 'set', 'leech-threshold', '5'], { env: env() });
    expect(run(['config', 'get', 'leech-threshold'], { env: env() }).stdout).toBe('5\n');
    expect(run(['restore', backup], { env: env() }).code).toBe(0);
    expect(run(['config', 'get', 'leech-threshold'], { env: env() }).stdout).toBe('3\n');
  });
});

describe('again today across sessions (SM-2 step 7 kept in the collection)', () => {
  it('a card failed, then q: the next session the same day shows it after due and new; status counts it', () => {
    const r1 = run(['--new', '1'], { input: '\n1\nq\n', env: env() });
    expect(r1.stdout).toContain('again today 1');
    expect(q('SELECT again_day FROM items WHERE id = ?', 'alpha.sigmoid')).toEqual([{ again_day: TODAY }]);
    const st = JSON.parse(run(['status', '--json'], { env: env() }).stdout);
    expect(st.againToday).toBe(1);
    expect(run(['status'], { env: env() }).stdout).toContain('again today 1');
    // a second session: the one new card first, then the again-today one as a drill
    const r2 = run(['--new', '2'], { input: '\n5\n\n2\n\n4\n', env: env() });
    expect(r2.stdout).toContain('0 due, 1 new, 1 again today');
    expect(r2.stdout.indexOf('1/1 · alpha · new')).toBeLessThan(r2.stdout.indexOf('again today · 1 left · alpha · drill'));
    const rows = q<Record<string, number | string>[]>('SELECT item_id, kind, grade, reps_before, ef_before, interval_before, due_before, reps_after, ef_after, interval_after, due_after FROM reviews ORDER BY id');
    expect(rows.map((x) => [x['item_id'], x['kind'], x['grade']])).toEqual([
      ['alpha.sigmoid', 'new', 1], ['alpha.bn#c1', 'new', 5], ['alpha.sigmoid', 'drill', 2], ['alpha.sigmoid', 'drill', 4],
    ]);
    for (const x of rows.filter((r) => r['kind'] === 'drill')) {
      expect([x['reps_after'], x['ef_after'], x['interval_after'], x['due_after']]).toEqual([x['reps_before'], x['ef_before'], x['interval_before'], x['due_before']]);
    }
    // after the new grade 1: EF 2.50 − 0.54 = 1.96, interval 1; drills leave it so
    expect(q('SELECT reps, ef, interval, due, again_day FROM items WHERE id = ?', 'alpha.sigmoid')).toEqual([{ reps: 0, ef: 196, interval: 1, due: TODAY + 1, again_day: null }]);
    expect(JSON.parse(run(['status', '--json'], { env: env() }).stdout).againToday).toBe(0);
  });

  it('survives SIGKILL: the failed card comes back in a new session', async () => {
    const child = spawnCli(['--new', '2'], env());
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    const waitFor = async (text: string): Promise<void> => {
      for (let i = 0; i < 200 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 50));
      if (!out.includes(text)) throw new Error(`no ${text} in:\n${out}`);
    };
    await waitFor('show answer');
    child.stdin!.write('\n0\n');
    await waitFor('recorded grade 0');
    const closed = new Promise((r) => child.on('close', r));
    child.kill('SIGKILL');
    await closed;
    expect(JSON.parse(run(['status', '--json'], { env: env() }).stdout).againToday).toBe(1);
    const r2 = run(['--new', '1'], { input: '\n5\n', env: env() });
    expect(r2.stdout).toContain('0 due, 0 new, 1 again today');
    expect(r2.stdout).toContain('What is σ(x)?');
    expect(q("SELECT kind, grade FROM reviews WHERE item_id = 'alpha.sigmoid' ORDER BY id")).toEqual([{ kind: 'new', grade: 0 }, { kind: 'drill', grade: 5 }]);
  });

  it('undo of a failing answer clears again-today; the next day it is a plain due card', () => {
    run(['--new', '1'], { input: '\n2\nu\n', env: env() });
    expect(q('SELECT count(*) AS n FROM reviews')).toEqual([{ n: 0 }]);
    expect(q('SELECT again_day FROM items WHERE id = ?', 'alpha.sigmoid')).toEqual([{ again_day: null }]);
    run(['--new', '1'], { input: '\n2\nq\n', env: env() });
    const next = run(['--new', '0'], { input: 'q\n', env: env(TOMORROW) });
    expect(next.stdout).toContain('1 due, 0 new\n'); // yesterday's again-today does not carry over
  });
});

describe('choice cards are shuffled per showing and replay from the log', () => {
  it('the order varies across reviews of one card and the logged order is the one recomputed', () => {
    const orders = Array.from({ length: 12 }, (_v, n) => choiceOrder({ itemId: 'alpha.zero', reviews: n, drill: 0 }, 3).join(''));
    expect(new Set(orders).size).toBeGreaterThan(2);
    // review the choice card on three days, always picking option 1 (its content changes)
    const days = ['2026-03-02T09:00:00', '2026-03-03T09:00:00', '2026-03-04T09:00:00'];
    run(['--new', '4'], { input: '\n5\n\n5\n\n5\n1\n5\n', env: env({ DEEPCARDS_NOW: days[0]! }) });
    for (const d of days.slice(1)) run(['--new', '0', '--topic', 'alpha'], { input: '\n5\n\n5\n\n5\n1\n5\n\n5\n\n5\n\n5\n1\n5\n', env: env({ DEEPCARDS_NOW: d }) });
    const rows = q<{ id: number; shown: string; grade: number; kind: string }[]>("SELECT id, shown, grade, kind FROM reviews WHERE item_id = 'alpha.zero' AND kind != 'drill' ORDER BY id");
    expect(rows.length).toBeGreaterThanOrEqual(2);
    rows.forEach((r, n) => {
      const order = choiceOrder({ itemId: 'alpha.zero', reviews: n, drill: 0 }, 3);
      expect(JSON.parse(r.shown)).toEqual(order);
      // option 1 was picked: right exactly when Tanh (index 2) was shown first
      expect(r.grade === 1).toBe(order[0] !== 2);
    });
  });
});

describe('suspend, bury and undo', () => {
  it('u after s takes back the suspend; u after b takes back the bury', () => {
    // two cards, so the session goes on after the suspend and the bury
    const r = run(['--new', '2'], { input: 's\nu\nb\nu\n\n5\n', env: env() });
    expect(r.stdout).toContain('suspended alpha.sigmoid');
    expect(r.stdout).toContain('undone: the suspend of alpha.sigmoid');
    expect(r.stdout).toContain('buried alpha.sigmoid until tomorrow');
    expect(r.stdout).toContain('undone: the bury of alpha.sigmoid');
    expect(q('SELECT suspended, buried_until FROM items WHERE id = ?', 'alpha.sigmoid')).toEqual([{ suspended: 0, buried_until: null }]);
    expect(q('SELECT item_id, grade FROM reviews')).toEqual([{ item_id: 'alpha.sigmoid', grade: 5 }]);
  });

  it('b hides the card for the rest of the day; it is back tomorrow', () => {
    run(['--new', '1'], { input: '\n1\n\nb\n', env: env() }); // fail it, bury it at its re-drill
    expect(q('SELECT buried_until, again_day FROM items WHERE id = ?', 'alpha.sigmoid')).toEqual([{ buried_until: TODAY + 1, again_day: TODAY }]);
    expect(run(['--new', '0'], { input: 'q\n', env: env() }).stdout).toContain('Nothing due.');
    expect(JSON.parse(run(['status', '--json'], { env: env() }).stdout).againToday).toBe(0);
    expect(run(['--new', '0'], { input: 'q\n', env: env(TOMORROW) }).stdout).toContain('1 due, 0 new');
  });

  it('a due card buried today is not "due now" in status until the next study day', () => {
    run(['--new', '1'], { input: '\n5\n', env: env() }); // introduced today, due tomorrow
    expect(JSON.parse(run(['status', '--json'], { env: env(TOMORROW) }).stdout).due).toBe(1);
    run(['--new', '0'], { input: 'b\n', env: env(TOMORROW) }); // bury it at its review
    const st = JSON.parse(run(['status', '--json'], { env: env(TOMORROW) }).stdout);
    expect(st.due).toBe(0);
    expect(st.topics.find((x: { topic: string }) => x.topic === 'alpha').due).toBe(0);
    expect(JSON.parse(run(['status', '--json'], { env: env({ DEEPCARDS_NOW: '2026-03-04T09:00:00' }) }).stdout).due).toBe(1);
  });
});

describe('numeric cards one can get out of', () => {
  const numericDecks = (): string => {
    const dir = join(t.dir, 'decks');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'beta.yaml'), ['topic: beta', 'title: Beta', 'description: numeric', 'cards:',
      '  - id: beta.conv', '    type: numeric', '    family: conv-output', '    level: 1', '    sheet: [1]',
      '  - id: beta.soft', '    type: numeric', '    family: softmax', '    level: 1', '    sheet: [2]', ''].join('\n'));
    return dir;
  };

  it('an empty answer offers the worked solution; taking it records grade 1 (scheduled); no seed on screen', () => {
    const r = run(['--new', '1'], { input: '\n\nq\n', env: env({ DEEPCARDS_DECKS: numericDecks() }) });
    expect(r.stdout).toContain('Worked solution');
    expect(r.stdout).not.toMatch(/seed \d/);
    const seed = numericSeed({ itemId: 'beta.conv', reviews: 0, drill: 0 });
    expect(q('SELECT kind, grade, correct, answer_given, seed, level FROM reviews')).toEqual([{ kind: 'new', grade: 1, correct: 0, answer_given: '', seed, level: 1 }]);
  });

  it('a list with the wrong count of numbers is asked again with the reason, nothing recorded', () => {
    const decks = numericDecks();
    run(['config', 'set', 'new-per-day', '0'], { env: env({ DEEPCARDS_DECKS: decks }) });
    const inst = instantiate('softmax', numericSeed({ itemId: 'beta.soft', reviews: 0, drill: 0 }), 1);
    const values = inst.answer as number[];
    expect(values.length).toBeGreaterThan(1);
    const short = values.slice(0, -1).join(', ');
    const r = run(['--new', '2', '--topic', 'beta'], { input: ['q'].join('\n'), env: env({ DEEPCARDS_DECKS: decks }) });
    expect(r.code).toBe(0);
    // beta.conv first (sheet order): skip it with a bury, then answer the softmax card
    const r2 = run(['--new', '2'], { input: ['b', short, values.join(', '), '5'].join('\n'), env: env({ DEEPCARDS_DECKS: decks }) });
    // the reason is the checker's own (it names both counts)
    expect(r2.stdout).toMatch(new RegExp(`could not read that: .*${values.length}.*${values.length - 1}.* — try again \\(nothing recorded\\)`));
    expect(q('SELECT item_id, grade, correct FROM reviews')).toEqual([{ item_id: 'beta.soft', grade: 5, correct: 1 }]);
  });

  it('after an undo in a re-drill the same instance comes back', () => {
    const decks = numericDecks();
    const wrong = (instantiate('conv-output', numericSeed({ itemId: 'beta.conv', reviews: 0, drill: 0 }), 1).answer as number) + 7;
    const drill1 = instantiate('conv-output', numericSeed({ itemId: 'beta.conv', reviews: 1, drill: 1 }), 1);
    // wrong → grade 1 → re-drill #1: wrong again, undo, the same prompt, then right
    const r = run(['--new', '1'], { input: [String(wrong), String((drill1.answer as number) + 7), 'u', String(drill1.answer), '5'].join('\n'), env: env({ DEEPCARDS_DECKS: decks }) });
    const shown = richToTerminal(drill1.prompt);
    expect(r.stdout.split(shown).length - 1).toBe(2); // before and after the undo
    expect(richToTerminal(instantiate('conv-output', numericSeed({ itemId: 'beta.conv', reviews: 0, drill: 0 }), 1).prompt)).not.toBe(shown);
    const rows = q<{ kind: string; grade: number; seed: number }[]>('SELECT kind, grade, seed FROM reviews ORDER BY id');
    expect(rows).toEqual([
      { kind: 'new', grade: 1, seed: numericSeed({ itemId: 'beta.conv', reviews: 0, drill: 0 }) },
      { kind: 'drill', grade: 5, seed: drill1.seed },
    ]);
  });

  it('in a re-drill, taking the solution keeps the card for today (a drill row, grade 1); b buries it', () => {
    const decks = numericDecks();
    const first = instantiate('conv-output', numericSeed({ itemId: 'beta.conv', reviews: 0, drill: 0 }), 1);
    // wrong → re-drill; empty answer, take the solution; the next re-drill: b
    const r = run(['--new', '1'], { input: [String((first.answer as number) + 7), '', '', 'b'].join('\n'), env: env({ DEEPCARDS_DECKS: decks }) });
    expect(r.stdout).toContain('it stays in today’s re-drills');
    expect(r.stdout).toContain('buried beta.conv until tomorrow');
    expect(q('SELECT kind, grade, answer_given, correct FROM reviews ORDER BY id')).toEqual([
      { kind: 'new', grade: 1, answer_given: String((first.answer as number) + 7), correct: 0 },
      { kind: 'drill', grade: 1, answer_given: '', correct: 0 },
    ]);
    expect(q("SELECT reps, ef, again_day, buried_until FROM items WHERE id = 'beta.conv'")).toEqual([{ reps: 0, ef: 196, again_day: TODAY, buried_until: TODAY + 1 }]);
  });
});

describe('piped input', () => {
  it('? prints the keys; an escape sequence typed in is never echoed to the terminal', () => {
    const r = run(['--new', '1'], { input: '?\nx\u001b[31m\n\n5\n', env: env() });
    expect(r.stdout).toContain('bury it until tomorrow');
    expect(r.stdout).toContain('unknown key "x[31m"');
    expect(r.stdout).not.toContain('\u001b');
    expect(q('SELECT grade FROM reviews')).toEqual([{ grade: 5 }]);
  });
});

describe('leech settings', () => {
  it('leech-threshold 1 with leech-action tag: the lapse makes a leech that stays in the schedule', () => {
    run(['config', 'set', 'leech-threshold', '1'], { env: env() });
    run(['config', 'set', 'leech-action', 'tag'], { env: env() });
    run(['--new', '1'], { input: '\n5\n', env: env() });
    const r = run(['--new', '0'], { input: '\n0\nq\n', env: env(TOMORROW) });
    expect(r.stdout).toContain('alpha.sigmoid lapsed 1 time (tagged');
    expect(q("SELECT leech, suspended, lapses FROM items WHERE id = 'alpha.sigmoid'")).toEqual([{ leech: 1, suspended: 0, lapses: 1 }]);
  });
});
