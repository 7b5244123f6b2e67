import type { SyntaxNode } from '@lezer/common';
import type { FindingCode } from '../../catalog/codes.js';
import type { StackClue } from '../../checks/stack-fingerprint.js';
import { keywordArg, parsePythonModule, withPythonModule, positionalArg, type PyArg, type PyCall, type PythonModule, type PyValue } from '../python-ast.js';
import { declaredPythonVersions, describeDeclared, isCertainlyAtLeast, isCertainlyBelow, isCertainlyWithin, type DeclaredVersions, type PythonPackage } from '../python-dependencies.js';
import { AGENTCORE_PORT, isAgentCorePath, isLoopbackHost } from '../source-text.js';
import type { LintIssue, LintProject, LintRule, ProjectFile } from '../types.js';
import { parseYamlFile, stringOf, valueOf } from '../yaml-positions.js';
import { BEDROCK_AGENTCORE_YAML, bedrockAgentcoreAgents } from './agentcore-config.js';

/**
 * Rules over Python MCP servers (FastMCP from the official `mcp` package, its v2 `MCPServer`, or
 * the separate `fastmcp` package), checked against what AgentCore needs of the container
 * (agentcore-contract §2.3): Streamable HTTP, stateless, `0.0.0.0:8000/mcp`, and a Host check that
 * lets the platform's internal host name through (streamable-http-matrix §3.4, §5).
 */

/** Which library built the server: the two accept different `transport` names. */
type Flavor = 'official' | 'fastmcp';

const SERVER_CLASSES: Readonly<Record<string, Flavor>> = {
  'mcp.server.fastmcp.FastMCP': 'official',
  'mcp.server.fastmcp.server.FastMCP': 'official',
  'mcp.server.FastMCP': 'official',
  'mcp.server.mcpserver.MCPServer': 'official',
  'mcp.server.MCPServer': 'official',
  'mcp.MCPServer': 'official',
  'fastmcp.FastMCP': 'fastmcp',
  'fastmcp.server.FastMCP': 'fastmcp',
  'fastmcp.server.server.FastMCP': 'fastmcp',
};

/** The transports each library's `run()` accepts; anything else raises at start-up. */
const TRANSPORTS: Readonly<Record<Flavor, readonly string[]>> = {
  official: ['stdio', 'sse', 'streamable-http'],
  fastmcp: ['stdio', 'sse', 'http', 'streamable-http'],
};
const HTTP_TRANSPORTS = new Set(['http', 'streamable-http']);

/**
 * Library versions where a verdict changes (streamable-http-matrix §3.4, §5). Each is the first
 * release with the newer behaviour, so "certainly below" it means the older behaviour.
 */
const SINCE = {
  /** fastmcp accepts `transport="http"`. */
  fastmcpHttpTransport: '2.9.0',
  /** fastmcp serves `/mcp` through a Route; before, a Mount answers `/mcp` with 307 → `/mcp/`. */
  fastmcpRoutePath: '2.11.3',
  /** fastmcp's default path was `/mcp/` from 2.9.0 until the Route came back to `/mcp`. */
  fastmcpSlashDefault: '2.9.0',
  /** fastmcp 3.4.3 turned HostOriginGuardMiddleware on by default; 3.4.4 turned it off again. */
  fastmcpHostGuard: '3.4.3',
  fastmcpHostGuardOff: '3.4.4',
  /** The official SDK's default host became 127.0.0.1 (0.0.0.0 through 1.9.0). */
  mcpLoopbackDefault: '1.9.1',
  /** The official SDK's localhost Host allowlist, auto-on for a loopback `host`. */
  mcpHostAllowlist: '1.23.0',
  /** The official SDK serves `/mcp` through a Route; through 1.11 a Mount answers it with 307 → `/mcp/`. */
  mcpRoutePath: '1.12.0',
} as const;
const APP_METHODS = new Set(['streamable_http_app', 'http_app', 'sse_app']);

interface PyServer {
  module: PythonModule;
  call: PyCall;
  flavor: Flavor;
  variable?: string;
}

interface Bound {
  module: PythonModule;
  call: PyCall;
  server: PyServer;
}

interface PyAssignment {
  module: PythonModule;
  server: PyServer;
  setting: string;
  value: SyntaxNode;
  from: number;
  to: number;
}

/** Everything the Python rules look at, read once per project. */
interface PythonModel {
  servers: PyServer[];
  runs: Bound[];
  apps: Bound[];
  settings: PyAssignment[];
  uvicorn: Array<{ module: PythonModule; call: PyCall }>;
  security: Array<{ module: PythonModule; call: PyCall }>;
  /** True when some code path serves HTTP (a run with an HTTP transport, an ASGI app, uvicorn). */
  servesHttp: boolean;
}

