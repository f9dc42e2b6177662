// Families of group A (CNN shapes, information theory, softmax/logistic, attention).
import type { Family } from '../types.js';

export const FAMILIES_A: Family[] = [];
