// Exam assembly: determinism over many seeds (the exam and every rendering byte for byte), topic
// balance within ±1 of the target, no card twice, the kind mix, seeded choices and numeric instances.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadDecksOrThrow } from '../../../src/decks/load.js';
import type { Deck } from '../../../src/decks/model.js';
import {
  assembleExam, cappedQuotas, citedLines, eligible, fillTable, kindOf, MINUTES_PER, POINTS, questionSeed, roundQuotas,
} from '../../../src/exam/assemble.js';
import { clearMathCache, renderHtmlExam, renderHtmlKey } from '../../../src/exam/render-html.js';
import { renderJsonExam } from '../../../src/exam/render-json.js';
import { renderMarkdownExam, renderMarkdownKey } from '../../../src/exam/render-markdown.js';
import type { Exam } from '../../../src/exam/types.js';
import { instantiate } from '../../../src/questions/registry.js';
import { UserError } from '../../../src/errors.js';

const BUNDLED = loadDecksOrThrow(['decks']);
const FIXTURE = loadDecksOrThrow(['tests/fixtures/exam/decks']);
const SEEDS = Array.from({ length: 200 }, (_x, i) => i * 7919 + 1);
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function renderAll(exam: Exam, html: boolean): string[] {
  const out = [renderMarkdownExam(exam), renderMarkdownKey(exam), renderJsonExam(exam)];
  if (html) {
    clearMathCache();
    out.push(renderHtmlExam(exam), renderHtmlKey(exam));
  }
  return out.map(sha);
}

/** Eligible cards per topic, independently of the assembler's own bookkeeping. */
function poolSizes(decks: readonly Deck[]): Map<string, number> {
  return new Map(decks.map((d) => [d.topic, d.cards.filter((c) => eligible(c)).length]));
}

describe('determinism', () => {
  it('the same seed gives the same exam and the same bytes in md, key, json and html (200 seeds)', { timeout: 120_000 }, () => {
    for (const [i, seed] of SEEDS.entries()) {
      const count = 10 + (i % 5) * 5;
      const a = assembleExam(BUNDLED, { seed, count });
      const b = assembleExam(structuredClone(BUNDLED), { seed, count });
      expect(b).toEqual(a);
      // HTML (KaTeX, typeset afresh) on every 10th seed keeps the test fast; md, key and json on all 200.
      expect(renderAll(b, i % 10 === 0)).toEqual(renderAll(a, i % 10 === 0));
    }
  });

  it('different seeds give different exams', () => {
    const ids = new Set(SEEDS.slice(0, 50).map((seed) => assembleExam(BUNDLED, { seed, count: 20 }).questions.map((q) => q.cardId).join()));
    expect(ids.size).toBe(50);
  });

  it('the header carries the seed and the options that regenerate the exam', () => {
    const exam = assembleExam(BUNDLED, { seed: 42, count: 12, topics: [{ topic: 'cnn', weight: 2 }, { topic: 'rnn', weight: 1 }], minutes: 30 });
    expect(exam.args).toBe('--seed 42 --count 12 --topic cnn=2,rnn=1 --mix numeric=0.4,choice=0.3,recall=0.3 --minutes 30');
    expect(renderMarkdownExam(exam)).toContain('`deepcards exam --seed 42 --count 12 --topic cnn=2,rnn=1 --mix numeric=0.4,choice=0.3,recall=0.3 --minutes 30 --format md`');
    expect(renderMarkdownExam(exam)).toContain('seed 42 · 12 questions');
  });
});

