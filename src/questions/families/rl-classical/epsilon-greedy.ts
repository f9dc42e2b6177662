// ε-greedy action probabilities (sheet 918–920): with n actions, the greedy one gets 1 − ε + ε/n,
// every other ε/n (exploration picks uniformly among all actions, the greedy one included).
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, reader, REL_TOLERANCE, texVector, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'q', list: true, description: 'Q(s, a) for each action (one largest value)' },
  { name: 'epsilon', description: 'exploration probability ε, in [0, 1]' },
];

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const q = rd.list('q');
  const eps = rd.num('epsilon');
  if (q.length < 2) throw new Error('q needs at least 2 actions');
  if (!(eps >= 0 && eps <= 1)) throw new Error('epsilon must be in [0, 1]');
  const best = Math.max(...q);
  if (q.filter((x) => x === best).length > 1) throw new Error('q must have a single largest value (ties would share the greedy mass)');
  return { q, eps };
}

function solve(p: Params): Solution {
  const { q, eps } = read(p);
  const n = q.length;
  const g = q.indexOf(Math.max(...q));
  const answer = q.map((_x, i) => (i === g ? 1 - eps + eps / n : eps / n));
  const tolerance = REL_TOLERANCE;
  const steps = [
    'ε-greedy: with probability $1-\\varepsilon$ take the greedy action, with probability $\\varepsilon$ a uniformly random one (possibly the greedy one again)',
    `Greedy action ${g + 1} ($Q = ${fmt(q[g]!, 6)}$): $1 - ${fmt(eps, 6)} + ${fmt(eps, 6)}/${n} = ${fmt(answer[g]!, 5)}$; each other: $${fmt(eps, 6)}/${n} = ${fmt(eps / n, 5)}$`,
    `Answer: ${answer.map((x) => fmt(x, 4)).join(', ')}`,
  ];
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      { id: 'exclude-greedy', message: 'Exploration picks among all n actions, the greedy one included: others get ε/n, not ε/(n−1).', value: q.map((_x, i) => (i === g ? 1 - eps : eps / (n - 1))) },
      { id: 'greedy-one-minus-eps', message: 'The greedy action also gets its share ε/n of the exploration: 1 − ε + ε/n.', value: q.map((_x, i) => (i === g ? 1 - eps : eps / n)) },
      { id: 'eps-greedy-swapped', message: 'ε is the probability of exploring, not of acting greedily.', value: q.map((_x, i) => (i === g ? eps + (1 - eps) / n : (1 - eps) / n)) },
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  const n = level === 1 ? 3 : rng.int(3, 5);
  for (;;) {
    const q = Array.from({ length: n }, () => (level === 1 ? rng.int(0, 5) : rng.int(-20, 30) / 10));
    const best = Math.max(...q);
    if (q.filter((x) => x === best).length === 1) return { q, epsilon: rng.pick(level === 1 ? [0.1, 0.2, 0.3] : [0.05, 0.1, 0.2, 0.25, 0.3, 0.5]) };
  }
}

function prompt(p: Params): string {
  const { q, eps } = read(p);
  return [
    `In state $s$ the action values are $Q(s, \\cdot) = ${texVector(q)}$. The agent acts ε-greedily with $\\varepsilon = ${fmt(eps, 6)}$`,
    '(with probability ε it picks an action uniformly at random among all actions).',
    `What is the probability of each action? Give the ${q.length} probabilities in order, each ${toleranceText(REL_TOLERANCE)}.`,
  ].join(' ');
}

export const epsilonGreedy: Family = {
  id: 'epsilon-greedy',
  title: 'ε-greedy action probabilities',
  topic: 'rl-classical',
  sheet: [918, 920],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
