import { describe, expect, it } from 'vitest';
import { createLintProject } from '../../src/lint/project.js';
import { parsePythonModule } from '../../src/lint/python-ast.js';
import { entrypoints, pythonServerRules } from '../../src/lint/rules/python-server.js';
import { typescriptServerRules } from '../../src/lint/rules/typescript-server.js';
import { lintProject } from '../../src/lint/run-lint.js';
import type { LintRule, ProjectFile } from '../../src/lint/types.js';

/**
 * The Python and TypeScript server rules over in-memory projects: each row is a small source and
 * the exact `code@line:column` list it must produce (empty for the correct variants).
 */

type Files = Record<string, string>;

function lint(files: Files, rules: readonly LintRule[], entrypoint?: string): string[] {
  const project = createLintProject('/project', Object.entries(files).map(([path, text]) => ({ path, text })), entrypoint ? { entrypoint } : {});
  const report = lintProject(project, { rules });
  for (const check of report.checks) expect(check.status, `${check.id}: ${check.errorMessage ?? ''}`).not.toBe('error');
  // A rule may only report the codes it declares.
  for (const finding of report.findings) expect(rules.find((r) => r.id === finding.checkId)?.codes).toContain(finding.code);
  return report.findings.map((f) => `${f.code}@${f.location?.file}:${f.location?.line}:${f.location?.column}`).sort();
}

const OFFICIAL = 'from mcp.server.fastmcp import FastMCP\n';

