import { describe, expect, it } from 'vitest';
import { majorOf, orderAdvice, renderAdvice, type AdviceLine } from '../../src/catalog/stacks.js';
import { combineClues, fingerprintStack, mergeStacks } from '../../src/checks/stack-fingerprint.js';
import { createFinding } from '../../src/engine/findings.js';
import type { HttpExchange } from '../../src/model/observations.js';
import { readJsonRpc } from '../../src/probes/jsonrpc.js';

/** Ordering and labelling of catalog lines by the detected stack and toolchain, and the fingerprint itself. */

const LINES: AdviceLine[] = [
  'Read the server log.',
  { for: 'python-sdk', text: 'py1 fix' },
  { for: 'typescript-sdk', text: 'ts fix' },
  { for: 'fastmcp', text: 'fastmcp fix' },
  { for: 'starter-toolkit', text: 'toolkit fix' },
  { for: 'agentcore-cli', text: 'cli fix' },
  { remoteOnly: true, text: 'container-only cause' },
];

describe('orderAdvice', () => {
  it('with no stack known keeps the catalog order, labels every library line, and leads with the newer CLI', () => {
    expect(orderAdvice(LINES)).toEqual([
      'Read the server log.',
      'python-sdk 1.x (`mcp` < 2, `from mcp.server.fastmcp import FastMCP`): py1 fix',
      'TypeScript SDK (`@modelcontextprotocol/sdk` 1.x): ts fix',
      'fastmcp ≥ 2.9 and 3.x (`from fastmcp import FastMCP`): fastmcp fix',
      'AgentCore CLI (`@aws/agentcore`, `agentcore/agentcore.json`): cli fix',
      'container-only cause',
      'starter toolkit (`.bedrock_agentcore.yaml`, deprecated): toolkit fix',
    ]);
  });

  it("puts a TypeScript server's lines first, generic lines next, Python lines last", () => {
    const ordered = orderAdvice(LINES, { stack: { name: 'typescript-sdk', evidence: [] } });
    expect(ordered[0]).toMatch(/ts fix$/);
    expect(ordered.indexOf('Read the server log.')).toBeLessThan(ordered.findIndex((l) => l.endsWith('py1 fix')));
    expect(ordered.slice(-2).map((l) => l.split(': ').pop())).toEqual(['py1 fix', 'fastmcp fix']);
  });

  it('puts python-sdk first for a python-sdk server, fastmcp next to it (same language), TypeScript last', () => {
    const ordered = orderAdvice(LINES, { stack: { name: 'python-sdk', versionRange: '>=1.26 <2', evidence: [] }, toolchain: 'starter-toolkit' });
    expect(ordered[0]).toMatch(/py1 fix$/);
    expect(ordered[1]).toMatch(/toolkit fix$/);
    expect(ordered.at(-1)).toMatch(/ts fix$/);
  });

  it('drops container-only causes for a target on this machine', () => {
    expect(orderAdvice(LINES, { loopbackTarget: true })).not.toContain('container-only cause');
    expect(orderAdvice(LINES, { loopbackTarget: false })).toContain('container-only cause');
  });

  it('renders plain lines unchanged', () => {
    expect(renderAdvice('x')).toBe('x');
    expect(renderAdvice({ text: 'y' })).toBe('y');
  });

  it.each<[string | undefined, number | undefined]>([
    ['>=1.26 <2', 1],
    ['<2', 1],
    ['<1.26', 1],
    ['>=2', 2],
    ['>=3.4.3 <3.4.4', 3],
    [undefined, undefined],
  ])('majorOf(%s) = %s', (range, major) => {
    expect(majorOf(range)).toBe(major);
  });
});

function exchange(label: string, status: number, body: string, headers: Record<string, string> = {}): HttpExchange {
  const json = body.trim().startsWith('{');
  return {
    label,
    method: 'POST',
    url: 'http://127.0.0.1:1/mcp',
    requestHeaders: {},
    outcome: 'response',
    status,
    headers,
    ...(json ? { contentType: 'application/json', jsonrpc: readJsonRpc(body) } : { contentType: 'text/plain' }),
    bodyExcerpt: body,
    bodyTruncated: false,
    durationMs: 1,
    tokenReflected: false,
  };
}

