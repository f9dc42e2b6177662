import { describe, expect, it } from 'vitest';
import { runAsk } from '../../../src/commands/ask.js';
import { UserError } from '../../../src/errors.js';
import { FAMILIES, instantiate } from '../../../src/questions/registry.js';
import { fakeContext } from './solve-ask-context.js';

async function ask(input: string, opts: Parameters<typeof runAsk>[0]): Promise<string> {
  const ctx = fakeContext(input);
  await runAsk(opts, ctx);
  return ctx.stdout();
}

describe('deepcards ask', () => {
  it('checks a right answer and prints the verdict, the solution and the replay command', async () => {
    const inst = instantiate('conv-output', 123, 1);
    const out = await ask(`${inst.answer}\n`, { family: 'conv-output', seed: 123 });
    expect(out).toContain('conv-output · Convolution output size · level 1 · seed 123');
    expect(out).toContain('What is the output size');
    expect(out).toContain('answer: an integer');
    expect(out).toContain(`✓ correct · read as ${inst.answer} · expected ${inst.answer}`);
    expect(out).toContain('Worked solution');
    expect(out).toContain('replay: deepcards ask conv-output --seed 123 --level 1');
    expect(out).not.toContain('$');
  });

  it('names the likely mistake for a wrong answer', async () => {
    const inst = instantiate('conv-output', 123, 1);
    const out = await ask(`${(inst.answer as number) - 1}\n`, { family: 'conv-output', seed: 123 });
    expect(out).toContain('✗ wrong');
    expect(out).toContain('likely mistake: You forgot the +1');
  });

  it('explains an unreadable answer and asks again, at most 3 times', async () => {
    const inst = instantiate('entropy', 5, 2);
    const right = (inst.answer as number).toPrecision(4);
    const again = await ask(`x=1\n${right}\n`, { family: 'entropy', seed: 5, level: 2 });
    expect(again).toContain('could not read that: refused: assignment (=) is not allowed');
    expect(again).toContain('try again (2 tries left)');
    expect(again).toContain('✓ correct');

    const giveUp = await ask('x\ny\nz\n0.5\n', { family: 'entropy', seed: 5, level: 2 });
    expect(giveUp.match(/could not read that/g)).toHaveLength(3);
    expect(giveUp).toContain('giving up after 3 unreadable answers — the answer is');
    expect(giveUp).not.toContain('✓');
    expect(giveUp).toContain('Worked solution');
  });

  it('on end of input prints the solution', async () => {
    const out = await ask('', { family: 'softmax', seed: 9 });
    expect(out).toContain('no answer — the answer is [');
    expect(out).toContain('Worked solution');
  });

  it('reads list answers', async () => {
    const inst = instantiate('softmax', 9, 1);
    const out = await ask(`${(inst.answer as number[]).map((x) => x.toPrecision(4)).join(', ')}\n`, { family: 'softmax', seed: 9 });
    expect(out).toContain('✓ correct');
  });

  it('picks a family from the seed, and the seed from the clock when not given', async () => {
    const a = await ask('', { seed: 42 });
    const b = await ask('', { seed: 42 });
    expect(a).toBe(b);
    expect(FAMILIES.some((f) => a.startsWith(`${f.id} · `))).toBe(true);
    const ctx = fakeContext('', 1_700_000_123_456);
    await runAsk({}, ctx);
    expect(ctx.stdout()).toContain('seed 123456'); // now % 1,000,000
  });

  it('rejects an unknown family, a bad seed or level with exit code 2', async () => {
    await expect(runAsk({ family: 'nope', seed: 1 }, fakeContext())).rejects.toThrow(UserError);
    await expect(runAsk({ family: 'nope', seed: 1 }, fakeContext())).rejects.toThrow(/unknown family "nope"; families: conv-output/);
    await expect(runAsk({ family: 'kl', seed: -1 }, fakeContext())).rejects.toThrow(/--seed must be an integer/);
    await expect(runAsk({ family: 'kl', seed: 1, level: 4 as 1 }, fakeContext())).rejects.toThrow(/--level must be 1, 2 or 3/);
  });
});


describe('ask: the QA interface (--json, --seeds, --check)', () => {
  it('--json prints the instance with everything needed to stress-test it', async () => {
    const out = await ask('', { family: 'softmax', seed: 3, level: 2, json: true });
    const j = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['family', 'title', 'level', 'seed', 'params', 'prompt', 'answer', 'answerHint', 'tolerance', 'misconceptions', 'steps']);
    expect(j).toMatchObject({ family: 'softmax', level: 2, seed: 3 });
    // softmax of the printed logits, computed here
    const x = (j['params'] as { x: number[] }).x;
    const e = x.map(Math.exp);
    const z = e.reduce((a, b) => a + b, 0);
    (j['answer'] as number[]).forEach((v, i) => expect(v).toBeCloseTo(e[i]! / z, 12));
  });

  it('--seeds A-B prints one JSON line per seed; with --check, one verdict per seed', async () => {
    const lines = (await ask('', { family: 'rnn-params', level: 1, seeds: '5-9' })).trim().split('\n').map((l) => JSON.parse(l) as { seed: number });
    expect(lines.map((l) => l.seed)).toEqual([5, 6, 7, 8, 9]);
    const verdicts = (await ask('', { family: 'td0', level: 1, seeds: '0-3', check: '0' })).trim().split('\n').map((l) => JSON.parse(l) as { verdict: { kind: string } });
    expect(verdicts).toHaveLength(4);
    expect(verdicts.every((v) => v.verdict.kind === 'wrong')).toBe(true);
  });

  it('--check prints the verdict: correct, wrong with the named mistake, or unreadable with the reason', async () => {
    const inst = JSON.parse(await ask('', { family: 'td0', seed: 5, level: 2, json: true })) as { params: Record<string, number>; answer: number };
    const right = JSON.parse(await ask('', { family: 'td0', seed: 5, level: 2, check: String(inst.answer) })) as { verdict: { kind: string } };
    expect(right.verdict.kind).toBe('correct');
    const p = inst.params;
    const flip = p['v']! - p['alpha']! * (p['reward']! + p['gamma']! * p['next_v']! - p['v']!);
    const wrong = JSON.parse(await ask('', { family: 'td0', seed: 5, level: 2, check: String(flip) })) as { verdict: { kind: string; misconception?: { id: string } } };
    expect(wrong.verdict).toMatchObject({ kind: 'wrong', misconception: { id: 'td-sign-flip' } });
    const unread = JSON.parse(await ask('', { family: 'td0', seed: 5, level: 2, check: '-1.99 -1.09' })) as { verdict: { kind: string } };
    expect(unread.verdict.kind).toBe('unreadable');
  });

  it('refuses a malformed or too large --seeds range', async () => {
    await expect(ask('', { family: 'td0', seeds: '9-3' })).rejects.toThrow(/--seeds/);
    await expect(ask('', { family: 'td0', seeds: '0-1000000' })).rejects.toThrow(/at most/);
  });
});
