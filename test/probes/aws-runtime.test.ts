import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAwsAccess } from '../../src/probes/aws/aws-runtime.js';

/**
 * Credentials that never were in the environment (a shared-config profile here; SSO and process
 * providers take the same path) must still reach the run's redactor once the chain resolves them.
 */
describe('createAwsAccess: secrets of resolved credentials', () => {
  const saved = { ...process.env };
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-aws-'));
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[name];
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    writeFileSync(process.env.AWS_CONFIG_FILE, '');
  });

  afterEach(() => {
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  const cases = [
    { name: 'a profile with a session token', session: `profile-session-${'s'.repeat(24)}`, expected: 2 },
    { name: 'a profile with long-term keys only', session: undefined, expected: 1 },
  ];

  for (const { name, session, expected } of cases) {
    it(`passes the secret key${session ? ' and the session token' : ''} of ${name} to onSecret`, async () => {
      const secret = `profile-secret-${'k'.repeat(26)}`;
      writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE!, `[ci]\naws_access_key_id = AKIAPROFILEEXAMPLE01\naws_secret_access_key = ${secret}\n${session ? `aws_session_token = ${session}\n` : ''}`);
      const onSecret = vi.fn();
      const access = await createAwsAccess({ region: 'us-east-1', profile: 'ci', timeoutMs: 2_000, onSecret });
      const creds = await access.tryCredentials();
      expect(creds?.accessKeyId).toBe('AKIAPROFILEEXAMPLE01');
      expect(onSecret.mock.calls.map(([value]) => value)).toEqual(session ? [secret, session] : [secret]);
      expect(onSecret).toHaveBeenCalledTimes(expected);
      // Memoised: a second resolution reports nothing new.
      await access.tryCredentials();
      expect(onSecret).toHaveBeenCalledTimes(expected);
    });
  }
});
