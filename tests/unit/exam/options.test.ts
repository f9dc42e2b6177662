// The exam's command-line values and the weakness score.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { defaultKeyPath, parseFormat, parseIntOption, parseMinutes, parseMix, parseTopics } from '../../../src/exam/options.js';
import { cardWeakness, weaknessMap } from '../../../src/exam/weakness.js';

function usage(f: () => unknown, message: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(2);
    expect((e as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected a usage error');
}

describe('options', () => {
  it('--topics: weights or plain names', () => {
    expect(parseTopics('cnn=2,rnn=1')).toEqual([{ topic: 'cnn', weight: 2 }, { topic: 'rnn', weight: 1 }]);
    expect(parseTopics('cnn, rnn')).toEqual([{ topic: 'cnn', weight: 1 }, { topic: 'rnn', weight: 1 }]);
    expect(parseTopics('cnn=0.5,rl-deep')).toEqual([{ topic: 'cnn', weight: 0.5 }, { topic: 'rl-deep', weight: 1 }]);
    usage(() => parseTopics('cnn=0'), /greater than 0/);
    usage(() => parseTopics('cnn=x'), /not a number/);
    usage(() => parseTopics('cnn,cnn'), /twice/);
    usage(() => parseTopics('CNN'), /not a topic name/);
    usage(() => parseTopics(','), /give topic names/);
  });

  it('--mix: kinds and shares; missing kinds are 0', () => {
    expect(parseMix('numeric=0.4,choice=0.3,recall=0.3')).toEqual({ numeric: 0.4, choice: 0.3, recall: 0.3 });
    expect(parseMix('recall=1')).toEqual({ numeric: 0, choice: 0, recall: 1 });
    usage(() => parseMix('essay=1'), /not one of/);
    usage(() => parseMix('numeric'), /give a share/);
    usage(() => parseMix('numeric=0'), /at least one/);
    usage(() => parseMix('numeric=-1'), /not a number/);
  });

  it('--count, --seed, --minutes, --format, key path', () => {
    expect(parseIntOption('30', '--count', 1, 500)).toBe(30);
    expect(parseIntOption(undefined, '--count', 1, 500)).toBeUndefined();
    usage(() => parseIntOption('0', '--count', 1, 500), /--count must be an integer from 1 to 500/);
    usage(() => parseIntOption('1.5', '--seed', 0, 10), /--seed/);
    expect(parseMinutes('90')).toBe(90);
    expect(parseMinutes('0.5')).toBe(0.5);
    usage(() => parseMinutes('0'), /greater than 0/);
    expect(parseFormat(undefined, 'exam.html')).toBe('html');
    expect(parseFormat(undefined, 'exam.json')).toBe('json');
    expect(parseFormat(undefined, undefined)).toBe('md');
    expect(parseFormat('HTML', 'x.md')).toBe('html');
    usage(() => parseFormat('pdf', undefined), /md, html or json/);
    expect(defaultKeyPath('exam.md')).toBe('exam-key.md');
    expect(defaultKeyPath('out/exam.v2.html')).toBe('out/exam.v2-key.html');
    expect(defaultKeyPath('out.d/exam')).toBe('out.d/exam-key');
  });
});

describe('weakness', () => {
  it('is 0 for an untroubled card and 1 at the worst, weighting lapses, recent failures, EF and topic retention', () => {
    expect(cardWeakness({ lapses: 0, ef: 250, recentFailures: 0, topicRetention: undefined })).toBe(0);
    expect(cardWeakness({ lapses: 0, ef: 250, recentFailures: 0, topicRetention: 1 })).toBe(0);
    expect(cardWeakness({ lapses: 5, ef: 130, recentFailures: 4, topicRetention: 0 })).toBe(1);
    expect(cardWeakness({ lapses: 3, ef: 250, recentFailures: 0, topicRetention: 1 })).toBe(0.35);
    expect(cardWeakness({ lapses: 0, ef: 250, recentFailures: 1, topicRetention: 1 })).toBe(0.15);
    expect(cardWeakness({ lapses: 0, ef: 200, recentFailures: 0, topicRetention: 1 })).toBe(0.1);
    expect(cardWeakness({ lapses: 0, ef: 250, recentFailures: 0, topicRetention: 0.6 })).toBe(0.06);
  });

  it('weaknessMap joins topic retention', () => {
    const m = weaknessMap([{ cardId: 'a.x', topic: 'a', lapses: 0, ef: 250, recentFailures: 0 }], new Map([['a', 0.5]]));
    expect(m.get('a.x')).toBe(0.075);
  });
});