const models = new WeakMap<readonly ProjectFile[], PythonModel>();
// One file list per project, so the four rules share one model (keyed by that list).
const fileLists = new WeakMap<LintProject, ProjectFile[]>();

/** The Python files of the project's MCP server: those that build one, plus the entrypoint. */
export function pythonServerFiles(project: LintProject): ProjectFile[] {
  const cached = fileLists.get(project);
  if (cached) return cached;
  const files = findServerFiles(project);
  fileLists.set(project, files);
  return files;
}

function findServerFiles(project: LintProject): ProjectFile[] {
  const python = project.files.filter((f) => f.path.endsWith('.py') && !isTestPath(f.path));
  // Each candidate's tree is released before the next: only the files that build a server stay parsed.
  const building = python.filter((f) => /\b(FastMCP|MCPServer)\b/.test(f.text) && withPythonModule(f, (module) => module.calls.some((c) => serverFlavor(module, c) !== undefined)));
  if (building.length === 0) return [];
  const entries = entrypoints(project).filter((f) => f.path.endsWith('.py'));
  return [...new Set([...entries, ...building])].sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The configured entrypoints: `--entrypoint`, else every agent's in `.bedrock_agentcore.yaml`, else `main.py`. */
export function entrypoints(project: LintProject): ProjectFile[] {
  const named = project.entrypoint ? [project.entrypoint] : configuredEntrypoints(project);
  const found = named.map((path) => findProjectFile(project, path)).filter((f): f is ProjectFile => f !== undefined);
  if (found.length > 0) return found;
  const main = project.file('main.py');
  return main ? [main] : [];
}

function configuredEntrypoints(project: LintProject): string[] {
  const config = project.file(BEDROCK_AGENTCORE_YAML);
  if (!config) return [];
  return bedrockAgentcoreAgents(parseYamlFile(config))
    .map((agent) => stringOf(valueOf(agent.node, 'entrypoint')))
    .filter((entrypoint): entrypoint is string => entrypoint !== undefined && entrypoint.length > 0);
}

/** A project file by a path as a config may write it: relative, `./x`, or absolute from another machine. */
function findProjectFile(project: LintProject, path: string): ProjectFile | undefined {
  const clean = path.replace(/\\/g, '/').replace(/^\.\//, '');
  const direct = project.file(clean);
  if (direct) return direct;
  // An absolute path written on the developer's machine: match the longest tail that exists here.
  const parts = clean.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const tail = project.file(parts.slice(i).join('/'));
    if (tail) return tail;
  }
  return undefined;
}

function isTestPath(path: string): boolean {
  return /(^|\/)(tests?|__tests__)\//.test(path) || /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(path) || /(^|\/)conftest\.py$/.test(path);
}

function serverFlavor(module: PythonModule, call: PyCall): Flavor | undefined {
  return call.dotted ? SERVER_CLASSES[module.qualify(call.dotted)] : undefined;
}

function buildModel(files: readonly ProjectFile[]): PythonModel {
  const cached = models.get(files);
  if (cached) return cached;
  const modules = files.map(parsePythonModule);
  const servers: PyServer[] = [];
  for (const module of modules) {
    for (const call of module.calls) {
      const flavor = serverFlavor(module, call);
      if (!flavor) continue;
      const assigned = module.assigns.find((a) => a.value.from === call.node.from && a.value.to === call.node.to && a.target && !a.target.includes('.'));
      servers.push({ module, call, flavor, ...(assigned?.target ? { variable: assigned.target } : {}) });
    }
  }
  // A receiver is a server when it is the constructor call itself, a variable holding one in the
  // same file, or a name imported from another project file that holds one (`from server import mcp`).
  const serverOf = (module: PythonModule, receiver: SyntaxNode | undefined): PyServer | undefined => {
    if (!receiver) return undefined;
    if (receiver.name === 'CallExpression') return servers.find((s) => s.module === module && s.call.node.from === receiver.from);
    if (receiver.name !== 'VariableName') return undefined;
    const name = module.text(receiver);
    const local = servers.find((s) => s.module === module && s.variable === name);
    if (local) return local;
    const imported = module.imports.get(name);
    if (!imported) return undefined;
    const original = imported.split('.').pop();
    return servers.find((s) => s.module !== module && s.variable === original);
  };
  const runs: Bound[] = [];
  const apps: Bound[] = [];
  const settings: PyAssignment[] = [];
  const uvicorn: PythonModel['uvicorn'] = [];
  const security: PythonModel['security'] = [];
  for (const module of modules) {
    for (const call of module.calls) {
      const qualified = call.dotted ? module.qualify(call.dotted) : '';
      if (qualified === 'uvicorn.run') uvicorn.push({ module, call });
      else if (/(^|\.)TransportSecuritySettings$/.test(qualified)) security.push({ module, call });
      else if (call.method === 'run' || APP_METHODS.has(call.method)) {
        const server = serverOf(module, call.receiver);
        if (server) (call.method === 'run' ? runs : apps).push({ module, call, server });
      }
    }
    for (const assign of module.assigns) {
      const match = assign.target ? /^([A-Za-z_][A-Za-z0-9_]*)\.settings\.([A-Za-z_]+)$/.exec(assign.target) : null;
      if (!match) continue;
      const receiver = assign.targetNode.firstChild?.firstChild ?? undefined;
      const server = serverOf(module, receiver?.name === 'VariableName' ? receiver : undefined);
      if (server) settings.push({ module, server, setting: match[2] as string, value: assign.value, from: assign.targetNode.from, to: assign.value.to });
    }
  }
  const servesHttp =
    uvicorn.length > 0 ||
    apps.some((a) => a.call.method !== 'sse_app') ||
    runs.some((r) => {
      const value = transportOf(r).value;
      return value.kind !== 'string' || HTTP_TRANSPORTS.has(String(value.value));
    });
  const model = { servers, runs, apps, settings, uvicorn, security, servesHttp };
  models.set(files, model);
  return model;
}

function transportOf(run: Bound): { arg?: PyArg; value: PyValue } {
  const arg = keywordArg(run.call, 'transport') ?? positionalArg(run.call, 0);
  if (!arg) return { value: run.call.hasSpread ? { kind: 'unknown' } : { kind: 'string', value: 'stdio' } };
  return { arg, value: run.module.evaluate(arg.node) };
}

/** Builds an issue at `[from, to)` of `module`'s file; the evidence is that text, or `shown` when given. */
function issue(module: PythonModule, from: number, to: number, code: FindingCode, message: string, shown?: { from: number; to: number }): LintIssue {
  const snippet = module.lines.snippet(shown?.from ?? from, shown?.to ?? to);
  return { code, message, location: module.lines.location(module.file.path, from, to), snippet };
}

/** An issue at a call's callee (`FastMCP`, `mcp.run`), with the whole call as evidence. */
function atCallee(module: PythonModule, call: PyCall, code: FindingCode, message: string): LintIssue {
  const callee = call.node.firstChild as SyntaxNode;
  return issue(module, callee.from, callee.to, code, message, call.node);
}

function describe(value: PyValue): string {
  const shown = value.kind === 'string' ? `"${String(value.value)}"` : value.kind === 'none' ? 'None' : String(value.value);
  return value.fromEnv ? `${shown} (the default when ${value.fromEnv} is unset)` : shown;
}

function className(server: PyServer): string {
  return server.call.dotted ?? 'FastMCP';
}

/** One setting of a server as the code finally leaves it: the latest place that sets it wins. */
interface Setting {
  module: PythonModule;
  from: number;
  to: number;
  value: PyValue;
  where: string;
}

function settingOf(model: PythonModel, server: PyServer, names: { init?: string; settings?: string; run?: string; app?: string }, run?: Bound): Setting | undefined {
  const found: Setting[] = [];
  const fromArg = (module: PythonModule, arg: PyArg | undefined, where: string): void => {
    if (arg) found.push({ module, from: arg.from, to: arg.to, value: module.evaluate(arg.node), where });
  };
  if (names.init) fromArg(server.module, keywordArg(server.call, names.init), `${className(server)}(${names.init}=…)`);
  if (names.settings) for (const s of model.settings.filter((a) => a.server === server && a.setting === names.settings)) found.push({ module: s.module, from: s.from, to: s.to, value: s.module.evaluate(s.value), where: `settings.${names.settings}` });
  if (names.app) for (const app of model.apps.filter((a) => a.server === server)) fromArg(app.module, keywordArg(app.call, names.app), `${app.call.method}(${names.app}=…)`);
  if (names.run && run) fromArg(run.module, keywordArg(run.call, names.run), `run(${names.run}=…)`);
  return found[found.length - 1];
}

const transportRule: LintRule = {
  id: 'lint/python/transport',
  title: 'Python server runs the Streamable HTTP transport',
  codes: ['FASTMCP_HTTP_TRANSPORT_CRASH', 'NOT_STREAMABLE_HTTP', 'STDIO_TRANSPORT'],
  appliesTo: pythonServerFiles,
  check(files, project) {
    const model = buildModel(files);
    const fastmcp = declaredPythonVersions(project, files).fastmcp;
    const issues: LintIssue[] = [];
    for (const run of model.runs) {
      const { arg, value } = transportOf(run);
      if (value.kind !== 'string') continue;
      const name = String(value.value);
      const [from, to] = arg ? [arg.from, arg.to] : [run.call.node.from, run.call.node.to];
      if (run.server.flavor === 'fastmcp' && name === 'http' && fastmcp && isCertainlyBelow(fastmcp, SINCE.fastmcpHttpTransport)) {
        issues.push(issue(run.module, from, to, 'FASTMCP_HTTP_TRANSPORT_CRASH', `run(transport="http") is not a transport of the installed fastmcp (${describeDeclared('fastmcp', fastmcp)}): "http" exists only since fastmcp ${SINCE.fastmcpHttpTransport}, so it raises \`ValueError: Unknown transport: http\` at start-up and the container never listens; use transport="streamable-http" or upgrade fastmcp.`));
      } else if (!TRANSPORTS[run.server.flavor].includes(name)) {
        const library = run.server.flavor === 'official' ? 'the official MCP Python SDK' : 'the fastmcp package';
        const fix = run.server.flavor === 'official' ? 'transport="streamable-http"' : 'transport="http"';
        issues.push(issue(run.module, from, to, 'FASTMCP_HTTP_TRANSPORT_CRASH', `run(transport="${name}") is not a transport of ${library}: it raises \`ValueError: Unknown transport: ${name}\` at start-up, so the container never listens; use ${fix}.`));
      } else if (name === 'sse') {
        issues.push(issue(run.module, from, to, 'NOT_STREAMABLE_HTTP', 'run(transport="sse") serves the legacy HTTP+SSE transport (`GET /sse`, `POST /messages/`); AgentCore sends Streamable HTTP to `POST /mcp`, use transport="streamable-http".'));
      } else if (name === 'stdio' && !model.servesHttp) {
        const how = arg ? 'run(transport="stdio")' : 'run() without a transport (the default is "stdio")';
        issues.push(issue(run.module, from, to, 'STDIO_TRANSPORT', `${how} talks over stdin/stdout and opens no port; AgentCore needs Streamable HTTP on 0.0.0.0:8000/mcp: run(transport="streamable-http").`));
      }
    }
    for (const app of model.apps.filter((a) => a.call.method === 'sse_app')) {
      issues.push(atCallee(app.module, app.call, 'NOT_STREAMABLE_HTTP', 'sse_app() builds the legacy HTTP+SSE app; AgentCore sends Streamable HTTP to `POST /mcp`: serve streamable_http_app() instead.'));
    }
    return issues;
  },
};

const statelessRule: LintRule = {
  id: 'lint/python/stateless',
  title: 'Python server is stateless (stateless_http=True)',
  codes: ['SERVER_STATEFUL'],
  appliesTo: pythonServerFiles,
  check(files) {
    const model = buildModel(files);
    const issues: LintIssue[] = [];
    for (const server of model.servers) {
      if (server.call.hasSpread) continue;
      const places: Setting[] = [];
      const add = (s: Setting | undefined): void => {
        if (s) places.push(s);
      };
      add(settingOf(model, server, { init: 'stateless_http' }));
      add(settingOf(model, server, { settings: 'stateless_http' }));
      add(settingOf(model, server, { app: 'stateless_http' }));
      for (const run of model.runs.filter((r) => r.server === server)) add(settingOf(model, server, { run: 'stateless_http' }, run));
      // Any place that may make it stateless (True, or a value the linter cannot read) is enough.
      if (places.some((p) => p.value.kind !== 'boolean' || p.value.value === true)) continue;
      const explicit = places[places.length - 1];
      if (explicit) {
        issues.push(issue(explicit.module, explicit.from, explicit.to, 'SERVER_STATEFUL', `${explicit.where} is False, so the server keeps MCP sessions; AgentCore injects its own Mcp-Session-Id and recycles microVMs: set stateless_http=True.`));
      } else {
        issues.push(atCallee(server.module, server.call, 'SERVER_STATEFUL', `${className(server)}(...) is built without stateless_http=True, so it keeps MCP sessions (the default); AgentCore injects its own Mcp-Session-Id and recycles microVMs: pass stateless_http=True.`));
      }
    }
    return issues;
  },
};

const listenRule: LintRule = {
  id: 'lint/python/listen',
  title: 'Python server listens on 0.0.0.0:8000 at /mcp',
  codes: ['SERVER_BINDS_LOOPBACK', 'AGENTCORE_CONTRACT_MISMATCH', 'TRAILING_SLASH_REDIRECT'],
  appliesTo: pythonServerFiles,
  check(files, project) {
    const model = buildModel(files);
    const versions = declaredPythonVersions(project, files);
    const issues: LintIssue[] = [];
    const checkHost = (host: Setting | undefined, module: PythonModule, call: PyCall, what: string): void => {
      const value = host?.value ?? { kind: 'string', value: '127.0.0.1' };
      if (value.kind !== 'string' || !isLoopbackHost(String(value.value))) return;
      const said = host ? `${host.where} is ${describe(value)}` : `${what} without a host listens on 127.0.0.1 (the default)`;
      const message = `${said}: the server only accepts connections from inside its container, and AgentCore, which connects to 0.0.0.0:8000, gets no answer (424 after deploying); listen on host "0.0.0.0".`;
      if (host) issues.push(issue(host.module, host.from, host.to, 'SERVER_BINDS_LOOPBACK', message));
      else issues.push(atCallee(module, call, 'SERVER_BINDS_LOOPBACK', message));
    };
    const checkPort = (port: Setting | undefined): void => {
      if (!port || port.value.kind !== 'number' || port.value.value === AGENTCORE_PORT) return;
      issues.push(issue(port.module, port.from, port.to, 'AGENTCORE_CONTRACT_MISMATCH', `${port.where} is ${describe(port.value)}, but AgentCore sends MCP traffic to port ${AGENTCORE_PORT} of the container; use port=${AGENTCORE_PORT}.`));
    };
    for (const run of model.runs) {
      const transport = transportOf(run).value;
      if (transport.kind === 'string' && !HTTP_TRANSPORTS.has(String(transport.value))) continue;
      const host = settingOf(model, run.server, { init: 'host', settings: 'host', run: 'host' }, run);
      // The official SDK defaulted to 0.0.0.0 through 1.9.0: there a run without host is reachable.
      const defaultIsAny = run.server.flavor === 'official' && isCertainlyBelow(versions.mcp, SINCE.mcpLoopbackDefault);
      // A constructor fed from **kwargs may set the host where the linter cannot see it.
      if (host || (!defaultIsAny && !run.server.call.hasSpread)) checkHost(host, run.module, run.call, 'run()');
      checkPort(settingOf(model, run.server, { init: 'port', settings: 'port', run: 'port' }, run));
    }
    for (const { module, call } of model.uvicorn) {
      if (call.hasSpread) continue;
      const hostArg = keywordArg(call, 'host');
      const portArg = keywordArg(call, 'port');
      checkHost(hostArg ? { module, from: hostArg.from, to: hostArg.to, value: module.evaluate(hostArg.node), where: 'uvicorn.run(host=…)' } : undefined, module, call, 'uvicorn.run()');
      if (portArg) checkPort({ module, from: portArg.from, to: portArg.to, value: module.evaluate(portArg.node), where: 'uvicorn.run(port=…)' });
    }
    const seen = new Set<string>();
    for (const server of model.servers) {
      for (const run of [undefined, ...model.runs.filter((r) => r.server === server)]) {
        const path = settingOf(model, server, { init: 'streamable_http_path', settings: 'streamable_http_path', app: 'path', run: 'path' }, run);
        if (!path || path.value.kind !== 'string' || isAgentCorePath(String(path.value.value))) continue;
        const key = `${path.module.file.path}:${path.from}`;
        if (seen.has(key)) continue;
        seen.add(key);
        issues.push(issue(path.module, path.from, path.to, 'AGENTCORE_CONTRACT_MISMATCH', `${path.where} is ${describe(path.value)}, but AgentCore sends MCP traffic to POST /mcp; leave the path at its default "/mcp".`));
      }
    }
    issues.push(...mountedPathIssues(model, versions));
    return issues;
  },
};

/**
 * Releases that serve Streamable HTTP through a Starlette `Mount` (fastmcp before 2.11.3, the
 * official SDK through 1.11; streamable-http-matrix §5). A Mount strips the trailing slash of its
 * path and matches only below it, so `POST /mcp` gets a 307 to `/mcp/` whatever `path` says
 * ("/mcp" included); only the later releases route `/mcp` itself.
 */
function mountedPathIssues(model: PythonModel, versions: DeclaredVersions): LintIssue[] {
  const issues: LintIssue[] = [];
  for (const bound of [...model.runs, ...model.apps]) {
    const { flavor } = bound.server;
    const library: PythonPackage = flavor === 'fastmcp' ? 'fastmcp' : 'mcp';
    const declared = versions[library];
    const routed = flavor === 'fastmcp' ? SINCE.fastmcpRoutePath : SINCE.mcpRoutePath;
    if (!declared || !isCertainlyBelow(declared, routed) || bound.call.hasSpread || bound.call.method === 'sse_app') continue;
    let what = `${bound.call.method}()`;
    if (bound.call.method === 'run') {
      const transport = transportOf(bound).value;
      if (transport.kind !== 'string' || !HTTP_TRANSPORTS.has(String(transport.value))) continue;
      // Before 2.9.0 fastmcp has no "http" transport: that run crashes, which the transport rule reports.
      if (flavor === 'fastmcp' && transport.value === 'http' && isCertainlyBelow(declared, SINCE.fastmcpHttpTransport)) continue;
      what = `run(transport="${String(transport.value)}")`;
    }
    const pathArg = keywordArg(bound.call, 'path');
    const path = pathArg ? bound.module.evaluate(pathArg.node) : settingOf(model, bound.server, { init: 'streamable_http_path', settings: 'streamable_http_path' })?.value;
    // Another path is already a contract mismatch of its own; an unreadable one is left alone.
    if (path && (path.kind !== 'string' || !isAgentCorePath(String(path.value)))) continue;
    const defaultPath = flavor === 'fastmcp' && isCertainlyAtLeast(declared, SINCE.fastmcpSlashDefault) ? '/mcp/' : '/mcp';
    const said = pathArg ? `${what} with ${bound.module.text(pathArg.node)} as path` : `${what} without path= (default "${defaultPath}")`;
    const message = `${said} on ${describeDeclared(library, declared)} serves the endpoint through a Starlette Mount, which answers AgentCore's POST /mcp with a 307 redirect to /mcp/ instead of handling it (${library} before ${routed}; setting path="/mcp" does not change that); upgrade to ${library} ${routed} or later, which routes /mcp itself.`;
    const found = pathArg ? issue(bound.module, pathArg.from, pathArg.to, 'TRAILING_SLASH_REDIRECT', message) : atCallee(bound.module, bound.call, 'TRAILING_SLASH_REDIRECT', message);
    issues.push(found);
  }
  return issues;
}

/** The only keywords python-sdk 1.x `FastMCP.run()` takes (agentcore-contract §13). */
const V1_RUN_KEYWORDS = new Set(['transport', 'mount_path']);
/** Constructor keywords fastmcp 3.x refuses with TypeError; they belong to `run()`. */
const FASTMCP3_REFUSED = ['host', 'port'];

/** True for python-sdk 2.x's `MCPServer` (host and port at `run()`, not in the constructor). */
function isMcpServerV2(server: PyServer): boolean {
  return server.flavor === 'official' && /MCPServer$/.test(server.call.dotted ? server.module.qualify(server.call.dotted) : '');
}

const keywordRule: LintRule = {
  id: 'lint/python/keywords',
  title: 'Python server passes only the keywords its library takes',
  codes: ['SERVER_KEYWORD_CRASH'],
  appliesTo: pythonServerFiles,
  check(files, project) {
    const model = buildModel(files);
    const versions = declaredPythonVersions(project, files);
    const issues: LintIssue[] = [];
    for (const run of model.runs) {
      if (run.server.flavor !== 'official' || isMcpServerV2(run.server) || run.call.hasSpread) continue;
      // `mcp` 2.x has no `mcp.server.fastmcp`; with a certain 2.x pin the import itself is the problem.
      if (isCertainlyAtLeast(versions.mcp, '2')) continue;
      const extra = run.call.args.filter((a) => a.name !== undefined && !V1_RUN_KEYWORDS.has(a.name));
      if (extra.length === 0) continue;
      const names = extra.map((a) => a.name as string);
      const settings = extra.map((a) => `${a.name}=${run.module.text(a.node)}`).join(', ');
      const pinned = versions.mcp ? ` (${describeDeclared('mcp', versions.mcp)})` : '';
      const callee = run.call.node.firstChild as SyntaxNode;
      issues.push({
        ...issue(run.module, callee.from, callee.to, 'SERVER_KEYWORD_CRASH', `run() is given ${names.map((n) => `\`${n}\``).join(', ')}, which python-sdk 1.x${pinned} \`FastMCP.run()\` does not take (only \`transport\` and \`mount_path\`): the server raises \`TypeError: FastMCP.run() got an unexpected keyword argument '${names[0]}'\` at start-up and never listens. Pass them to the constructor: \`${className(run.server)}("…", ${settings})\`, then \`run(transport="streamable-http")\`.`, run.call.node),
        args: { detail: `run(${names.join(', ')})` },
      });
    }
    for (const server of model.servers) {
      if (server.flavor !== 'fastmcp' || isCertainlyBelow(versions.fastmcp, '3')) continue;
      const refused = FASTMCP3_REFUSED.map((name) => keywordArg(server.call, name)).filter((a): a is PyArg => a !== undefined);
      if (refused.length === 0) continue;
      const first = refused[0] as PyArg;
      const settings = refused.map((a) => `${a.name}=${server.module.text(a.node)}`).join(', ');
      const which = versions.fastmcp ? describeDeclared('fastmcp', versions.fastmcp) : 'fastmcp 3.x, the newest release (no pin says otherwise)';
      issues.push({
        ...issue(server.module, first.from, first.to, 'SERVER_KEYWORD_CRASH', `${className(server)}(${refused.map((a) => `${a.name}=…`).join(', ')}): on ${which} the constructor refuses ${refused.map((a) => `\`${a.name}\``).join(' and ')} ("FastMCP() no longer accepts \`host\`", TypeError at start-up). Pass them to run(): \`mcp.run(transport="http", ${settings})\`.`),
        args: { detail: `${className(server)}(${refused.map((a) => a.name).join(', ')})` },
      });
    }
    return issues;
  },
};

