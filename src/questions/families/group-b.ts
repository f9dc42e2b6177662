// Families of group B (optimizers, normalization, schedules, RL, GAN).
import type { Family } from '../types.js';

export const FAMILIES_B: Family[] = [];
