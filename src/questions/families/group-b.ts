// Families of group B (optimizers, normalization, schedules, RL, GAN).
import type { Family } from '../types.js';
import { adagrad } from './adagrad.js';
import { adam } from './adam.js';
import { batchnorm } from './batchnorm.js';
import { discountedReturn } from './discounted-return.js';
import { ganOptimalDiscriminator } from './gan-optimal-discriminator.js';
import { lrSchedule } from './lr-schedule.js';
import { nesterov } from './nesterov.js';
import { policyEvaluation } from './policy-evaluation.js';
import { qLearning } from './q-learning.js';
import { rmsprop } from './rmsprop.js';
import { sarsa } from './sarsa.js';
import { sgdMomentum } from './sgd-momentum.js';
import { td0 } from './td0.js';
import { valueIteration } from './value-iteration.js';

export const FAMILIES_B: Family[] = [
  // training
  batchnorm,
  sgdMomentum,
  nesterov,
  adagrad,
  rmsprop,
  adam,
  lrSchedule,
  // rl-classical
  discountedReturn,
  valueIteration,
  policyEvaluation,
  qLearning,
  sarsa,
  td0,
  // gans
  ganOptimalDiscriminator,
];