const dnsRebindingRule: LintRule = {
  id: 'lint/python/dns-rebinding',
  title: 'Python server accepts the Host header AgentCore sends',
  codes: ['HOST_HEADER_REJECTED'],
  appliesTo: pythonServerFiles,
  check(files, project) {
    const model = buildModel(files);
    const versions = declaredPythonVersions(project, files);
    const issues: LintIssue[] = [];
    for (const { module, call } of model.security) {
      const enabled = keywordArg(call, 'enable_dns_rebinding_protection');
      const value = enabled ? module.evaluate(enabled.node) : { kind: 'boolean', value: true };
      if (value.kind !== 'boolean' || value.value !== true) continue;
      const hosts = keywordArg(call, 'allowed_hosts');
      const list = hosts ? module.evaluate(hosts.node) : undefined;
      const named = list?.kind === 'list' ? (list.items ?? []).map((i) => (i.kind === 'string' ? String(i.value) : '?')).join(', ') : undefined;
      const [from, to] = enabled ? [enabled.from, enabled.to] : [call.node.from, call.node.to];
      issues.push(issue(module, from, to, 'HOST_HEADER_REJECTED', `TransportSecuritySettings turns DNS-rebinding protection on${named !== undefined ? ` with allowed_hosts [${named}]` : ''}: behind AgentCore every request carries the platform's internal Host name and gets 421 Invalid Host header; set enable_dns_rebinding_protection=False for a server behind AgentCore's authorizer.`));
    }
    for (const server of model.servers) {
      if (server.call.hasSpread) continue;
      if (server.flavor === 'fastmcp') {
        const guard = keywordArg(server.call, 'host_origin_protection');
        const value = guard ? server.module.evaluate(guard.node) : undefined;
        if (guard && value?.kind === 'boolean' && value.value === true) {
          issues.push(issue(server.module, guard.from, guard.to, 'HOST_HEADER_REJECTED', 'host_origin_protection=True makes fastmcp answer 421 Misdirected Request to any Host it does not know, including the internal name AgentCore sends; leave it off behind AgentCore.'));
        } else if (!guard && versions.fastmcp && isCertainlyWithin(versions.fastmcp, SINCE.fastmcpHostGuard, SINCE.fastmcpHostGuardOff)) {
          issues.push(atCallee(server.module, server.call, 'HOST_HEADER_REJECTED', `${className(server)}(...) without host_origin_protection=False on ${describeDeclared('fastmcp', versions.fastmcp)}: that release turns HostOriginGuardMiddleware on by default, so AgentCore's requests, which carry an internal Host name, get 421 Misdirected Request; pass host_origin_protection=False or upgrade to fastmcp ${SINCE.fastmcpHostGuardOff}+ (off by default).`));
        }
        continue;
      }
      // Before 1.23.0 the official SDK had no localhost allowlist: a loopback host changes nothing here.
      if (isCertainlyBelow(versions.mcp, SINCE.mcpHostAllowlist)) continue;
      if (isMcpServerV2(server)) {
        issues.push(...mcpServerHostIssues(model, server));
        continue;
      }
      // The official SDK (1.23+) decides at construction: a loopback `host` and no transport_security
      // turn the localhost allowlist on, whatever address uvicorn or settings bind later.
      if (keywordArg(server.call, 'transport_security')) continue;
      const host = keywordArg(server.call, 'host');
      const value = host ? server.module.evaluate(host.node) : ({ kind: 'string', value: '127.0.0.1' } as PyValue);
      if (value.kind !== 'string' || !isLoopbackHost(String(value.value))) continue;
      const said = host ? `${className(server)}(host=${describe(value)})` : `${className(server)}(...) without host= (default "127.0.0.1")`;
      const message = `${said} turns on the SDK's localhost Host allowlist (python-sdk 1.23+), decided at construction whatever address the server binds later: AgentCore's requests carry an internal Host name and get 421 Invalid Host header; pass host="0.0.0.0".`;
      if (host) issues.push(issue(server.module, host.from, host.to, 'HOST_HEADER_REJECTED', message));
      else issues.push(atCallee(server.module, server.call, 'HOST_HEADER_REJECTED', message));
    }
    return issues;
  },
};

