// What each command loads, read from esbuild's metafile of the built CLI: `status` must not pull in
// mathjs, KaTeX, the YAML parser or the prompt library; review loads mathjs only for numeric cards;
// plan loads none of them, cram mathjs only for a numeric card.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './harness.js';

interface Meta {
  outputs: Record<string, { imports: { path: string; kind: string }[]; inputs: Record<string, unknown>; entryPoint?: string }>;
}
const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'meta.json'), 'utf8')) as Meta;

/** Source files loaded (statically) when the chunk holding `commandFile` runs, entry included. */
function loadedBy(commandFile: string): string[] {
  const outputs = Object.entries(meta.outputs);
  const entry = outputs.find(([, o]) => o.entryPoint === 'src/main.ts')![0];
  const chunk = outputs.find(([, o]) => commandFile in o.inputs)![0];
  const seen = new Set<string>();
  const visit = (out: string): void => {
    if (seen.has(out)) return;
    seen.add(out);
    for (const i of meta.outputs[out]!.imports) if (i.kind === 'import-statement' && i.path in meta.outputs) visit(i.path);
  };
  visit(entry);
  visit(chunk);
  return [...seen].flatMap((o) => Object.keys(meta.outputs[o]!.inputs));
}

const HEAVY = /node_modules\/(mathjs|katex|yaml|@inquirer|fflate)\//;
const NUMERIC = /node_modules\/(mathjs|katex)\//;

/** What the chunk of `command` loads that matches `unwanted`, after checking it bundles `own`. */
function unwantedIn(command: string, own: string, unwanted: RegExp): string[] {
  const inputs = loadedBy(command);
  expect(inputs).toContain(own);
  return inputs.filter((i) => unwanted.test(i));
}

describe('start-up cost', () => {
  it('status loads neither mathjs, KaTeX, YAML nor prompts', () => {
    expect(unwantedIn('src/commands/status.ts', 'src/commands/status.ts', HEAVY)).toEqual([]);
  });

  it('the review session does not load mathjs or KaTeX until a numeric card needs it', () => {
    expect(unwantedIn('src/commands/review.ts', 'src/commands/review.ts', NUMERIC)).toEqual([]);
  });

  it('plan loads neither mathjs, KaTeX, YAML nor prompts', () => {
    expect(unwantedIn('src/commands/plan.ts', 'src/pacing/plan.ts', HEAVY)).toEqual([]);
  });

  it('cram does not load mathjs or KaTeX until a numeric card needs it', () => {
    expect(unwantedIn('src/commands/cram.ts', 'src/pacing/cram.ts', NUMERIC)).toEqual([]);
  });

  it('the answer checker bundles only the mathjs factories it uses', () => {
    const inputs = loadedBy('src/engine/check.ts').filter((i) => i.includes('node_modules/mathjs/'));
    expect(inputs.length).toBeGreaterThan(0);
    // the full mathjs has ~1000 modules; the restricted instance should need a small fraction
    expect(inputs.length).toBeLessThan(250);
  });
});