describe('Python server rules', () => {
  it.each<[string, Files, string[]]>([
    ['python-sdk 1.x run() with listening keywords crashes', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0")\nmcp.run(transport="streamable-http", port=8000)\n` }, ['SERVER_KEYWORD_CRASH@main.py:3:1']],
    ['run(mount_path=…) is a python-sdk 1.x keyword', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0")\nmcp.run(transport="streamable-http", mount_path="/x")\n` }, []],
    ['python-sdk 2.x MCPServer takes host at run()', { 'main.py': 'from mcp.server.mcpserver import MCPServer\nmcp = MCPServer("s")\nmcp.run(transport="streamable-http", host="0.0.0.0", port=8000, stateless_http=True)\n' }, []],
    ['python-sdk 2.x MCPServer run() without host keeps the localhost allowlist', { 'main.py': 'from mcp.server.mcpserver import MCPServer\nmcp = MCPServer("s")\nmcp.run(transport="streamable-http", stateless_http=True)\n' }, ['HOST_HEADER_REJECTED@main.py:3:1', 'SERVER_BINDS_LOOPBACK@main.py:3:1']],
    ['fastmcp constructor host: 3.x refuses it', { 'main.py': 'from fastmcp import FastMCP\nmcp = FastMCP("s", host="0.0.0.0")\nmcp.run(transport="http", stateless_http=True)\n', 'requirements.txt': 'fastmcp==3.1.0\n' }, ['SERVER_KEYWORD_CRASH@main.py:2:20']],
    ['fastmcp constructor host: 2.x only warns', { 'main.py': 'from fastmcp import FastMCP\nmcp = FastMCP("s", host="0.0.0.0")\nmcp.run(transport="http", stateless_http=True)\n', 'requirements.txt': 'fastmcp==2.12.0\n' }, []],
    ['correct official server', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0", port=8000)\nmcp.run(transport="streamable-http")\n` }, []],
    ['fastmcp package accepts transport="http"', { 'main.py': 'from fastmcp import FastMCP\nmcp = FastMCP("s")\nmcp.run(transport="http", host="0.0.0.0", port=8000, stateless_http=True)\n' }, []],
    ['fastmcp package: an unknown transport crashes too', { 'main.py': 'from fastmcp import FastMCP\nmcp = FastMCP("s")\nmcp.run(transport="streamable_http", host="0.0.0.0", stateless_http=True)\n' }, ['FASTMCP_HTTP_TRANSPORT_CRASH@main.py:3:9']],
    ['official "http" as the positional argument', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0")\nmcp.run("http")\n` }, ['FASTMCP_HTTP_TRANSPORT_CRASH@main.py:3:9']],
    ['transport from a module constant', { 'main.py': `${OFFICIAL}TRANSPORT = "http"\nmcp = FastMCP("s", stateless_http=True, host="0.0.0.0")\nmcp.run(transport=TRANSPORT)\n` }, ['FASTMCP_HTTP_TRANSPORT_CRASH@main.py:4:9']],
    ['transport from the environment is left alone', { 'main.py': `import os\n${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0")\nmcp.run(transport=os.environ["T"])\n` }, []],
    ['aliased module import', { 'main.py': 'import mcp.server.fastmcp as fm\nserver = fm.FastMCP("s", host="0.0.0.0")\nserver.run(transport="http")\n' }, ['FASTMCP_HTTP_TRANSPORT_CRASH@main.py:3:12', 'SERVER_STATEFUL@main.py:2:10']],
    ['chained FastMCP(...).run()', { 'main.py': `${OFFICIAL}FastMCP("s", stateless_http=True, host="0.0.0.0").run(transport="sse")\n` }, ['NOT_STREAMABLE_HTTP@main.py:2:55']],
    ['stdio run is fine when an ASGI app serves HTTP', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0")\napp = mcp.streamable_http_app()\nif __name__ == "__main__":\n    mcp.run()\n` }, []],
    ['sse_app() is the legacy transport', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0")\napp = mcp.sse_app()\n` }, ['NOT_STREAMABLE_HTTP@main.py:3:7']],
    ['stateless through settings', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", host="0.0.0.0")\nmcp.settings.stateless_http = True\nmcp.run(transport="streamable-http")\n` }, []],
    ['stateless_http=False is stateful at the keyword', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=False, host="0.0.0.0")\nmcp.run(transport="streamable-http")\n` }, ['SERVER_STATEFUL@main.py:2:20']],
    // The constructor's **kwargs may hold anything; run() takes no host on python-sdk 1.x whatever they hold.
    ['**kwargs may hold anything', { 'main.py': `${OFFICIAL}opts = {}\nmcp = FastMCP("s", **opts)\nmcp.run(transport="streamable-http")\n` }, []],
    ['run(host=…) on python-sdk 1.x crashes', { 'main.py': `${OFFICIAL}opts = {}\nmcp = FastMCP("s", **opts)\nmcp.run(transport="streamable-http", host="0.0.0.0")\n` }, ['SERVER_KEYWORD_CRASH@main.py:4:1']],
    [
      'settings.host rebinds but the allowlist was decided at construction',
      { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True)\nmcp.settings.host = "0.0.0.0"\nmcp.run(transport="streamable-http")\n` },
      ['HOST_HEADER_REJECTED@main.py:2:7'],
    ],
    [
      'host from an environment default',
      { 'main.py': `import os\n${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host=os.getenv("HOST", "127.0.0.1"))\nmcp.run(transport="streamable-http")\n` },
      ['HOST_HEADER_REJECTED@main.py:3:41', 'SERVER_BINDS_LOOPBACK@main.py:3:41'],
    ],
    [
      'uvicorn on loopback with a custom port',
      { 'main.py': `import uvicorn\n${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0")\nuvicorn.run(mcp.streamable_http_app(), port=9000)\n` },
      ['AGENTCORE_CONTRACT_MISMATCH@main.py:4:40', 'SERVER_BINDS_LOOPBACK@main.py:4:1'],
    ],
    ['streamable_http_path', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0", streamable_http_path="/api")\nmcp.run(transport="streamable-http")\n` }, ['AGENTCORE_CONTRACT_MISMATCH@main.py:2:57']],
    ['"/mcp/" is accepted', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0", streamable_http_path="/mcp/")\nmcp.run(transport="streamable-http")\n` }, []],
    [
      'TransportSecuritySettings with protection off is fine',
      { 'main.py': `${OFFICIAL}from mcp.server.transport_security import TransportSecuritySettings\nmcp = FastMCP("s", stateless_http=True, transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False))\napp = mcp.streamable_http_app()\n` },
      [],
    ],
    ['fastmcp host_origin_protection=True', { 'main.py': 'from fastmcp import FastMCP\nmcp = FastMCP("s", host_origin_protection=True)\napp = mcp.http_app(stateless_http=True)\n' }, ['HOST_HEADER_REJECTED@main.py:2:20']],
    [
      'the run in the entrypoint belongs to the server built in another file',
      { 'server.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0")\n`, 'main.py': 'from server import mcp\n\nmcp.run(transport="http")\n' },
      ['FASTMCP_HTTP_TRANSPORT_CRASH@main.py:3:9'],
    ],
    ['a file beyond repair still yields its calls', { 'main.py': `${OFFICIAL}mcp = FastMCP("s", stateless_http=True, host="0.0.0.0")\ndef broken(:\n    pass\nmcp.run(transport="http")\n` }, ['FASTMCP_HTTP_TRANSPORT_CRASH@main.py:5:9']],
    ['tests are not the server', { 'tests/test_server.py': `${OFFICIAL}mcp = FastMCP("s")\nmcp.run()\n` }, []],
    ['no FastMCP anywhere: nothing applies', { 'main.py': 'print("hello")\n' }, []],
  ])('%s', (_name, files, expected) => {
    expect(lint(files, pythonServerRules)).toEqual(expected);
  });

  it('skips every Python rule when no file builds a server', () => {
    const report = lintProject(createLintProject('/p', [{ path: 'main.py', text: 'print(1)\n' }]), { rules: pythonServerRules });
    expect(report.checks.map((c) => c.status)).toEqual(['skip', 'skip', 'skip', 'skip', 'skip']);
    expect(report.checks[0]?.skipReason).toBeTruthy();
  });

  it.each<[string, Files, string | undefined, string[]]>([
    ['--entrypoint wins', { 'app/agent.py': 'x = 1\n', 'main.py': 'y = 2\n' }, 'app/agent.py', ['app/agent.py']],
    ['.bedrock_agentcore.yaml agents.<name>.entrypoint', { '.bedrock_agentcore.yaml': 'default_agent: a\nagents:\n  a:\n    name: a\n    entrypoint: src/agent.py\n', 'src/agent.py': '', 'main.py': '' }, undefined, ['src/agent.py']],
    ['an absolute entrypoint from another machine', { '.bedrock_agentcore.yaml': 'agents:\n  a:\n    entrypoint: /home/dev/proj/src/agent.py\n', 'src/agent.py': '' }, undefined, ['src/agent.py']],
    ['legacy single-agent file', { '.bedrock_agentcore.yaml': 'name: a\nentrypoint: agent.py\n', 'agent.py': '' }, undefined, ['agent.py']],
    ['fallback main.py', { 'main.py': '', 'other.py': '' }, undefined, ['main.py']],
    ['a broken config falls back', { '.bedrock_agentcore.yaml': 'agents: [: :\n', 'main.py': '' }, undefined, ['main.py']],
  ])('entrypoint: %s', (_name, files, entrypoint, expected) => {
    const project = createLintProject('/p', Object.entries(files).map(([path, text]) => ({ path, text })), entrypoint ? { entrypoint } : {});
    expect(entrypoints(project).map((f) => f.path)).toEqual(expected);
  });

  it('resolves constants, env defaults and string forms', () => {
    const file: ProjectFile = { path: 'c.py', text: 'import os\nA = 8000\nB = int(os.environ.get("PORT", "3000"))\nC = r"/x\\y"\nD = os.getenv("H") or "localhost"\nE = f"{A}"\nF = A\nF = 1\nG = ["a", 1]\n' };
    const module = parsePythonModule(file);
    const value = (name: string) => {
      const assign = module.assigns.find((a) => a.target === name);
      if (!assign) throw new Error(name);
      return module.evaluate(assign.value);
    };
    expect(value('A')).toEqual({ kind: 'number', value: 8000 });
    expect(value('B')).toEqual({ kind: 'number', value: 3000, fromEnv: 'PORT' });
    expect(value('C')).toEqual({ kind: 'string', value: '/x\\y' });
    expect(value('D')).toEqual({ kind: 'string', value: 'localhost', fromEnv: 'H' });
    expect(value('E').kind).toBe('unknown');
    expect(module.evaluate(module.assigns.find((a) => a.target === 'G')?.value as never)).toEqual({ kind: 'list', items: [{ kind: 'string', value: 'a' }, { kind: 'number', value: 1 }] });
  });
});

const SDK = "import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';\n";

describe('TypeScript server rules', () => {
  it.each<[string, Files, string[]]>([
    ['stateless transport', { 's.ts': `${SDK}const t = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });\n` }, []],
    ['no options at all is stateless', { 's.ts': `${SDK}const t = new StreamableHTTPServerTransport();\n` }, []],
    ['generator reference', { 's.ts': `${SDK}import { randomUUID } from 'node:crypto';\nconst t = new StreamableHTTPServerTransport({ sessionIdGenerator: randomUUID });\n` }, ['SERVER_STATEFUL@s.ts:3:47']],
    ['options through a constant', { 's.ts': `${SDK}const OPTIONS = { sessionIdGenerator: () => 'x' };\nconst t = new StreamableHTTPServerTransport(OPTIONS);\n` }, ['SERVER_STATEFUL@s.ts:2:19']],
    ['v2 Node transport, JavaScript', { 's.mjs': "import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/server';\nconst t = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: () => crypto.randomUUID() });\n" }, ['SERVER_STATEFUL@s.mjs:2:51']],
    ['createMcpExpressApp with 0.0.0.0', { 's.ts': "import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';\nconst app = createMcpExpressApp({ host: '0.0.0.0' });\napp.listen(8000);\n" }, []],
    ['createMcpExpressApp with allowedHosts is left alone', { 's.ts': "import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';\nconst app = createMcpExpressApp({ allowedHosts: ['a.example'] });\n" }, []],
    ['createMcpExpressApp host localhost', { 's.ts': "import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';\nconst app = createMcpExpressApp({ host: 'localhost' });\n" }, ['HOST_HEADER_REJECTED@s.ts:2:35']],
    ['transport DNS-rebinding protection with allowedHosts', { 's.ts': `${SDK}new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableDnsRebindingProtection: true, allowedHosts: ['127.0.0.1:8000'] });\n` }, ['HOST_HEADER_REJECTED@s.ts:2:68']],
    ['localhostHostValidation middleware', { 's.ts': "import { localhostHostValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';\napp.use(localhostHostValidation());\n" }, ['HOST_HEADER_REJECTED@s.ts:2:9']],
    ['listen options object', { 's.ts': `${SDK}server.listen({ port: 8080, host: '127.0.0.1' });\n` }, ['AGENTCORE_CONTRACT_MISMATCH@s.ts:2:23', 'SERVER_BINDS_LOOPBACK@s.ts:2:35']],
    ['listen on a Unix socket is not a port', { 's.ts': `${SDK}server.listen('/tmp/mcp.sock');\n` }, []],
    ['port as a numeric string and parseInt of env', { 's.ts': `${SDK}const PORT = parseInt(process.env.PORT || '3000', 10);\nserver.listen(PORT);\napp.listen('8000');\n` }, ['AGENTCORE_CONTRACT_MISMATCH@s.ts:3:15']],
    ['hono serve()', { 's.ts': `${SDK}import { serve } from '@hono/node-server';\nserve({ fetch: app.fetch, port: 3000, hostname: 'localhost' });\n` }, ['AGENTCORE_CONTRACT_MISMATCH@s.ts:3:33', 'SERVER_BINDS_LOOPBACK@s.ts:3:49']],
    ['MCP route on another path', { 's.ts': `${SDK}app.all('/v1/mcp', async (req, res) => { await transport.handleRequest(req, res, req.body); });\napp.post('/other', (req, res) => res.end());\n` }, ['AGENTCORE_CONTRACT_MISMATCH@s.ts:2:9']],
    ['listen in a test file is not the server', { 's.ts': `${SDK}\n`, 'test/server.test.ts': 'server.listen(3000);\n' }, []],
    ['no MCP SDK in the project: nothing applies', { 's.ts': 'server.listen(3000);\n' }, []],
  ])('%s', (_name, files, expected) => {
    expect(lint(files, typescriptServerRules)).toEqual(expected);
  });

  it('a file beyond the parser\'s recovery makes the rules error (never green)', () => {
    const project = createLintProject('/p', [{ path: 's.ts', text: `${SDK}const = ;\n` }]);
    const report = lintProject(project, { rules: typescriptServerRules });
    expect(report.checks.map((c) => c.status)).toEqual(['error', 'error', 'error']);
    expect(report.checks[0]?.errorMessage).toMatch(/^s\.ts could not be parsed: Unexpected token/);
    expect(report.summary.verdict).toBe('unhealthy');
  });
});
