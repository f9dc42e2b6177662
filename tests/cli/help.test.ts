// The command line as one vocabulary: every command's --help (walked from the root's command list)
// fits 80 columns, says what the command does and gives an example; --topic / -o --output are the
// only spellings shown; an unknown topic is exit 2 with one message everywhere; typos get suggestions.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_DECKS, run, tempDir, type Run } from './harness.js';

const cols = { COLUMNS: '80' };

/** The sub-command names listed under "Commands:" in a help text. */
function subcommands(help: string): string[] {
  const m = /\nCommands:\n([\s\S]*?)(?:\n\n|$)/.exec(help);
  if (!m) return [];
  return m[1]!.split('\n').filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s+/)[0]!).filter((n) => n !== 'help');
}

const helps = new Map<string, Run>();
beforeAll(() => {
  const queue: string[][] = [[]];
  while (queue.length) {
    const path = queue.shift()!;
    const r = run([...path, '--help'], { env: cols });
    helps.set(path.join(' '), r);
    for (const sub of subcommands(r.stdout)) queue.push([...path, sub]);
  }
}, 120_000);

describe('help, walked over every command', () => {
  it('finds every command (the walk works)', () => {
    for (const c of ['', 'review', 'status', 'stats', 'decks errata', 'decks generate', 'card list', 'card show', 'exam', 'exam history', 'export anki', 'export csv', 'backup']) {
      expect([...helps.keys()]).toContain(c);
    }
    expect(helps.size).toBeGreaterThanOrEqual(28);
  });

  it('every help exits 0, fits 80 columns, describes the command and ends with examples', () => {
    for (const [path, r] of helps) {
      expect(r.code, path).toBe(0);
      for (const line of r.stdout.split('\n')) expect(line.length, `${path}: ${line}`).toBeLessThanOrEqual(80);
      const lines = r.stdout.split('\n');
      expect(lines[0], path).toMatch(/^Usage: deepcards/);
      expect(lines[2]?.trim().length ?? 0, `${path} has a description`).toBeGreaterThan(10);
      const ex = /\nExamples:\n((?: {2}deepcards.*\n)+)/.exec(r.stdout);
      expect(ex, `${path} has examples`).not.toBeNull();
      // an example runs the command it documents
      if (path) for (const e of ex![1]!.trim().split('\n')) expect(e.trim().startsWith(`deepcards ${path.replace(/^review$/, '')}`.trim()) || path === 'review', `${path}: ${e}`).toBe(true);
    }
  });

  it('no word is broken across lines: wrapped lines end at a space', () => {
    for (const [path, r] of helps) {
      // commander wraps on whitespace; a line ending in a letter followed by one starting with a letter
      // at the description column would be a mid-word break only if the joined word is not in the text
      expect(r.stdout, path).not.toMatch(/defau\n|refl\n/);
    }
  });

  it('one vocabulary: --topic <topics> and -o, --output; the old spellings are hidden', () => {
    let topicCommands = 0;
    for (const [path, r] of helps) {
      expect(r.stdout, path).not.toMatch(/--topics\b/);
      expect(r.stdout, path).not.toMatch(/--out\b(?!put)/);
      if (/--topic\b/.test(r.stdout)) {
        topicCommands++;
        expect(r.stdout, path).toMatch(/--topic <topics>/);
      }
      if (/^ {2}-o\b/m.test(r.stdout)) expect(r.stdout, path).toMatch(/^ {2}-o, --output <file>/m);
    }
    expect(topicCommands).toBeGreaterThanOrEqual(7);
  });
});

