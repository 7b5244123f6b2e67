import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runDoctor, type DoctorOptions } from '../../src/engine/run-doctor.js';
import type { Report } from '../../src/model/report.js';
import { reporters, renderGithubSummary } from '../../src/report/index.js';
import { Redactor } from '../../src/security/redact.js';
import { sanitizeText } from '../../src/security/sanitize-text.js';
import { runCli } from '../helpers/run-cli.js';
import { startReflectingServer, type Encoding, type Mode, type ReflectionPlan } from './reflecting-server.js';
import { runs, timeoutFor } from './runs.js';

/**
 * Secret hygiene (reliability-security §5, S1): a server that echoes every secret the doctor holds
 * — bearer token, `--header` value, OAuth client secret, Cognito password, AWS secret key and
 * session token — in bodies, headers, error messages, SSE events, session ids and redirects must
 * not get a single one of them into any output: raw, base64, base64url, URL-encoded, or any
 * 12-character piece.
 */

const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/';
const secretChars = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: min, maxLength: max });
/** Opaque tokens, and JWT-shaped ones built at run time (never a literal JWT in the repo). */
const tokenArb = fc.oneof(
  secretChars(16, 160),
  fc.record({ sub: secretChars(8, 30), iss: fc.constantFrom('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc', 'https://issuer.example'), sig: fc.uint8Array({ minLength: 32, maxLength: 64 }) }).map(
    ({ sub, iss, sig }) =>
      `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: sub.slice(0, 8) })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub, iss, token_use: 'access', client_id: 'abc', exp: 4_102_444_800 })).toString('base64url')}.${Buffer.from(sig).toString('base64url')}`,
  ),
);
const ENCODINGS: Encoding[] = ['raw', 'base64', 'base64url', 'url', 'json-key', 'padded', 'zero-width'];
const MODES: Mode[] = ['mcp', 'jsonrpc-error', 'http-error', 'sse', 'redirect', 'html'];
const planArb: fc.Arbitrary<ReflectionPlan> = fc.record({
  mode: fc.constantFrom(...MODES),
  encodings: fc.uniqueArray(fc.constantFrom(...ENCODINGS), { minLength: 1, maxLength: 4 }),
  status: fc.constantFrom(400, 401, 403, 404, 500, 502),
  padding: fc.oneof(fc.nat({ max: 50 }), fc.integer({ min: 1_900, max: 4_100 })),
  sessionEcho: fc.boolean(),
  tokenEndpointFails: fc.boolean(),
});
const credentialArb = fc.record({
  token: tokenArb,
  header: secretChars(16, 40),
  clientSecret: secretChars(16, 60),
  password: secretChars(12, 40),
  via: fc.constantFrom('token', 'client-credentials', 'cognito-password'),
  awsSecret: secretChars(40, 40),
  awsSession: secretChars(60, 120),
});

/** Every form of `secret` that counts as a leak. */
function leakForms(secret: string): string[] {
  const b64 = Buffer.from(secret).toString('base64');
  const forms = new Set([secret, b64, b64.replace(/=+$/, ''), Buffer.from(secret).toString('base64url'), encodeURIComponent(secret)]);
  for (let i = 0; i + 12 <= secret.length; i++) forms.add(secret.slice(i, i + 12));
  return [...forms];
}

/** The first leak found in `outputs`, described without printing the secret in full. */
function findLeak(outputs: Record<string, string>, secrets: Record<string, string>): string | undefined {
  for (const [name, secret] of Object.entries(secrets)) {
    for (const form of leakForms(secret)) {
      for (const [where, text] of Object.entries(outputs)) {
        const at = text.indexOf(form);
        if (at !== -1) return `${name} (form "${form}") in ${where} at ${at}: …${text.slice(Math.max(0, at - 60), at + form.length + 20)}…`;
      }
    }
  }
  return undefined;
}

/** Every rendering of a report a user or CI could see. */
function renderAll(report: Report): Record<string, string> {
  const out: Record<string, string> = { report: JSON.stringify(report), githubSummary: renderGithubSummary([report]) };
  for (const [name, render] of Object.entries(reporters)) out[name] = render([report], { color: false, verbose: true });
  out.prettyColor = reporters.pretty([report], { color: true, verbose: true });
  return out;
}

