import { defineConfig } from 'vitest/config';

/**
 * The in-process tests of the decision logic, for `npm run mutation`: end-to-end tests run the
 * built bundle, which a mutant of `src/` never reaches, so they are left out.
 */
export default defineConfig({
  test: {
    include: [
      'test/checks/**/*.test.ts',
      'test/boundaries/**/*.test.ts',
      'test/security/**/*.test.ts',
      'test/targets/**/*.test.ts',
      'test/probes/sse.test.ts',
      'test/probes/classify-error.test.ts',
      'test/probes/hostile-classification.test.ts',
      'test/report/explain.test.ts',
      'test/teardown/teardown-checks.test.ts',
      'test/engine/**/*.test.ts',
      'test/auth/**/*.test.ts',
    ],
    setupFiles: ['test/setup/require-assertions.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
