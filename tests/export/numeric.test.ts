// Numeric cards: N fixed instances each, with worked solutions. Uses the real question families
// when they are registered; while src/questions/registry.ts is still empty, a fake family stands in.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runExportAnki, runExportCsv } from '../../src/commands/export.js';
import { guidFor } from '../../src/export/anki/ids.js';
import { valueHtml } from '../../src/export/anki/notes.js';
import { FAMILIES, instantiate } from '../../src/questions/registry.js';
import { seedFor } from '../../src/questions/rng.js';
import { makeCtx, openApkg, parseCsv, tempDir, validatePackage, type Opened } from './helpers.js';

vi.mock('../../src/questions/registry.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/questions/registry.js')>();
  if (orig.FAMILIES.length > 0) return orig;
  const { createRng } = await import('../../src/questions/rng.js');
  const fake = {
    id: 'test-double', title: 'Doubling (test family)', topic: 'gamma', sheet: [1], params: [{ name: 'x', description: 'x' }],
    generate: (rng: ReturnType<typeof createRng>, level: number) => ({ x: rng.int(1, 10 * level) }),
    prompt: (p: Record<string, unknown>) => `Double $x = ${String(p['x'])}$ (so that $2x > x$); use \`2*x\`.`,
    solve: (p: Record<string, unknown>) => ({
      answer: 2 * Number(p['x']), tolerance: { kind: 'exact' as const }, misconceptions: [],
      steps: ['$y = 2x$', `$y = 2 \\cdot ${String(p['x'])} = ${2 * Number(p['x'])}$`],
    }),
  };
  const inst = (id: string, seed: number, level: 1 | 2 | 3 = 1) => {
    if (id !== fake.id) return orig.instantiate(id, seed, level);
    const params = fake.generate(createRng(seed), level);
    const s = fake.solve(params);
    return { ...s, family: id, seed, level, params, prompt: fake.prompt(params), answerHint: 'an integer' };
  };
  return {
    ...orig,
    FAMILIES: [fake],
    familyIds: () => [fake.id],
    getFamily: (id: string) => (id === fake.id ? fake : undefined),
    instantiate: inst,
  };
});

const INSTANCES = 3;

describe('export anki: numeric cards', () => {
  let dir: string;
  let p: Opened;
  let ctx: ReturnType<typeof makeCtx>;
  const cards: { id: string; family: string; level: 1 | 2 | 3 }[] = [];

  beforeAll(async () => {
    dir = tempDir();
    const decks = join(dir, 'src-decks');
    mkdirSync(decks);
    const lines = ['topic: gamma', 'title: Gamma Drills', 'description: One numeric card per question family.', 'cards:'];
    FAMILIES.forEach((f, i) => {
      const level = ((i % 3) + 1) as 1 | 2 | 3;
      const id = `gamma.${f.id}`;
      cards.push({ id, family: f.id, level });
      lines.push(`  - id: ${id}`, '    type: numeric', `    family: ${f.id}`, `    level: ${level}`, `    sheet: [${i + 1}]`);
      if (i === 0) lines.push("    front: 'Drill: compute it, $x < y$.'");
    });
    writeFileSync(join(decks, 'gamma.yaml'), `${lines.join('\n')}\n`);
    ctx = makeCtx(dir, decks);
    await runExportAnki({ out: join(dir, 'n.apkg'), instances: INSTANCES }, ctx);
    p = openApkg(join(dir, 'n.apkg'));
  });
  afterAll(() => {
    p.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports every registered family cleanly (no $ left, math balanced, valid package)', () => {
    expect(cards.length).toBeGreaterThan(0);
    expect(ctx.stderr.join('')).toBe('');
    expect(validatePackage(p)).toEqual([]);
  });

  it('writes N instances per card, guids from card id and instance number', () => {
    const notes = p.db.prepare('SELECT guid, flds FROM notes').all() as { guid: string; flds: string }[];
    expect(notes).toHaveLength(cards.length * INSTANCES);
    const byGuid = new Map(notes.map((n) => [n.guid, n.flds.split('\x1f')]));
    for (const c of cards) {
      for (let k = 0; k < INSTANCES; k++) {
        const f = byGuid.get(guidFor(`deepcards:numeric:${c.id}#${k}`));
        expect(f, `${c.id}#${k}`).toBeDefined();
        const inst = instantiate(c.family, seedFor(c.id, k), c.level);
        expect(f![1]!.startsWith(valueHtml(inst.answer)), `${c.id}#${k} answer`).toBe(true);
        expect((f![2]!.match(/<li>/g) ?? []).length).toBe(inst.steps.length);
        expect(f![0]).toContain(`variant ${k + 1}`);
      }
    }
    expect(p.db.prepare('SELECT count(*) FROM cards').pluck().get()).toBe(cards.length * INSTANCES);
  });

  it('shows the card front above the generated prompt', () => {
    const f = (p.db.prepare('SELECT flds FROM notes').pluck().all() as string[]).find((x) => x.includes('Drill: compute it'))!;
    expect(f.split('\x1f')[0]).toContain('<div class="dc-lead">Drill: compute it, \\(x &lt; y\\).</div>');
  });

  it('exports them to CSV too: instance 0 in the plain CSV, instances in the Anki text file', async () => {
    await runExportCsv({ out: join(dir, 'n.csv') }, ctx);
    const rows = parseCsv(readFileSync(join(dir, 'n.csv'), 'utf8'));
    expect(rows).toHaveLength(cards.length + 1);
    const first = cards[0]!;
    const inst = instantiate(first.family, seedFor(first.id, 0), first.level);
    expect(rows[1]![3]).toContain(inst.prompt);
    await runExportCsv({ out: join(dir, 'n.txt'), anki: true }, ctx);
    const text = readFileSync(join(dir, 'n.txt'), 'utf8');
    expect(text.split('\n').filter((l) => l && !l.startsWith('#'))).toHaveLength(cards.length * 5);
  });
});