const tmp = mkdtempSync(join(tmpdir(), 'mcp-doctor-reflect-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('secret reflection property', () => {
  it('the redactor leaves no leak form of a secret, however it is embedded, encoded, cut or interleaved', () => {
    const embed = fc.constantFrom<(secret: string) => string>(
      (x) => x,
      (x) => Buffer.from(x).toString('base64'),
      (x) => Buffer.from(`ab${x}`).toString('base64'),
      (x) => Buffer.from(x).toString('base64url'),
      (x) => encodeURIComponent(x),
      (x) => encodeURIComponent(encodeURIComponent(x)),
      (x) => new URLSearchParams({ next: x }).toString(),
      (x) => JSON.stringify({ [x]: x }),
      (x) => [...x].join('\u200b'),
      (x) => [...x].join('\u001b[0m'),
      (x) => x.slice(0, Math.max(12, x.length >> 1)),
      (x) => x.slice(x.length >> 1),
    );
    fc.assert(
      fc.property(tokenArb, fc.array(fc.tuple(fc.string({ maxLength: 30 }), embed), { minLength: 1, maxLength: 4 }), fc.string({ maxLength: 30 }), (secret, parts, tail) => {
        const redactor = new Redactor();
        redactor.addSecret(secret);
        const text = parts.map(([before, how]) => before + how(secret)).join('') + tail;
        const shown = sanitizeText(redactor.redact(text), 100_000);
        expect(findLeak({ shown }, { secret })).toBeUndefined();
      }),
      runs(),
    );
  });

  it('no secret reaches any report format, whatever the server reflects (in process)', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, credentialArb, async (plan, creds) => {
        // The secrets this run hands the doctor; the server knows and reflects all of them.
        const secrets: Record<string, string> = { token: creds.token, header: creds.header, awsSecret: creds.awsSecret, awsSession: creds.awsSession };
        if (creds.via !== 'token') secrets.clientSecret = creds.clientSecret;
        if (creds.via === 'cognito-password') secrets.password = creds.password;
        // A refused token request leaves the doctor without a token: nothing to hold, nothing to leak.
        if (creds.via !== 'token' && plan.tokenEndpointFails) delete secrets.token;
        const server = await startReflectingServer(plan, Object.values(secrets), creds.token);
        try {
          const options: DoctorOptions = {
            target: `${server.origin}/mcp`,
            headers: { 'x-api-key': creds.header },
            timeoutMs: 3_000,
            overallTimeoutMs: 20_000,
            env: { AWS_SECRET_ACCESS_KEY: creds.awsSecret, AWS_SESSION_TOKEN: creds.awsSession },
          };
          if (creds.via === 'token') options.token = creds.token;
          else if (creds.via === 'client-credentials') options.tokenRequest = { kind: 'client-credentials', tokenUrl: `${server.origin}/oauth/token`, clientId: 'cid', clientSecret: creds.clientSecret };
          else options.tokenRequest = { kind: 'cognito-password', clientId: 'cid', username: 'alice', password: creds.password, clientSecret: creds.clientSecret, region: 'us-east-1', endpoint: server.origin };
          const report = await runDoctor(options);
          const leak = findLeak(renderAll(report), secrets);
          expect(leak).toBeUndefined();
          // The property proves something only if the server really had the token to reflect.
          if (creds.via === 'token' || !plan.tokenEndpointFails) expect(server.bearerSeen).toBeGreaterThan(0);
        } finally {
          await server.stop();
        }
      }),
      runs(0.05),
    );
  }, timeoutFor(0.05, 4_000));

  it('no secret reaches stdout, stderr, --debug output or any report file of the CLI', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, credentialArb, fc.oneof({ weight: 2, arbitrary: fc.constant('pretty') }, fc.constantFrom('json', 'junit', 'markdown', 'html', 'github')), async (plan, creds, format) => {
        const secrets: Record<string, string> = { token: creds.token, awsSecret: creds.awsSecret, awsSession: creds.awsSession };
        if (creds.via === 'client-credentials') secrets.clientSecret = creds.clientSecret;
        if (creds.via === 'client-credentials' && plan.tokenEndpointFails) delete secrets.token;
        const server = await startReflectingServer(plan, Object.values(secrets), creds.token);
        const dir = mkdtempSync(join(tmp, 'run-'));
        const files = { json: join(dir, 'r.json'), junit: join(dir, 'r.xml'), markdown: join(dir, 'r.md'), html: join(dir, 'r.html') };
        try {
          const viaOauth = creds.via === 'client-credentials';
          const args = [`${server.origin}/mcp`, '--format', format, '--debug', '--verbose', '--timeout', '3s', '--deadline', '20s', '--json', files.json, '--junit', files.junit, '--markdown', files.markdown, '--html', files.html];
          if (viaOauth) args.push('--oauth-token-url', `${server.origin}/oauth/token`, '--client-id', 'cid');
          const env = {
            AWS_SECRET_ACCESS_KEY: creds.awsSecret,
            AWS_SESSION_TOKEN: creds.awsSession,
            ...(viaOauth ? { MCP_DOCTOR_CLIENT_SECRET: creds.clientSecret } : { MCP_DOCTOR_TOKEN: creds.token }),
            // Annotations and the job summary on every run, whatever the stdout format.
            GITHUB_ACTIONS: 'true',
            GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
          };
          const result = await runCli(args, { env, timeoutMs: 40_000 });
          const outputs: Record<string, string> = { stdout: result.stdout, stderr: result.stderr };
          for (const [name, file] of Object.entries({ ...files, summary: join(dir, 'summary.md') })) {
            try {
              outputs[name] = readFileSync(file, 'utf8');
            } catch {
              // A run that ended early writes fewer files; what it wrote is checked.
            }
          }
          expect(result.code === 0 || result.code === 1, `exit ${result.code}: ${result.stderr.slice(0, 300)}`).toBe(true);
          expect(outputs.json, 'the JSON report was written').toBeDefined();
          expect(outputs.summary, 'the job summary was written').toBeDefined();
          expect(findLeak(outputs, secrets)).toBeUndefined();
        } finally {
          await server.stop();
        }
      }),
      runs(0.01),
    );
  }, timeoutFor(0.01, 15_000));
});
