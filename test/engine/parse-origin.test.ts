import { describe, expect, it } from 'vitest';
import { parseOrigin } from '../../src/engine/run-doctor.js';
import { usageErrorOf } from '../helpers/usage-error.js';

describe('--origin', () => {
  it.each([
    ['https://app.example', 'https://app.example'],
    ['https://app.example/', 'https://app.example'],
    ['http://localhost:5173', 'http://localhost:5173'],
    ['HTTPS://App.Example:443', 'https://app.example'],
  ])('%s is sent as %s', (input, origin) => {
    expect(parseOrigin(input)).toBe(origin);
  });

  it.each(['app.example', 'ftp://app.example', 'https://app.example/page', 'https://app.example/?q=1', 'https://user:pw@app.example', 'https://app.example/#x'])('%s is a usage error', (input) => {
    expect(usageErrorOf(() => parseOrigin(input)).message).toMatch(/^--origin must be an http\(s\) origin/);
  });
});