describe('fingerprintStack', () => {
  it('names python-sdk 1.x from its wordings and the "server-error" id, with a version range', () => {
    const stack = fingerprintStack([
      exchange('no-session', 400, '{"jsonrpc":"2.0","id":"server-error","error":{"code":-32600,"message":"Bad Request: Missing session ID"}}', { server: 'uvicorn' }),
      exchange('foreign-session', 404, '{"jsonrpc":"2.0","id":"server-error","error":{"code":-32600,"message":"Session not found"}}'),
      exchange('content-type-plain', 400, 'Invalid Content-Type header'),
    ]);
    expect(stack).toMatchObject({ name: 'python-sdk', versionRange: '>=1.26 <2' });
    expect(stack?.evidence).toContain('response header `server: uvicorn`');
  });

  it('names python-sdk 2.x when its wordings come with "id": null', () => {
    expect(fingerprintStack([exchange('no-session', 400, '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Bad Request: Missing session ID"}}')])).toMatchObject({ name: 'python-sdk', versionRange: '>=2' });
  });

  it('names the TypeScript SDK from its wordings', () => {
    const stack = fingerprintStack([
      exchange('no-session', 400, '{"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: Mcp-Session-Id header is required"},"id":null}', { 'x-powered-by': 'Express' }),
      exchange('foreign-session', 404, '{"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null}'),
    ]);
    expect(stack?.name).toBe('typescript-sdk');
    expect(stack?.evidence).toContain('response header `x-powered-by: Express`');
  });

  it('names fastmcp 3.4.3 from its Host guard', () => {
    expect(fingerprintStack([exchange('host-foreign', 421, 'Misdirected Request')])).toMatchObject({ name: 'fastmcp', versionRange: '>=3.4.3 <3.4.4' });
  });

  it('a header alone names only the language; a shared wording counts only by its JSON-RPC code', () => {
    expect(fingerprintStack([exchange('init', 200, '{"jsonrpc":"2.0","id":1,"result":{}}', { server: 'uvicorn' })])).toEqual({ name: 'python', evidence: ['response header `server: uvicorn`'] });
    const notAcceptable = (code: number): string => `{"jsonrpc":"2.0","error":{"code":${code},"message":"Not Acceptable: Client must accept both application/json and text/event-stream"},"id":null}`;
    expect(fingerprintStack([exchange('accept-none', 406, notAcceptable(-32000))])?.name).toBe('typescript-sdk');
    expect(fingerprintStack([exchange('accept-none', 406, notAcceptable(-32600))])).toMatchObject({ name: 'python-sdk', versionRange: '>=2' });
    expect(fingerprintStack([exchange('accept-none', 406, notAcceptable(-32011))])).toBeUndefined();
  });

  it('the library with more clues wins; contradictory bounds give no range', () => {
    expect(combineClues([{ name: 'python-sdk', lower: '1.26', evidence: 'a' }, { name: 'python-sdk', upper: '1.26', evidence: 'b' }])).toEqual({ name: 'python-sdk', evidence: ['a', 'b'] });
    expect(combineClues([{ name: 'typescript-sdk', evidence: 'a' }, { name: 'python-sdk', evidence: 'b' }, { name: 'python-sdk', evidence: 'c' }])?.name).toBe('python-sdk');
  });

  it('mergeStacks: the wire refines a source guess, and overrides one of another language', () => {
    expect(mergeStacks({ name: 'python', evidence: ['src'] }, { name: 'python-sdk', versionRange: '<2', evidence: ['wire'] })).toEqual({ name: 'python-sdk', versionRange: '<2', evidence: ['src', 'wire'] });
    expect(mergeStacks({ name: 'python-sdk', evidence: ['src'] }, { name: 'node', evidence: ['wire'] })).toEqual({ name: 'node', evidence: ['wire'] });
    expect(mergeStacks(undefined, undefined)).toBeUndefined();
  });
});

