import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFixture } from '../../fixtures/start-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** Every form of `secret` a leak could take: raw, base64, base64url, URL-encoded, long substrings. */
function leakForms(secret: string): string[] {
  const forms = [secret, Buffer.from(secret).toString('base64').replace(/=+$/, ''), Buffer.from(secret).toString('base64url'), encodeURIComponent(secret)];
  for (let i = 0; i + 12 <= secret.length; i += 4) forms.push(secret.slice(i, i + 12));
  return forms;
}

describe('the bearer token never leaves the process', () => {
  it('is absent from every output even when the server echoes it back', async () => {
    const token = `tok_${'9f8e7d6c5b4a'.repeat(3)}-echo`;
    const dir = makeTempDir('secrets');
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${token}\n`);
    const fixture = await startFixture('token-echo');
    try {
      const outputs: string[] = [];
      for (const format of ['pretty', 'json', 'junit']) {
        const result = await runCli([fixture.url, '--token-file', tokenFile, '--format', format, '--verbose', '--json', join(dir, `r-${format}.json`), '--junit', join(dir, `r-${format}.xml`)]);
        // The fixture checks no token at all, so the run fails on UNAUTHENTICATED_ACCESS_ALLOWED.
        expect(result.code).toBe(1);
        outputs.push(result.stdout, result.stderr, readFileSync(join(dir, `r-${format}.json`), 'utf8'), readFileSync(join(dir, `r-${format}.xml`), 'utf8'));
      }
      const viaEnv = await runCli([fixture.url, '--format', 'json', '--output', join(dir, 'env.json')], { env: { MCP_DOCTOR_TOKEN: token } });
      outputs.push(viaEnv.stdout, viaEnv.stderr, readFileSync(join(dir, 'env.json'), 'utf8'));
      expect(outputs.join('\n')).toContain('TOKEN_REFLECTED');
      for (const output of outputs) for (const form of leakForms(token)) expect(output).not.toContain(form);
      // The server really did see the token: the test would prove nothing otherwise.
      expect(fixture.requests.some((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
    } finally {
      await fixture.stop();
    }
  });

  it('sends Authorization only to the exact target origin, never along a redirect', async () => {
    const token = 'redirect-token-0123456789abcdef';
    // Another origin on this machine (a different port): where a careless client would follow.
    const elsewhere = await startFixture('healthy-json');
    const redirecting = await startFixture({
      name: 'redirect-to-other-origin',
      description: 'every request → 307 to the same path on another origin',
      path: '/mcp',
      create: () => ({
        handle(req, res) {
          res.writeHead(307, { location: `${elsewhere.origin}${req.url ?? '/mcp'}` }).end();
        },
      }),
    });
    try {
      const result = await runCli([redirecting.url, '--format', 'json'], { env: { MCP_DOCTOR_TOKEN: token } });
      expect(result.stdout).toContain('UNEXPECTED_REDIRECT');
      expect(redirecting.requests.some((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
      // Only the auth probes go without the token, and they never carry any part of it.
      for (const request of redirecting.requests) {
        const auth = String(request.headers.authorization ?? '');
        expect(auth === `Bearer ${token}` || !auth.includes(token)).toBe(true);
      }
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await redirecting.stop();
      await elsewhere.stop();
    }
  });
});