/**
 * python-sdk 2.x `MCPServer` keys the localhost Host allowlist off the `host` given to `run()` or
 * `streamable_http_app()` (default 127.0.0.1), not the constructor (streamable-http-matrix §3.4).
 */
function mcpServerHostIssues(model: PythonModel, server: PyServer): LintIssue[] {
  const issues: LintIssue[] = [];
  const calls = [...model.runs, ...model.apps].filter((b) => b.server === server && b.call.method !== 'sse_app' && !b.call.hasSpread);
  for (const bound of calls) {
    if (bound.call.method === 'run') {
      const transport = transportOf(bound).value;
      if (transport.kind === 'string' && !HTTP_TRANSPORTS.has(String(transport.value))) continue;
    }
    if (keywordArg(bound.call, 'transport_security')) continue;
    const host = keywordArg(bound.call, 'host');
    const value = host ? bound.module.evaluate(host.node) : ({ kind: 'string', value: '127.0.0.1' } as PyValue);
    if (value.kind !== 'string' || !isLoopbackHost(String(value.value))) continue;
    const said = host ? `${bound.call.method}(host=${describe(value)})` : `${bound.call.method}() without host= (default "127.0.0.1")`;
    const message = `${said} turns on python-sdk 2.x's localhost Host allowlist: AgentCore's requests carry an internal Host name and get 421 Invalid Host header; pass host="0.0.0.0" to ${bound.call.method}() (MCPServer takes no host in its constructor).`;
    issues.push(host ? issue(bound.module, host.from, host.to, 'HOST_HEADER_REJECTED', message) : atCallee(bound.module, bound.call, 'HOST_HEADER_REJECTED', message));
  }
  return issues;
}

