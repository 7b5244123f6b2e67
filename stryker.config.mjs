/**
 * Mutation testing of the decision logic (`npm run mutation`): checks, explain's matching and
 * ranking, redaction and sanitising, ARN parsing, the SSE reader and the teardown judgement. The
 * vitest runner with per-test coverage runs only the in-process tests that reach a mutant.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/checks/**/*.ts',
    'src/catalog/explain-query.ts',
    'src/security/*.ts',
    'src/targets/arn.ts',
    'src/probes/sse.ts',
    'src/teardown/teardown-checks.ts',
  ],
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
  concurrency: 2,
  timeoutMS: 30_000,
  tempDirName: 'node_modules/.cache/stryker-tmp',
  cleanTempDir: 'always',
};
