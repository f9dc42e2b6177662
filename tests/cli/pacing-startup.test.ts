// plan and cram load what they need only: plan no mathjs, KaTeX, YAML or prompts; cram mathjs only for a numeric card.
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

describe('start-up cost of plan and cram', () => {
  it('plan loads neither mathjs, KaTeX, YAML nor prompts', () => {
    const inputs = loadedBy('src/commands/plan.ts');
    expect(inputs).toContain('src/pacing/plan.ts');
    expect(inputs.filter((i) => HEAVY.test(i))).toEqual([]);
  });
  it('cram does not load mathjs or KaTeX until a numeric card needs it', () => {
    const inputs = loadedBy('src/commands/cram.ts');
    expect(inputs).toContain('src/pacing/cram.ts');
    expect(inputs.filter((i) => /node_modules\/(mathjs|katex)\//.test(i))).toEqual([]);
  });
});
