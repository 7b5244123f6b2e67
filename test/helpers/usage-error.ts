import { expect } from 'vitest';
import { UsageError } from '../../src/model/errors.js';

/** The `UsageError` that `fn` throws; fails the test when it throws nothing or something else. */
export function usageErrorOf(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}
