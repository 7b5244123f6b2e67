import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { maskSourceSecrets, Redactor, REDACTED, registerEnvironmentSecrets } from '../../src/security/redact.js';
import { createSampleServer, serveStatelessRequest } from '../../src/sim/containers/mcp-app.js';
import { listenLocal } from '../../src/sim/listen.js';
import { runCli } from '../helpers/run-cli.js';
import { runs, timeoutFor } from './runs.js';

/**
 * Secrets wherever they hide (issue 16), beyond those the doctor is handed: environment secrets
 * of every command, credentials in a target URL's query and path, the token's hex form, and keys
 * in the source lines lint quotes. No leak form may reach an output.
 */

const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const keyArb = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...KEY_CHARS), minLength: min, maxLength: max });
// (`other` below draws from a-j and '-' only: it shares no 12-character piece with an issued key, whose digits sit in the middle.)
/** High-entropy keys: letters and digits mixed, as issued keys are. */
const issuedKey = fc.tuple(keyArb(10, 30), fc.integer({ min: 1000, max: 9_999_999 }), keyArb(10, 20)).map(([a, n, b]) => `${a}${n}${b}`);
const QUERY_NAMES = ['key', 'api_key', 'apikey', 'token', 'access_token', 'secret', 'password', 'sig', 'signature', 'x-api-key', 'auth_token'];

/** The forms of `secret` that count as a leak: raw, and any 12-character piece. */
function leaks(text: string, secret: string): string[] {
  const found: string[] = [];
  if (text.includes(secret)) found.push(secret);
  for (let i = 0; i + 12 <= secret.length; i++) if (text.includes(secret.slice(i, i + 12))) found.push(secret.slice(i, i + 12));
  return found;
}

const tmp = mkdtempSync(join(tmpdir(), 'mcp-doctor-sources-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('secrets wherever they hide', () => {
  it('credentials in a URL query or path are redacted, the rest of the URL is kept', () => {
    fc.assert(
      fc.property(issuedKey, fc.constantFrom(...QUERY_NAMES), fc.constantFrom('sk-live-', 'sk_test_', 'ghp_', 'xoxb-', ''), fc.constantFrom('', '&page=2', '#frag'), (key, name, prefix, tail) => {
        const redactor = new Redactor();
        const query = `https://mcp.example.com/v1/mcp?region=eu&${name}=${key}${tail}`;
        const path = `https://mcp.example.com/api/${prefix}${key}/mcp`;
        for (const url of [query, path, `GET ${query} (no credentials)`, `"url": "${path}"`, query.replace(/&/g, '&amp;')]) {
          const shown = redactor.redact(url);
          expect(leaks(shown, key), shown).toEqual([]);
          expect(shown).toContain('mcp.example.com');
          expect(shown).toContain(REDACTED);
        }
      }),
      runs(),
    );
  });

  it('environment secrets of every command and the token in hex are redacted', () => {
    fc.assert(
      fc.property(issuedKey, fc.string({ unit: fc.constantFrom(...'abcdefghij-'), minLength: 20, maxLength: 40 }).map((s) => `path-${s}`), issuedKey, fc.constantFrom('AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'MCP_DOCTOR_TOKEN', 'MCP_DOCTOR_PASSWORD', 'MCP_DOCTOR_CLIENT_SECRET', 'MCP_DOCTOR_ANYTHING'), (secret, other, token, name) => {
        const redactor = new Redactor();
        registerEnvironmentSecrets(redactor, { [name]: secret, PATH: other });
        redactor.addSecret(token);
        const hex = Buffer.from(token).toString('hex');
        const text = `out: ${secret} | hex ${hex} | HEX ${hex.toUpperCase()} | ${other}`;
        const shown = redactor.redact(text);
        expect(leaks(shown, secret)).toEqual([]);
        expect(shown).not.toContain(hex);
        expect(shown).not.toContain(hex.toUpperCase());
        // Variables that are not secrets stay readable.
        expect(shown).toContain(other);
      }),
      runs(),
    );
  });

  it('lint masks keys in the source lines it quotes', () => {
    const lines = fc.constantFrom<(key: string) => string>(
      (k) => `API_KEY = "${k}"`,
      (k) => `CMD python main.py --api-key ${k}`,
      (k) => `CMD ["python", "main.py", "--token", "${k}"]`,
      (k) => `ENV CLIENT_SECRET=${k}`,
      (k) => `  password: ${k}`,
      (k) => `"accessToken": "${k}",`,
      (k) => `mcp = FastMCP("x", auth_token='${k}')`,
      (k) => `headers = {"x-api-key": "sk-live-${k}"}`,
      (k) => `CMD uvicorn main:app --port 8000 sk_live_${k}`,
    );
    fc.assert(
      fc.property(issuedKey, lines, (key, line) => {
        const shown = maskSourceSecrets(line(key));
        expect(leaks(shown, key), shown).toEqual([]);
        expect(shown).toContain(REDACTED);
      }),
      runs(),
    );
    // What names a secret without holding one is left alone.
    for (const line of ['token = os.environ["TOKEN"]', 'password: ${DB_PASSWORD}', 'API_KEY = None', 'mcp.run(transport="streamable-http", host="0.0.0.0")']) expect(maskSourceSecrets(line)).toBe(line);
  });

  it('through the CLI: no format shows a key from the target URL', async () => {
    await fc.assert(
      fc.asyncProperty(issuedKey, fc.constantFrom(...QUERY_NAMES), fc.constantFrom('pretty', 'json', 'junit', 'markdown', 'html', 'github', 'sarif'), async (key, name, format) => {
        const server = await listenLocal((req, res) => void serveStatelessRequest(req, res, createSampleServer(), true));
        const dir = mkdtempSync(join(tmp, 'run-'));
        const files = { json: join(dir, 'r.json'), junit: join(dir, 'r.xml'), markdown: join(dir, 'r.md'), html: join(dir, 'r.html') };
        try {
          // The path key makes the endpoint 404: the report quotes the URL in findings and evidence.
          const target = `${server.origin}/mcp/sk-live-${key}?${name}=${key}`;
          const result = await runCli([target, '--format', format, '--verbose', '--timeout', '5s', '--deadline', '20s', '--json', files.json, '--junit', files.junit, '--markdown', files.markdown, '--html', files.html], { timeoutMs: 60_000 });
          const outputs = [result.stdout, result.stderr, ...Object.values(files).map((f) => readFileSync(f, 'utf8'))];
          expect(outputs[2]).toContain(REDACTED);
          for (const text of outputs) expect(leaks(text, key)).toEqual([]);
        } finally {
          await server.stop();
        }
      }),
      runs(0.01),
    );
  }, timeoutFor(0.01, 20_000));
});
