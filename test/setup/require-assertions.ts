import { beforeEach, expect } from 'vitest';

/**
 * Every test must make at least one assertion at run time: a test whose `expect` calls all sit
 * behind a branch that did not run passes vacuously otherwise. A type-level check (`expectTypeOf`)
 * gets a run-time counterpart: `npm run typecheck` fails the types, the counterpart the behaviour.
 */
beforeEach(() => {
  expect.hasAssertions();
});
