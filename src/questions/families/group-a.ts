// Families of group A (CNN shapes, information theory, softmax/logistic, attention).
import type { Family } from '../types.js';
import { attentionWeightsFamily } from './attention-weights.js';
import { convOutput } from './conv-output.js';
import { convParams } from './conv-params.js';
import { convTransposeOutput } from './conv-transpose-output.js';
import { crossEntropyFamily } from './cross-entropy.js';
import { entropyFamily } from './entropy.js';
import { jsFamily } from './js.js';
import { klGaussianFamily } from './kl-gaussian.js';
import { klFamily } from './kl.js';
import { poolOutput } from './pool-output.js';
import { receptiveFieldFamily } from './receptive-field.js';
import { sigmoidNll } from './sigmoid-nll.js';
import { softmaxFamily } from './softmax.js';

export const FAMILIES_A: Family[] = [
  convOutput,
  convTransposeOutput,
  poolOutput,
  convParams,
  receptiveFieldFamily,
  entropyFamily,
  crossEntropyFamily,
  klFamily,
  jsFamily,
  klGaussianFamily,
  softmaxFamily,
  sigmoidNll,
  attentionWeightsFamily,
];