describe('balance', () => {
  it('default weights: each topic gets within ±1 of count × (its cited sheet lines / all cited lines) (200 seeds)', () => {
    const lines = new Map(BUNDLED.map((d) => [d.topic, citedLines(d)]));
    const total = [...lines.values()].reduce((a, b) => a + b, 0);
    for (const [i, seed] of SEEDS.entries()) {
      const count = 8 + (i % 12) * 8; // 8 … 96
      const exam = assembleExam(BUNDLED, { seed, count });
      expect(exam.questions).toHaveLength(count);
      for (const d of BUNDLED) {
        const target = (count * lines.get(d.topic)!) / total;
        const got = exam.questions.filter((q) => q.topic === d.topic).length;
        expect(Math.abs(got - target), `${d.topic} seed ${seed} count ${count}`).toBeLessThan(1);
      }
    }
  });

  it('explicit weights cnn=2,rnn=1,vae=1 (200 seeds)', () => {
    const topics = [{ topic: 'cnn', weight: 2 }, { topic: 'rnn', weight: 1 }, { topic: 'vae', weight: 1 }];
    for (const [i, seed] of SEEDS.entries()) {
      const count = 4 + (i % 9) * 4;
      const exam = assembleExam(BUNDLED, { seed, count, topics });
      for (const t of topics) {
        const got = exam.questions.filter((q) => q.topic === t.topic).length;
        expect(Math.abs(got - (count * t.weight) / 4)).toBeLessThan(1);
      }
      expect(exam.questions.every((q) => topics.some((t) => t.topic === q.topic))).toBe(true);
    }
  });

  it('a topic whose pool is too small gives its pool and the rest is shared by weight', () => {
    const sizes = poolSizes(FIXTURE);
    // delta has 3 cards; with weight 10 against gamma's 1 it is capped at 3
    const exam = assembleExam(FIXTURE, { seed: 1, count: 7, topics: [{ topic: 'delta', weight: 10 }, { topic: 'gamma', weight: 1 }] });
    expect(exam.questions.filter((q) => q.topic === 'delta')).toHaveLength(sizes.get('delta')!);
    expect(exam.questions.filter((q) => q.topic === 'gamma')).toHaveLength(4);
  });
});

describe('content', () => {
  it('no card twice; cloze cards give one deletion; items match the cards (200 seeds)', () => {
    const cards = new Map(BUNDLED.flatMap((d) => d.cards.map((c) => [c.id, c] as const)));
    for (const seed of SEEDS) {
      const exam = assembleExam(BUNDLED, { seed, count: 60 });
      const ids = exam.questions.map((q) => q.cardId);
      expect(new Set(ids).size).toBe(ids.length);
      exam.questions.forEach((q, i) => {
        expect(q.position).toBe(i + 1);
        const card = cards.get(q.cardId)!;
        expect(q.kind).toBe(kindOf(card));
        expect(q.points).toBe(POINTS[q.kind]);
        if (card.type === 'cloze') expect(q.itemId).toMatch(new RegExp(`^${q.cardId.replace(/\./g, '\\.')}#c\\d+$`));
        else expect(q.itemId).toBe(q.cardId);
      });
      expect(exam.maxScore).toBe(exam.questions.reduce((a, q) => a + q.points, 0));
      expect(exam.minutes).toBe(Math.ceil(exam.questions.reduce((a, q) => a + MINUTES_PER[q.kind], 0)));
    }
  });

  it('meets the kind mix when the pools allow it', () => {
    for (const seed of SEEDS.slice(0, 50)) {
      const exam = assembleExam(BUNDLED, { seed, count: 30 });
      expect(exam.kinds).toEqual({ numeric: 12, choice: 9, recall: 9 });
      expect(exam.notes).toEqual([]);
    }
    const recallOnly = assembleExam(BUNDLED, { seed: 3, count: 20, mix: { numeric: 0, choice: 0, recall: 1 } });
    expect(recallOnly.kinds).toEqual({ numeric: 0, choice: 0, recall: 20 });
  });

  it('says so when a kind is short, and fills with what there is', () => {
    // gamma + delta have 2 choice cards; ask for 5 choice questions
    const exam = assembleExam(FIXTURE, { seed: 5, count: 8, mix: { numeric: 0, choice: 1, recall: 0 } });
    expect(exam.questions).toHaveLength(8);
    expect(exam.kinds.choice).toBe(2);
    expect(exam.notes.join()).toMatch(/choice: 2 questions instead of 8/);
  });

  it('choice options are the card choices shuffled by the seed, with the answer index right', () => {
    const orders = new Set<string>();
    for (const seed of SEEDS) {
      const exam = assembleExam(FIXTURE, { seed, count: 8 });
      const q = exam.questions.find((x) => x.cardId === 'gamma.zero');
      if (q?.kind !== 'choice') throw new Error('gamma.zero missing');
      expect([...q.options].sort()).toEqual(['ReLU', 'Sigmoid', 'Tanh']);
      expect(q.options[q.answerIndex]).toBe('Tanh');
      orders.add(q.options.join());
    }
    expect(orders.size).toBe(6);
  });

  it('numeric questions are fresh instances: seed from the exam seed, the position and the card', () => {
    const seen = new Set<number>();
    for (const seed of SEEDS.slice(0, 40)) {
      const exam = assembleExam(FIXTURE, { seed, count: 8 });
      for (const q of exam.questions) {
        if (q.kind !== 'numeric') continue;
        expect(q.seed).toBe(questionSeed(seed, q.position, q.cardId));
        const inst = instantiate(q.family, q.seed, q.level);
        expect(q.answer).toEqual(inst.answer);
        expect(q.prompt).toBe(inst.prompt);
        expect(q.steps).toEqual(inst.steps);
        seen.add(q.seed);
      }
    }
    expect(seen.size).toBe(80);
  });

  it('questions follow the course: topics by first sheet line, cards in deck order', () => {
    const exam = assembleExam(BUNDLED, { seed: 9, count: 40 });
    const topicOrder = [...new Set(exam.questions.map((q) => q.topic))];
    const first = (t: string): number => Math.min(...BUNDLED.find((d) => d.topic === t)!.cards.flatMap((c) => c.sheet));
    expect([...topicOrder].sort((a, b) => first(a) - first(b))).toEqual(topicOrder);
  });
});

