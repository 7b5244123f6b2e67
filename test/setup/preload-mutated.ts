/// <reference types="vite/client" />
/**
 * For `npm run mutation` only: loads every mutated module before a test file's tests run. Stryker
 * activates a mutant per test, so a mutant in module-level code (a table of patterns, a constant)
 * only takes effect when the module loads; that code is "static" and the config leaves it out
 * (`ignoreStatic`). A test that first imports such a module lazily (lint, the CLI's dynamic
 * imports) would otherwise make Stryker attribute the module's load to that one test and report
 * every static mutant as survived against it.
 */
import.meta.glob(
  [
    '../../src/security/*.ts',
    '../../src/checks/**/*.ts',
    '../../src/catalog/explain-query.ts',
    '../../src/targets/arn.ts',
    '../../src/probes/sse.ts',
    '../../src/probes/classify-error.ts',
    '../../src/engine/schedule-observations.ts',
    '../../src/teardown/teardown-checks.ts',
  ],
  { eager: true },
);
