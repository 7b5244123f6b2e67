import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** Bad input gets one line on stderr and exit 2, never a stack trace. */
const badInputs: Array<{ name: string; args: string[]; message: RegExp }> = [
  { name: 'no target', args: [], message: /no target given/ },
  { name: 'not a URL', args: ['not a url'], message: /is not a URL/ },
  { name: 'unsupported scheme', args: ['ftp://example.com/mcp'], message: /unsupported scheme/ },
  { name: 'credentials in the URL', args: ['http://user:hunter22@127.0.0.1:9/mcp'], message: /contains credentials/ },
  { name: 'trailing newline', args: ['http://127.0.0.1:9/mcp\n'], message: /whitespace/ },
  { name: 'unknown format', args: ['http://127.0.0.1:9/mcp', '--format', 'xml'], message: /Invalid values.*format/ },
  { name: 'missing token file', args: ['http://127.0.0.1:9/mcp', '--token-file', '/nonexistent/token'], message: /cannot read --token-file .*no such file/ },
  { name: 'bad timeout', args: ['http://127.0.0.1:9/mcp', '--timeout', 'soon'], message: /--timeout must be a duration/ },
  { name: 'unknown check id', args: ['http://127.0.0.1:9/mcp', '--only', 'no-such-check'], message: /unknown check id "no-such-check"/ },
  { name: 'malformed header', args: ['http://127.0.0.1:9/mcp', '--header', 'no colon here'], message: /--header must look like/ },
  { name: 'bad --args', args: ['http://127.0.0.1:9/mcp', '--call', 'echo', '--args', '{nope'], message: /--args must be a JSON object/ },
  { name: 'unknown option', args: ['http://127.0.0.1:9/mcp', '--frobnicate'], message: /Unknown argument/ },
  { name: '--origin that is not a URL', args: ['http://127.0.0.1:9/mcp', '--origin', 'app.example'], message: /--origin must be an http\(s\) origin such as https:\/\/app\.example, not "app\.example"/ },
  { name: '--origin with a path', args: ['http://127.0.0.1:9/mcp', '--origin', 'https://app.example/page'], message: /--origin must be an http\(s\) origin .*scheme, host and port only/ },
  { name: 'a timeout that rounds to 0 ms', args: ['http://127.0.0.1:9/mcp', '--timeout', '0.4ms'], message: /--timeout must be between 1 ms and 1 hour/ },
  { name: 'a discovery URL that is not a URL', args: ['http://127.0.0.1:9/mcp', '--discovery-url', 'notaurl'], message: /--discovery-url must be an http:\/\/ or https:\/\/ URL/ },
  { name: 'token: a discovery URL that is not a URL', args: ['token', '--discovery-url', 'notaurl'], message: /--discovery-url must be an http:\/\/ or https:\/\/ URL/ },
  { name: 'rehearse: a probe address that is not an IP', args: ['rehearse', '--probe-address', 'notanip', '--', 'true'], message: /--probe-address must be an IP address/ },
  { name: '--args without --call', args: ['http://127.0.0.1:9/mcp', '--args', '{}'], message: /--args goes with --call/ },
  { name: 'an empty --call', args: ['http://127.0.0.1:9/mcp', '--call', ''], message: /--call needs the name of a tool/ },
  { name: '-o a full device', args: ['http://127.0.0.1:9/mcp', '--timeout', '2s', '-o', '/dev/full'], message: /cannot write --output \/dev\/full: no space left/ },
  { name: '-o a directory', args: ['http://127.0.0.1:9/mcp', '--timeout', '2s', '-o', tmpdir()], message: /cannot write --output .*: it is a directory/ },
  { name: 'a token file that is a device', args: ['http://127.0.0.1:9/mcp', '--token-file', '/dev/zero'], message: /cannot read --token-file \/dev\/zero: is a character device, not a regular file/ },
  { name: 'a CA file that never ends', args: ['http://127.0.0.1:9/mcp', '--ca-file', '/dev/zero'], message: /--ca-file \/dev\/zero cannot be read \(is a character device/ },
  { name: 'a config file that is a device', args: ['http://127.0.0.1:9/mcp', '--config', '/dev/zero'], message: /--config \/dev\/zero: cannot read \(is a character device/ },
  { name: 'a baseline that is a device', args: ['http://127.0.0.1:9/mcp', '--baseline', '/dev/zero'], message: /\/dev\/zero: cannot read \(is a character device/ },
];

describe('bad input exits 2 with one clear line', () => {
  it.each(badInputs)('$name', async ({ args, message }) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('keeps the token out of the error when a token file holds two lines', async () => {
    const dir = makeTempDir('cli');
    const file = join(dir, 'token');
    writeFileSync(file, 'secret-token-value-1 secret-token-value-2\n');
    const result = await runCli(['http://127.0.0.1:9/mcp', '--token-file', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/whitespace or control characters/);
    expect(result.stderr).not.toContain('secret-token-value');
  });
});

describe('errors never carry terminal controls from the input', () => {
  it('an agentcore.json whose runtime names hold escape sequences', async () => {
    const dir = makeTempDir('cli');
    mkdirSync(join(dir, 'agentcore'));
    writeFileSync(join(dir, 'agentcore', 'agentcore.json'), JSON.stringify({ runtimes: [{ name: 'a\u001b]0;pwned\u0007' }, { name: 'b\u009b2J' }] }));
    const result = await runCli(['rehearse', '--config-dir', dir, '--', process.execPath, '-e', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/several runtimes; pick one with --agent \(a, b\)/);
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
  });
});

describe('explain works offline', () => {
  it('prints a code page', async () => {
    const result = await runCli(['explain', 'host_header_rejected']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# HOST_HEADER_REJECTED: /);
    expect(result.stdout).toContain('## How to fix');
  });

  it.each([
    ['406', ['ACCEPT_HEADER_REQUIRED', 'ACCEPT_NEGOTIATION_BROKEN']],
    ['421', ['HOST_HEADER_REJECTED']],
    ['403', ['HOST_HEADER_REJECTED', 'AUTH_REQUIRED']],
  ])('lists the codes behind HTTP %s', async (status, codes) => {
    const result = await runCli(['explain', status]);
    expect(result.code).toBe(0);
    for (const code of codes) expect(result.stdout).toContain(code);
  });

  it.each([
    ['Not Acceptable: Client must accept both application/json and text/event-stream', 'ACCEPT_HEADER_REQUIRED'],
    ['Invalid Host header', 'HOST_HEADER_REJECTED'],
    ['{"jsonrpc":"2.0","id":null,"error":{"code":-32010,"message":"Received error (421) from runtime. Please check your CloudWatch logs for more information."}}', 'HOST_HEADER_REJECTED'],
    ['Bad Request: Missing session ID', 'SERVER_STATEFUL'],
    ['Bad Request: No valid session ID provided', 'SERVER_STATEFUL'],
  ])('recognises the message %s', async (text, code) => {
    const result = await runCli(['explain', text]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Most likely: ${code}`);
  });

  it('explains a known message that is no root cause of its own, with the codes to read next', async () => {
    const legit = await runCli(['explain', 'Method Not Allowed: Session termination not supported']);
    expect(legit.code).toBe(0);
    expect(legit.stdout).toMatch(/^Not a fault: /);
    const refused = await runCli(['explain', 'accountID required']);
    expect(refused.code).toBe(0);
    expect(refused.stdout).toMatch(/full ARN/);
    expect(refused.stdout).toMatch(/See also:\n\n\s+RUNTIME_NOT_FOUND/);
  });

  it('says it is an AgentCore-wrapped status', async () => {
    const result = await runCli(['explain', 'Received error (421) from runtime']);
    expect(result.stdout).toMatch(/answered HTTP 421/);
  });

  it('suggests codes for a typo and exits 1 (nothing matched)', async () => {
    const result = await runCli(['explain', 'HOST_HEADER_REJECT']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Did you mean: HOST_HEADER_REJECTED/);
  });

  it.each([
    [['some random text'], 1, /^No code matches that\. Try a code/],
    [['999'], 1, /^No known root cause produces HTTP 999\./],
    [['406'], 0, /HTTP 406 can come from:/],
    [['SERVER_STATEFUL'], 0, /SERVER_STATEFUL/],
    [['explain-me', '--bogus'], 2, /Unknown argument/],
  ] as const)('explain %j exits %i: 0 matched, 1 nothing matched, 2 usage error', async (query, code, output) => {
    const result = await runCli(['explain', ...query]);
    expect(result.code).toBe(code);
    expect(code === 2 ? result.stderr : result.stdout).toMatch(output);
    expect(result.stdout).not.toMatch(/Did you mean/);
  });

  it('lists every code and every check', async () => {
    const codes = await runCli(['explain', '--list']);
    expect(codes.stdout).toContain('SERVER_STATEFUL');
    const checks = await runCli(['explain', '--checks']);
    expect(checks.stdout).toMatch(/^\s+endpoint-reachable/m);
  });
});

describe('version and tokens', () => {
  it('prints the version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('warns that --token leaks, and never prints it', async () => {
    const token = 'argv-token-abcdef123456';
    const result = await runCli(['http://127.0.0.1:9/mcp', '--token', token, '--timeout', '2s']);
    expect(result.stderr).toMatch(/--token leaks into shell history/);
    expect(result.stdout + result.stderr).not.toContain(token);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('CONNECTION_REFUSED');
  });
});