describe('--weak', () => {
  it('leans towards weak cards and weak topics', () => {
    const weak = new Map<string, number>();
    const cnn = BUNDLED.find((d) => d.topic === 'cnn')!;
    const weakIds = cnn.cards.filter((c) => c.type === 'basic').slice(0, 5).map((c) => c.id);
    for (const id of weakIds) weak.set(id, 1);
    let hitsWeak = 0;
    let hitsPlain = 0;
    let cnnWeak = 0;
    let cnnPlain = 0;
    for (const seed of SEEDS.slice(0, 100)) {
      const a = assembleExam(BUNDLED, { seed, count: 30, weakness: weak });
      const b = assembleExam(BUNDLED, { seed, count: 30 });
      hitsWeak += a.questions.filter((q) => weakIds.includes(q.cardId)).length;
      hitsPlain += b.questions.filter((q) => weakIds.includes(q.cardId)).length;
      cnnWeak += a.questions.filter((q) => q.topic === 'cnn').length;
      cnnPlain += b.questions.filter((q) => q.topic === 'cnn').length;
      expect(a.settings.weak).toBe(true);
      expect(a.args).toContain('--weak');
    }
    expect(hitsWeak).toBeGreaterThan(3 * hitsPlain);
    expect(cnnWeak).toBeGreaterThanOrEqual(cnnPlain);
  });
});

describe('errors', () => {
  it('rejects unknown topics, bad counts and bad seeds as usage errors', () => {
    const usage = (f: () => unknown): void => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        expect((e as UserError).exitCode).toBe(2);
        return;
      }
      throw new Error('no error');
    };
    usage(() => assembleExam(BUNDLED, { seed: 1, count: 5, topics: [{ topic: 'nope', weight: 1 }] }));
    usage(() => assembleExam(BUNDLED, { seed: 1, count: 0 }));
    usage(() => assembleExam(BUNDLED, { seed: -1, count: 5 }));
    usage(() => assembleExam(BUNDLED, { seed: 1, count: 5, mix: { numeric: 0, choice: 0, recall: 0 } }));
  });

  it('a count larger than the pool gives the whole pool and a note', () => {
    const exam = assembleExam(FIXTURE, { seed: 1, count: 50 });
    expect(exam.questions).toHaveLength(8);
    expect(exam.notes[0]).toMatch(/only 8 questions are available/);
  });
});

describe('allocation helpers', () => {
  it('cappedQuotas shares by weight and spreads what a cap cuts off', () => {
    expect(cappedQuotas([1, 1, 2], [10, 10, 10], 8)).toEqual([2, 2, 4]);
    expect(cappedQuotas([1, 1, 8], [10, 10, 2], 10)).toEqual([4, 4, 2]);
  });

  it('roundQuotas gives floor or ceil and the exact total; ties by rank', () => {
    expect(roundQuotas([1.5, 1.5, 1], 4, [1, 0, 2])).toEqual([1, 2, 1]);
    expect(roundQuotas([1.5, 1.5, 1], 4, [0, 1, 2])).toEqual([2, 1, 1]);
    expect(roundQuotas([0.2, 0.9, 2.9], 4, [0, 1, 2])).toEqual([0, 1, 3]);
  });

  it('fillTable meets row sums and, where possible, column sums', () => {
    // rows: topics; columns: numeric, choice, recall
    const avail = [[0, 1, 10], [5, 0, 10], [5, 5, 10]];
    const t = fillTable(avail, [4, 4, 4], [4, 4, 4], [0, 1, 2]);
    expect(t.map((r) => r.reduce((a, b) => a + b, 0))).toEqual([4, 4, 4]);
    expect([0, 1, 2].map((k) => t.reduce((a, r) => a + r[k]!, 0))).toEqual([4, 4, 4]);
    t.forEach((r, i) => r.forEach((n, k) => expect(n).toBeLessThanOrEqual(avail[i]![k]!)));
  });
});
