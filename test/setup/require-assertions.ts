import { beforeEach, expect } from 'vitest';

/**
 * Every test must make at least one assertion at run time: a test whose `expect` calls all sit
 * behind a branch that did not run passes vacuously otherwise. A test that legitimately asserts
 * nothing at run time (a type-level check) opts out by calling `expect.assertions(0)`.
 */
beforeEach(() => {
  expect.hasAssertions();
});