describe('createFinding with a stack', () => {
  it('CONNECTION_REFUSED on a loopback URL does not blame a container; fixes name their library', () => {
    const finding = createFinding({ code: 'CONNECTION_REFUSED' }, 'endpoint-reachable', 'generic', undefined, { loopbackTarget: true });
    expect(finding.causes.join('\n')).not.toMatch(/inside a container/);
    const python = finding.remediation.find((line) => line.startsWith('python-sdk 1.x'));
    expect(python).toMatch(/FastMCP\("server", host="0\.0\.0\.0", port=8000\)` then `mcp\.run\(transport="streamable-http"\)`/);
    // No python-sdk 1.x line tells users to pass host or port to run(): that is a TypeError there.
    expect(finding.remediation.filter((line) => line.startsWith('python-sdk 1.x')).join('\n')).not.toMatch(/mcp\.run\([^)]*host=/);
  });

  it('PROTOCOL_NOT_MCP leads with the newer CLI unless the folder uses the toolkit', () => {
    expect(createFinding({ code: 'PROTOCOL_NOT_MCP' }, 'runtime-protocol', 'agentcore').remediation[0]).toMatch(/"protocol": "MCP".*agentcore deploy/);
    expect(createFinding({ code: 'PROTOCOL_NOT_MCP' }, 'runtime-protocol', 'agentcore', undefined, { toolchain: 'starter-toolkit' }).remediation[0]).toMatch(/agentcore configure --protocol MCP/);
  });
});

describe('rehearse orders by the project', () => {
  it('a python-sdk project that crashed with run(host=…) gets the keyword cause and the constructor fix first', async () => {
    const { evaluateStartup, startupReport } = await import('../../src/rehearse/rehearsal-checks.js');
    const stack = { name: 'python-sdk' as const, versionRange: '<2', evidence: ['main.py: `mcp.server.fastmcp.FastMCP`'] };
    const outcome = evaluateStartup(
      { kind: 'exited', exit: { code: 1, signal: null }, lastOutput: "TypeError: FastMCP.run() got an unexpected keyword argument 'host'" },
      { stack, toolchain: 'agentcore-cli' },
    );
    const [finding] = outcome.findings;
    expect(finding?.code).toBe('SERVER_EXITED_AT_STARTUP');
    expect(finding?.causes[0]).toMatch(/^python-sdk 1\.x .*`run\(\)` given `host`/);
    expect(finding?.remediation[0]).toMatch(/^python-sdk 1\.x .*FastMCP\("server", stateless_http=True, host="0\.0\.0\.0", port=8000\)/);
    const report = startupReport([outcome], { url: 'http://127.0.0.1:1/mcp', port: 1, startup: 'exited', binding: 'unknown', authorizer: 'none' }, { failOn: 'error', startedAt: new Date(0), durationMs: 1, stack });
    expect(report.server.stack).toEqual(stack);
  });
});

describe('lint orders by the project', () => {
  it('a toolkit project gets the toolkit fix first and its python-sdk stack in the report', async () => {
    const { createLintProject } = await import('../../src/lint/project.js');
    const { lintProject } = await import('../../src/lint/run-lint.js');
    const files = {
      '.bedrock_agentcore.yaml': 'default_agent: a\nagents:\n  a:\n    name: a\n    entrypoint: main.py\n    platform: linux/arm64\n    aws:\n      protocol_configuration:\n        server_protocol: HTTP\n',
      'main.py': 'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("s", stateless_http=True, host="0.0.0.0")\nmcp.run(transport="streamable-http")\n',
      'requirements.txt': 'mcp==1.29.0\n',
    };
    const report = lintProject(createLintProject('/p', Object.entries(files).map(([path, text]) => ({ path, text }))));
    expect(report.server.stack).toMatchObject({ name: 'python-sdk', versionRange: '>=1.26 <2' });
    const protocol = report.findings.find((f) => f.code === 'PROTOCOL_NOT_MCP');
    expect(protocol?.remediation[0]).toMatch(/^starter toolkit .*agentcore configure --protocol MCP/);
    // The same file in the newer CLI's project leads with agentcore.json and `agentcore deploy`.
    const cli = lintProject(createLintProject('/p', [{ path: 'agentcore/agentcore.json', text: JSON.stringify({ runtimes: [{ name: 'a', entrypoint: 'main.py', codeLocation: 'app/', protocol: 'HTTP' }] }) }, { path: 'app/main.py', text: files['main.py'] }]));
    expect(cli.findings.find((f) => f.code === 'PROTOCOL_NOT_MCP')?.remediation[0]).toMatch(/^AgentCore CLI .*"protocol": "MCP".*agentcore deploy/);
  });
});
