// The GAN value at the optimal discriminator (sheet 716–717): with D*(x) = p_d/(p_d + p_g),
// V(D*, G) = Σ p_d ln(p_d/(p_d + p_g)) + Σ p_g ln(p_g/(p_d + p_g)) = −ln 4 + 2·JSD(p_d ‖ p_g).
import { fmt } from '../../format.js';
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { checkDistribution, checkSameLength, judge, klDivergence, randomDistributionPair, reader, REL_TOLERANCE, texVector, toleranceText } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'p_data', list: true, description: 'data distribution over the outcomes' },
  { name: 'p_g', list: true, description: 'generator distribution over the same outcomes' },
];

function read(p: Params) {
  const rd = reader(PARAMS, p);
  const pd = rd.list('p_data');
  const pg = rd.list('p_g');
  checkSameLength('p_data', pd, 'p_g', pg);
  checkDistribution('p_data', pd);
  checkDistribution('p_g', pg);
  return { pd, pg };
}

function solve(p: Params): Solution {
  const { pd, pg } = read(p);
  const m = pd.map((x, i) => (x + pg[i]!) / 2);
  const js = (klDivergence(pd, m, Math.E) + klDivergence(pg, m, Math.E)) / 2;
  const answer = -Math.log(4) + 2 * js;
  const tolerance = REL_TOLERANCE;
  const steps = [
    'At $D^*(x) = p_d/(p_d + p_g)$: $V(D^*, G) = \\sum_x p_d \\ln \\frac{p_d}{p_d + p_g} + \\sum_x p_g \\ln \\frac{p_g}{p_d + p_g} = -\\ln 4 + 2\\,\\mathrm{JSD}(p_d \\| p_g)$',
    `$m = (p_d + p_g)/2 = ${texVector(m, 4)}$, $\\mathrm{JSD} = \\tfrac12 D_{KL}(p_d\\|m) + \\tfrac12 D_{KL}(p_g\\|m) = ${fmt(js, 5)}$ nats`,
    `$V = -${fmt(Math.log(4), 5)} + 2 \\cdot ${fmt(js, 5)} = ${fmt(answer, 5)}$`,
    `Answer: ${fmt(answer, 4)}`,
  ];
  return {
    answer,
    tolerance,
    steps,
    ...judge(answer, tolerance, [
      { id: 'global-minimum', message: '−ln 4 is the value only when p_g = p_d; here the generator differs, adding 2·JSD.', value: -Math.log(4) },
      { id: 'no-log-four', message: 'You left out −ln 4: V(D*, G) = −ln 4 + 2·JSD.', value: 2 * js },
      { id: 'jsd-once', message: 'The JSD enters twice: V = −ln 4 + 2·JSD.', value: -Math.log(4) + js },
      { id: 'log-two', message: 'The constant is −ln 4 = −2 ln 2, not −ln 2.', value: -Math.log(2) + 2 * js },
      { id: 'bits', message: 'You used log base 2; the value uses natural logs.', value: answer / Math.log(2) },
    ]),
  };
}

function generate(rng: Rng, level: Level): Params {
  const { p, q } = randomDistributionPair(rng, level);
  return { p_data: p, p_g: q };
}

function prompt(p: Params): string {
  const { pd, pg } = read(p);
  return [
    `Over ${pd.length} outcomes the data has $p_{\\text{data}} = ${texVector(pd)}$ and the generator $p_g = ${texVector(pg)}$.`,
    'With the discriminator at its optimum $D^* = p_{\\text{data}}/(p_{\\text{data}} + p_g)$, what is the value $V(D^*, G) = \\mathbb E_{p_{\\text{data}}}[\\ln D^*] + \\mathbb E_{p_g}[\\ln(1 - D^*)]$ (natural log)?',
    `Answer ${toleranceText(REL_TOLERANCE)}.`,
  ].join(' ');
}

export const ganValue: Family = {
  id: 'gan-value',
  title: 'GAN value at the optimal discriminator',
  topic: 'gans',
  sheet: [716, 717],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
