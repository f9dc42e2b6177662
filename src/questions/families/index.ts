// Every question family, by deck topic. A new family lives in families/<topic>/<id>.ts and is
// listed here; shared helpers and the one parameter reader are in families/common.ts.
import type { Family } from '../types.js';
import { nerfRendering } from './implicit-surfaces/nerf-rendering.js';
import { ganValue } from './gans/gan-value.js';
import { neuronGradient } from './nn-basics/neuron-gradient.js';
import { perceptron } from './nn-basics/perceptron.js';
import { softmaxCeGradient } from './nn-basics/softmax-ce-gradient.js';
import { epsilonGreedy } from './rl-classical/epsilon-greedy.js';
import { firstVisitMc } from './rl-classical/first-visit-mc.js';
import { advantage } from './rl-deep/advantage.js';
import { reinforceBaseline } from './rl-deep/reinforce-baseline.js';
import { gradientClipping } from './rnn/gradient-clipping.js';
import { rnnParams } from './rnn/rnn-params.js';
import { batchnormRunning } from './training/batchnorm-running.js';
import { swaAverage } from './training/swa-average.js';
import { vaeReparam } from './vae/vae-reparam.js';
import { attentionWeightsFamily } from './autoregressive/attention-weights.js';
import { convOutput } from './cnn/conv-output.js';
import { convParams } from './cnn/conv-params.js';
import { convTransposeOutput } from './cnn/conv-transpose-output.js';
import { poolOutput } from './cnn/pool-output.js';
import { receptiveFieldFamily } from './cnn/receptive-field.js';
import { crossEntropyFamily } from './essentials/cross-entropy.js';
import { entropyFamily } from './essentials/entropy.js';
import { jsFamily } from './essentials/js.js';
import { klGaussianFamily } from './essentials/kl-gaussian.js';
import { klFamily } from './essentials/kl.js';
import { ganOptimalDiscriminator } from './gans/gan-optimal-discriminator.js';
import { sigmoidNll } from './nn-basics/sigmoid-nll.js';
import { softmaxFamily } from './nn-basics/softmax.js';
import { discountedReturn } from './rl-classical/discounted-return.js';
import { policyEvaluation } from './rl-classical/policy-evaluation.js';
import { qLearning } from './rl-classical/q-learning.js';
import { sarsa } from './rl-classical/sarsa.js';
import { td0 } from './rl-classical/td0.js';
import { valueIteration } from './rl-classical/value-iteration.js';
import { adagrad } from './training/adagrad.js';
import { adam } from './training/adam.js';
import { batchnorm } from './training/batchnorm.js';
import { lrSchedule } from './training/lr-schedule.js';
import { nesterov } from './training/nesterov.js';
import { rmsprop } from './training/rmsprop.js';
import { sgdMomentum } from './training/sgd-momentum.js';

export const FAMILIES: readonly Family[] = [
  // cnn
  convOutput,
  convTransposeOutput,
  poolOutput,
  convParams,
  receptiveFieldFamily,
  // essentials
  entropyFamily,
  crossEntropyFamily,
  klFamily,
  jsFamily,
  klGaussianFamily,
  // nn-basics
  softmaxFamily,
  sigmoidNll,
  neuronGradient,
  softmaxCeGradient,
  perceptron,
  // autoregressive
  attentionWeightsFamily,
  // training
  batchnorm,
  sgdMomentum,
  nesterov,
  adagrad,
  rmsprop,
  adam,
  lrSchedule,
  batchnormRunning,
  swaAverage,
  // rl-classical
  discountedReturn,
  valueIteration,
  policyEvaluation,
  qLearning,
  sarsa,
  td0,
  epsilonGreedy,
  firstVisitMc,
  // rl-deep
  advantage,
  reinforceBaseline,
  // rnn
  rnnParams,
  gradientClipping,
  // vae
  vaeReparam,
  // implicit-surfaces
  nerfRendering,
  // gans
  ganOptimalDiscriminator,
  ganValue,
];