describe('usage errors', () => {
  let t: ReturnType<typeof tempDir>;
  let env: Record<string, string>;
  beforeAll(() => {
    t = tempDir();
    env = { DEEPCARDS_DB: join(t.dir, 'c.db'), DEEPCARDS_DECKS: E2E_DECKS };
    run(['status'], { env }); // create it
  });
  afterAll(() => t.cleanup());

  it('an unknown topic is exit 2 with the same message in every command that takes --topic (and its alias)', () => {
    const withTopic = [...helps].filter(([, r]) => /--topic <topics>/.test(r.stdout)).map(([p]) => p);
    expect(withTopic).toEqual(expect.arrayContaining(['review', 'stats', 'card list', 'decks errata', 'exam', 'export anki', 'export csv']));
    // '' is the default command: `deepcards --topic alpah`
    for (const path of ['', ...withTopic]) {
      for (const flag of ['--topic', '--topics']) {
        const args = [...(path ? path.split(' ') : []), flag, 'alpah'];
        if (path.startsWith('export')) args.push('-o', join(t.dir, 'out.x'));
        const r = run(args, { env });
        expect(r.code, `${path} ${flag}`).toBe(2);
        // the e2e decks have topics alpha and beta (decks errata reads the same decks)
        expect(r.stderr, `${path} ${flag}`).toBe('deepcards: unknown topic "alpah" (did you mean alpha?); topics: alpha, beta\n');
        expect(r.stdout, path).toBe('');
      }
    }
    expect(existsSync(join(t.dir, 'out.x'))).toBe(false);
  });

  it('a comma list works everywhere, errata included', () => {
    expect(run(['decks', 'errata', '--topic', 'alpha,beta', '--json'], { env }).code).toBe(0);
    expect(run(['stats', '--topics', 'alpha,beta'], { env }).code).toBe(0);
    expect(run(['card', 'list', '--topic', 'alpha,beta'], { env }).code).toBe(0);
  });

  it('a mistyped command gets a suggestion although review is the default command', () => {
    const stat = run(['stat'], { env });
    expect(stat.code).toBe(2);
    expect(stat.stderr).toContain("error: unknown command 'stat'\n(Did you mean stats or status?)");
    const sttaus = run(['sttaus'], { env });
    expect(sttaus.stderr).toContain('(Did you mean status?)');
    expect(run(['reveiw'], { env }).stderr).toContain('(Did you mean review?)');
    expect(run(['--no-color', 'sttaus'], { env }).stderr).toContain('(Did you mean status?)');
    const sub = run(['decks', 'lsit'], { env });
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('(Did you mean list?)');
    // review's own options still go to the default command
    expect(run(['--new', '0', '--topic', 'beta'], { env, input: 'q\n' }).code).toBe(0);
  });

  it('exit codes as the README defines them: 1 the command could not finish, 2 the command line is wrong', () => {
    const fresh = { ...env, DEEPCARDS_DB: join(t.dir, 'fresh.db') };
    writeFileSync(join(t.dir, 'bad.yaml'), 'topic: bad\ncards: 3\n');
    const cases: [string[], number, Record<string, string>][] = [
      [['undo'], 1, fresh], // nothing to undo
      [['decks', 'check', join(t.dir, 'bad.yaml')], 1, env], // an invalid file
      [['decks', 'check', join(t.dir, 'missing.yaml')], 2, env], // a path that does not exist
      [['export', 'anki', '-o', join(t.dir, 'no', 'dir', 'x.apkg')], 2, env],
      [['export', 'csv', '-o', join(t.dir, 'no', 'dir', 'x.csv')], 2, env],
      [['backup', '-o', join(t.dir, 'no', 'dir', 'x.db')], 2, env],
      [['ask', '--level', '9'], 2, env], // refused, not clamped
      [['stats', '--days', '0'], 2, env],
      [['stats', '--forecast', 'x'], 2, env],
      [['card', 'show', 'alpha.nope'], 2, env],
      [['card', 'suspend', 'alpha.nope'], 2, env],
      [['solve', 'nosuch'], 2, env],
    ];
    for (const [args, code, e] of cases) expect(run(args, { env: e }).code, args.join(' ')).toBe(code);
  });

  it('a usage error points at the command\'s own help', () => {
    const r = run(['stats', '--dayz', '3'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('(see deepcards stats --help)');
  });

  it('a bad DEEPCARDS_NOW is one line and exit 2', () => {
    for (const bad of ['xyz', '1', '2026-13-45T09:00:00']) {
      const r = run(['status'], { env: { ...env, DEEPCARDS_NOW: bad } });
      expect(r.code, bad).toBe(2);
      expect(r.stderr.trim().split('\n'), bad).toHaveLength(1);
      expect(r.stderr).toMatch(/^deepcards: DEEPCARDS_NOW=".*" is not a date-time/);
    }
  });

  it('a --db that does not exist yet: the first run says it creates a new collection there', () => {
    const path = join(t.dir, 'typo.db');
    const first = run(['--db', path, 'status'], { env });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`no collection at ${path} yet: creating a new one there`);
    expect(run(['--db', path, 'status'], { env }).stderr).toBe('');
    const nodir = run(['--db', join(t.dir, 'no', 'such', 'dir.db'), 'status'], { env });
    expect(nodir.code).toBe(2);
    expect(nodir.stderr).toContain('does not exist');
  });
});
