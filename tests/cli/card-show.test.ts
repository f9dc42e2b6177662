// deepcards card show <id>: the card rendered, each item's SM-2 state, and the review history with
// numeric answers replayable by `deepcards ask --seed … --level …`.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { E2E_DECKS, run, tempDir } from './harness.js';

let t: ReturnType<typeof tempDir>;
let env: Record<string, string>;
beforeEach(() => {
  t = tempDir();
  env = { DEEPCARDS_DB: join(t.dir, 'c.db'), DEEPCARDS_DECKS: E2E_DECKS, DEEPCARDS_NOW: '2026-03-02T09:00:00' };
});
afterEach(() => t.cleanup());

/** The cells of the first table row that starts with `first`. */
function row(text: string, first: string): string[] {
  const line = text.slice(text.indexOf('\nSchedule')).split('\n').find((l) => l.trim().split(/\s+/)[0] === first);
  return line ? line.trim().split(/\s+/) : [];
}

describe('card show', () => {
  it('a numeric card: state after a wrong answer, and a history row that replays the same question', () => {
    const session = run(['--topic', 'beta', '--new', '1'], { input: '1\nq\n', env });
    expect(session.code).toBe(0);
    const prompt = /── 1\/1 · beta · new ──\n(.*)\n/.exec(session.stdout)![1]!;
    const r = run(['card', 'show', 'beta.conv'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('beta.conv · beta · numeric · sheet line 339');
    // SM-2 by hand: a new card graded 1 → EF 2.50 − 0.54 = 1.96, n = 0, interval 1 day, due 2026-03-03
    expect(row(r.stdout, '·')).toEqual(['·', 'learning', '2026-03-03', '1d', '1.96', '0', '0', '1']);
    expect(row(r.stdout, '2026-03-02').filter((c) => !c.endsWith('s'))).toEqual(['2026-03-02', '09:00', '·', 'new', '1', '2.50→1.96', '0d→1d']);
    const m = /seed (\d+) · level 1 · answered "1" ✗\n\s+replay: (deepcards ask conv-output --seed \d+ --level 1)/.exec(r.stdout);
    expect(m).not.toBeNull();
    // the replay asks exactly the question the session asked
    const replay = run(m![2]!.split(' ').slice(1), { input: '1\n', env });
    expect(replay.code).toBe(0);
    expect(replay.stdout.split('\n')).toContain(prompt);
    // the same facts as JSON
    const j = JSON.parse(run(['card', 'show', 'beta.conv', '--json'], { env }).stdout) as { items: unknown[]; history: Record<string, unknown>[] };
    expect(j.items).toEqual([{ id: 'beta.conv', state: 'learning', due: '2026-03-03', interval: 1, ef: 1.96, reps: 0, lapses: 0, reviews: 1, suspended: false, leech: false }]);
    expect(j.history[0]).toMatchObject({ kind: 'new', grade: 1, efBefore: 2.5, efAfter: 1.96, intervalBefore: 0, intervalAfter: 1, dueAfter: '2026-03-03', family: 'conv-output', seed: Number(m![1]), level: 1, answer: '1', correct: false });
  });

  it('a cloze card: each deletion rendered and scheduled on its own; one item with card#cN', () => {
    // sigmoid first (5), then bn#c1 (4)
    run(['--topic', 'alpha', '--new', '2'], { input: '\n5\n\n4\nq\n', env });
    const r = run(['card', 'show', 'alpha.bn'], { env });
    expect(r.stdout).toContain('c1 Batch norm subtracts the […] and divides by the standard deviation.');
    expect(r.stdout).toContain('c2 Batch norm subtracts the mean and divides by the […].');
    // grade 4 on a new item: EF 2.50 + 0 = 2.50, n = 1, interval 1
    expect(row(r.stdout, 'c1')).toEqual(['c1', 'young', '2026-03-03', '1d', '2.50', '1', '0', '1']);
    expect(row(r.stdout, 'c2')).toEqual(['c2', 'new', '—', '—', '2.50', '0', '0', '0']);
    expect(r.stdout).toContain('History · 1 answer');
    const one = run(['card', 'show', 'alpha.bn#c2'], { env });
    expect(one.stdout).not.toMatch(/^ {2}c1 /m);
    expect(one.stdout).toContain('never answered');
  });

  it('math is rendered, a choice card marks its answer, an unknown id is exit 2 with a suggestion', () => {
    const r = run(['card', 'show', 'alpha.sigmoid'], { env });
    expect(r.stdout).toContain('Q  What is σ(x)?');
    expect(r.stdout).toContain('A  1/(1 + e⁻ˣ)');
    expect(r.stdout).not.toMatch(/\\[a-z]+|\$/);
    expect(run(['card', 'show', 'alpha.zero'], { env }).stdout).toContain('3. Tanh  ✓');
    const bad = run(['card', 'show', 'alpha.sigmiod'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no such card: alpha.sigmiod (did you mean alpha.sigmoid?)');
  });
});
