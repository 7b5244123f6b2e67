/**
 * Mutation testing of the decision logic (`npm run mutation`): checks (with the stack
 * fingerprint), explain's matching and ranking, redaction and sanitising, ARN parsing, the SSE
 * reader, the error classifier, the scheduler and the teardown judgement. The
 * vitest runner with per-test coverage runs only the in-process tests that reach a mutant.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  // `related` finds no test through the .js-suffixed imports of .ts sources; per-test coverage still
  // runs only the tests that reach each mutant.
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // Module-level constants (tables, patterns) would rerun every test per mutant; their behaviour is
  // covered through the functions that use them.
  ignoreStatic: true,
  mutate: [
    'src/checks/**/*.ts',
    'src/catalog/explain-query.ts',
    'src/security/*.ts',
    'src/targets/arn.ts',
    'src/probes/sse.ts',
    'src/probes/classify-error.ts',
    'src/probes/fetch-response.ts',
    'src/cli/fleet-listing.ts',
    'src/engine/schedule-observations.ts',
    'src/teardown/teardown-checks.ts',
  ],
  // A rerun tests only the mutants whose code or covering tests changed since the last one.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
  concurrency: 2,
  timeoutMS: 30_000,
  tempDirName: 'node_modules/.cache/stryker-tmp',
  // TypeScript 7 has no JavaScript API for Stryker's tsconfig rewriting; the project needs none
  // (no project references, no `extends` outside the folder), so no tsconfig is named.
  tsconfigFile: 'stryker-has-no-tsconfig.json',
  cleanTempDir: 'always',
};
