import { describe, expect, it } from 'vitest';
import { runSolve } from '../../../src/commands/solve.js';
import { UserError } from '../../../src/errors.js';
import { FAMILIES } from '../../../src/questions/registry.js';
import { fakeContext } from './solve-ask-context.js';

async function solve(family: string | undefined, assignments: string[], json = false): Promise<string> {
  const ctx = fakeContext();
  await runSolve({ family, assignments, json }, ctx);
  return ctx.stdout();
}

async function failure(family: string | undefined, assignments: string[]): Promise<UserError> {
  try {
    await runSolve({ family, assignments }, fakeContext());
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(2);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

describe('deepcards solve --list', () => {
  it('lists every family (groups A and B) with parameters and defaults', async () => {
    const ctx = fakeContext();
    await runSolve({ list: true, assignments: [] }, ctx);
    const text = ctx.stdout();
    for (const f of FAMILIES) expect(text).toContain(`${f.id} — ${f.title}`);
    expect(text).toMatch(/conv-output — Convolution output size \[cnn\]\n {2}size +\(required\) +input size/);
    expect(text).toMatch(/ {2}stride += kernel +stride s \(PyTorch default: kernel_size\)/);
    expect(text).toMatch(/ {2}base += e +log base: e \(nats\) or 2 \(bits\)/);
  });

  it('--list --json describes the families as data', async () => {
    const ctx = fakeContext();
    await runSolve({ list: true, json: true, assignments: [] }, ctx);
    const list = JSON.parse(ctx.stdout()) as { id: string; params: { name: string; default?: unknown }[] }[];
    expect(list.map((f) => f.id)).toEqual(FAMILIES.map((f) => f.id));
    expect(list.find((f) => f.id === 'pool-output')!.params.find((p) => p.name === 'stride')).toMatchObject({ default: 'kernel' });
  });
});

describe('deepcards solve <family>', () => {
  it('--json gives exactly family, params (defaults filled in), answer at full precision, steps', async () => {
    const out = JSON.parse(await solve('conv-output', ['size=32', 'kernel=3', 'stride=2', 'padding=1'], true));
    expect(Object.keys(out)).toEqual(['family', 'params', 'answer', 'steps']);
    expect(out.family).toBe('conv-output');
    expect(out.params).toEqual({ size: 32, kernel: 3, stride: 2, padding: 1, dilation: 1 });
    expect(out.answer).toBe(16); // ⌊(32 + 2 − 2 − 1)/2⌋ + 1
    expect(out.steps.length).toBeGreaterThan(1);
  });

  it('resolves string defaults: pool stride = kernel, base = e', async () => {
    const pool = JSON.parse(await solve('pool-output', ['size=224', 'kernel=2'], true));
    expect(pool.params.stride).toBe(2);
    expect(pool.answer).toBe(112);
    const kl = JSON.parse(await solve('kl', ['p=0.5,0.5', 'q=0.9,0.1'], true));
    expect(kl.params).toEqual({ p: [0.5, 0.5], q: [0.9, 0.1], base: Math.E });
    expect(kl.answer).toBeCloseTo(0.5108256237659907, 15);
  });

  it('reads lists with brackets and semicolons, and base=2', async () => {
    const js = JSON.parse(await solve('js', ['p=[1,0]', 'q=(0;1)', 'base=2'], true));
    expect(js.answer).toBeCloseTo(1, 12);
    const sm = JSON.parse(await solve('softmax', ['x=1,2,3'], true));
    expect(sm.answer).toHaveLength(3);
    expect(sm.answer[2]).toBeCloseTo(0.665241, 6);
  });

  it('prints the answer and the rendered worked solution as text', async () => {
    const text = await solve('entropy', ['p=0.5,0.5', 'base=2']);
    expect(text).toContain('entropy — Entropy of a distribution');
    expect(text).toContain('p=0.5,0.5 base=2');
    expect(text).toContain('Answer: 1\n');
    expect(text).toContain('H(p) = -Σᵢ pᵢ log₂ pᵢ');
    expect(text).not.toMatch(/\$|\\[a-z]/);
    expect(await solve('kl', ['p=0.5,0.5', 'q=0.9,0.1'])).toContain('p=0.5,0.5 q=0.9,0.1 base=e');
  });

  it('rejects bad input with exit code 2 and a message that names the problem', async () => {
    expect((await failure(undefined, [])).message).toMatch(/^name a family: .*conv-output.*--list/);
    expect((await failure('conv-outptu', [])).message).toMatch(/^unknown family "conv-outptu"; families: conv-output, /);
    expect((await failure('conv-output', ['size32'])).message).toMatch(/^malformed assignment "size32": expected key=value.*parameters of conv-output: size, kernel, stride, padding, dilation/);
    expect((await failure('conv-output', ['sizes=3'])).message).toBe('unknown parameter "sizes" for conv-output; parameters: size, kernel, stride, padding, dilation');
    expect((await failure('conv-output', ['size=abc', 'kernel=3'])).message).toMatch(/size=abc: "abc" is not a number/);
    expect((await failure('conv-output', ['kernel=3'])).message).toMatch(/^missing parameter size for conv-output \(required: size, kernel/);
    expect((await failure('conv-output', ['size=3', 'size=4', 'kernel=3'])).message).toBe('parameter size given twice');
    // the family's own validation
    expect((await failure('entropy', ['p=0.5,0.6'])).message).toBe('entropy: p must sum to 1 (its entries sum to 1.1)');
    expect((await failure('conv-output', ['size=2', 'kernel=5'])).message).toMatch(/^conv-output: the kernel spans 5 inputs/);
  });

  it('solves every family with its generated parameters passed back as key=value', async () => {
    const { instantiate } = await import('../../../src/questions/registry.js');
    for (const f of FAMILIES) {
      const inst = instantiate(f.id, 7, 2);
      const assignments = Object.entries(inst.params).map(([k, v]) => {
        const spec = f.params.find((s) => s.name === k);
        if (spec?.choices && typeof v === 'number') return `${k}=${spec.choices[v]}`;
        const show = (x: number): string => (x === Math.E ? 'e' : String(x));
        return `${k}=${Array.isArray(v) ? `[${v.map(show).join(',')}]` : show(v)}`;
      });
      const out = JSON.parse(await solve(f.id, assignments, true));
      expect(out.answer, f.id).toEqual(inst.answer);
    }
  });
});