/** The Python server rules, in report order. */
export const pythonServerRules: readonly LintRule[] = [transportRule, keywordRule, statelessRule, listenRule, dnsRebindingRule];

/** What the source says about the Python server's library: `python-sdk` 1.x/2.x or `fastmcp`. */
export function pythonServerStack(project: LintProject): StackClue[] {
  const files = pythonServerFiles(project);
  if (files.length === 0) return [];
  const model = buildModel(files);
  const versions = declaredPythonVersions(project, files);
  const clues: StackClue[] = [];
  for (const server of model.servers) {
    const qualified = server.call.dotted ? server.module.qualify(server.call.dotted) : '';
    const where = `${server.module.file.path}: \`${qualified}\``;
    if (server.flavor === 'fastmcp') {
      const pin = versions.fastmcp;
      const major = pin && isCertainlyAtLeast(pin, '3') ? { lower: '3' } : pin && isCertainlyBelow(pin, '3') ? { upper: '3' } : {};
      clues.push({ name: 'fastmcp', ...major, evidence: pin ? `${where}, ${describeDeclared('fastmcp', pin)}` : where });
    } else {
      const v2 = /MCPServer$/.test(qualified);
      const pin = versions.mcp;
      const range = v2 ? { lower: '2' } : { upper: '2' };
      const pinned = pin && isCertainlyAtLeast(pin, '1.26') && !v2 ? { lower: '1.26' } : {};
      clues.push({ name: 'python-sdk', ...range, ...pinned, evidence: pin ? `${where}, ${describeDeclared('mcp', pin)}` : where });
    }
  }
  return clues;
}
