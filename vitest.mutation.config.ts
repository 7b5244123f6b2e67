import { defineConfig } from 'vitest/config';

/**
 * The in-process tests of the decision logic, for `npm run mutation`: end-to-end tests run the
 * built bundle, which a mutant of `src/` never reaches, so they are left out. A test file that
 * exercises a mutated module must be listed here, or its mutants count as untested.
 */
export default defineConfig({
  test: {
    include: [
      'test/checks/**/*.test.ts',
      'test/boundaries/**/*.test.ts',
      'test/security/**/*.test.ts',
      'test/targets/**/*.test.ts',
      'test/probes/{sse,classify-error,hostile-classification,fetch-response}*.test.ts',
      'test/report/explain*.test.ts',
      'test/report/pretty.test.ts',
      'test/catalog/**/*.test.ts',
      'test/probes/list-caps.test.ts',
      'test/cli/fleet-listing.test.ts',
      'test/properties/*.property.test.ts',
      'test/teardown/teardown-checks.test.ts',
      'test/engine/**/*.test.ts',
      'test/auth/**/*.test.ts',
    ],
    setupFiles: ['test/setup/require-assertions.ts', 'test/setup/preload-mutated.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
