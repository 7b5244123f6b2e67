import { afterAll, describe, expect, it } from 'vitest';
import { startFixture } from '../../fixtures/start-fixture.js';
import { cleanUp, runNode } from '../../scripts/bench-process.js';
import { CLI_PATH } from '../helpers/run-cli.js';

/**
 * The v2 client (`@modelcontextprotocol/client`) loads only when a server served server/discover:
 * a diagnosis of a 2025-only server never pays for it, one of a dual-era server does.
 */
afterAll(cleanUp);

describe('the v2 MCP client in the bundled executable', () => {
  it.each([
    ['healthy-json', false],
    ['dual-era', true],
  ] as const)('against %s: loaded = %s', async (name, loaded) => {
    const fixture = await startFixture(name);
    try {
      const run = await runNode([CLI_PATH, fixture.url, '--format', 'json', '--timeout', '10s'], { trackImports: true, env: { NO_COLOR: '1' } });
      expect(run.code).toBe(0);
      expect(run.imports).toContain('@modelcontextprotocol/sdk');
      expect(run.imports?.includes('@modelcontextprotocol/client')).toBe(loaded);
    } finally {
      await fixture.stop();
    }
  }, 120_000);
});
