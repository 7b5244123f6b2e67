import type { LintRule } from '../types.js';

/** Every lint rule, in report order: server source first, then deployment configuration. */
export const lintRules: readonly LintRule[] = [];
