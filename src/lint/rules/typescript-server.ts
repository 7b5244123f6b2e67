import type { CallExpression, Node } from '@babel/types';
import type { FindingCode } from '../../catalog/codes.js';
import { AGENTCORE_PORT, isAgentCorePath, isLoopbackHost } from '../source-text.js';
import { calleeName, isExpression, parseTsModule, SCRIPT_FILE, type TsModule, type TsValue } from '../typescript-ast.js';
import type { LintIssue, LintProject, LintRule, ProjectFile } from '../types.js';

/**
 * Rules over TypeScript and JavaScript MCP servers built on the official SDK
 * (`@modelcontextprotocol/sdk` 1.x or the v2 `@modelcontextprotocol/server`), checked against the
 * AgentCore container contract: a stateless transport (`sessionIdGenerator: undefined`), no
 * localhost Host validation (`createMcpExpressApp` turns it on for its default host), and a
 * listener on 0.0.0.0:8000 serving `/mcp` (streamable-http-matrix §4.3).
 */

/** The script files of a project that uses the MCP SDK; none when it does not. */
export function typescriptServerFiles(project: LintProject): ProjectFile[] {
  const scripts = project.files.filter((f) => SCRIPT_FILE.test(f.path) && !/\.d\.[cm]?ts$/.test(f.path) && !isTestPath(f.path));
  const usesSdk = scripts.some((f) => f.text.includes('@modelcontextprotocol/'));
  if (!usesSdk) return [];
  return scripts.filter((f) => /@modelcontextprotocol\/|StreamableHTTPServerTransport|createMcpExpressApp|\.listen\s*\(|\bserve\s*\(/.test(f.text));
}

function isTestPath(path: string): boolean {
  return /(^|\/)(tests?|__tests__|spec)\//.test(path) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(path) || /(^|\/)[^/]*\.config\.[cm]?[jt]s$/.test(path);
}

/** An issue at `node`; the evidence runs from it to the end of `shownTo` (a property's value, a call's arguments). */
function issue(module: TsModule, node: Node, code: FindingCode, message: string, shownTo?: Node): LintIssue {
  const from = node.start ?? 0;
  const to = node.end ?? from + 1;
  const snippet = module.lines.snippet(from, Math.max(to, shownTo?.end ?? to));
  return { code, message, location: module.lines.location(module.file.path, from, to), snippet };
}

function describe(value: TsValue): string {
  const shown = value.kind === 'string' ? `"${String(value.value)}"` : String(value.value);
  return value.fromEnv ? `${shown} (the default when ${value.fromEnv} is unset)` : shown;
}

/** Modules that parse; a file beyond Babel's error recovery makes the rule fail loudly (status error). */
function modulesOf(files: readonly ProjectFile[]): TsModule[] {
  return files.map(parseTsModule);
}

/** `new StreamableHTTPServerTransport(...)` and its Web-standard and v2 Node variants. */
function transportOptions(module: TsModule, node: Node): TsValue | undefined {
  if (node.type !== 'NewExpression' || !/StreamableHTTPServerTransport$/.test(calleeName(node.callee) ?? '')) return undefined;
  const first = node.arguments[0];
  if (!isExpression(first)) return first === undefined ? { kind: 'object', properties: new Map() } : undefined;
  const value = module.evaluate(first);
  return value.kind === 'object' ? value : undefined;
}

const statelessRule: LintRule = {
  id: 'lint/typescript/stateless',
  title: 'TypeScript transport is stateless (sessionIdGenerator: undefined)',
  codes: ['SERVER_STATEFUL'],
  appliesTo: typescriptServerFiles,
  check(files) {
    const issues: LintIssue[] = [];
    for (const module of modulesOf(files)) {
      module.walk((node) => {
        const options = transportOptions(module, node);
        const generator = options?.properties?.get('sessionIdGenerator');
        if (!generator) return;
        const value = module.evaluate(generator.value);
        const named = generator.value.type === 'Identifier' || generator.value.type === 'MemberExpression' ? module.lines.snippet(generator.value.start ?? 0, generator.value.end ?? 0) : '';
        // A function, or a name that can only be one (`randomUUID`), mints session ids.
        const stateful = value.kind === 'function' || value.kind === 'string' || (value.kind === 'unknown' && /uuid|random|nanoid|session/i.test(named));
        if (!stateful) return;
        issues.push(issue(module, generator.key, 'SERVER_STATEFUL', 'sessionIdGenerator is set, so the transport issues Mcp-Session-Id and rejects requests without it; AgentCore injects its own session ids and recycles microVMs: use sessionIdGenerator: undefined and a new server and transport per request.', generator.value));
      });
    }
    return issues;
  },
};

const dnsRebindingRule: LintRule = {
  id: 'lint/typescript/dns-rebinding',
  title: 'TypeScript server accepts the Host header AgentCore sends',
  codes: ['HOST_HEADER_REJECTED'],
  appliesTo: typescriptServerFiles,
  check(files) {
    const issues: LintIssue[] = [];
    for (const module of modulesOf(files)) {
      module.walk((node) => {
        if (node.type === 'CallExpression') {
          const name = calleeName(node.callee);
          if (name === 'createMcpExpressApp') checkExpressApp(module, node, issues);
          else if (name === 'localhostHostValidation') {
            issues.push(issue(module, node.callee, 'HOST_HEADER_REJECTED', 'localhostHostValidation() answers 403 to every Host that is not localhost; behind AgentCore requests carry the platform\'s internal Host name: remove it for the deployed server.', node));
          }
          return;
        }
        const options = transportOptions(module, node);
        const enabled = options?.properties?.get('enableDnsRebindingProtection');
        if (!enabled || !options?.properties?.has('allowedHosts')) return;
        const value = module.evaluate(enabled.value);
        if (value.kind === 'boolean' && value.value === true) {
          issues.push(issue(module, enabled.key, 'HOST_HEADER_REJECTED', 'enableDnsRebindingProtection with allowedHosts answers 403 Invalid Host header to any other Host; AgentCore\'s requests carry the platform\'s internal Host name: turn it off for a server behind AgentCore\'s authorizer.', enabled.value));
        }
      });
    }
    return issues;
  },
};

function checkExpressApp(module: TsModule, call: CallExpression, issues: LintIssue[]): void {
  const first = call.arguments[0];
  let options: TsValue = { kind: 'object', properties: new Map() };
  if (first !== undefined) {
    if (!isExpression(first)) return;
    options = module.evaluate(first);
    if (options.kind !== 'object') return;
  }
  if (options.properties?.has('allowedHosts')) return;
  const host = options.properties?.get('host');
  if (!host && options.hasSpread) return;
  const value: TsValue = host ? module.evaluate(host.value) : { kind: 'string', value: '127.0.0.1' };
  if (value.kind !== 'string' || !isLoopbackHost(String(value.value))) return;
  const said = host ? `createMcpExpressApp({ host: ${describe(value)} })` : 'createMcpExpressApp() without a host (default "127.0.0.1")';
  issues.push(issue(module, host ? host.key : call.callee, 'HOST_HEADER_REJECTED', `${said} validates the Host header against localhost names and answers 403 Invalid Host to anything else; AgentCore's requests carry the platform's internal Host name: pass { host: "0.0.0.0" }.`, host ? host.value : call));
}

const listenRule: LintRule = {
  id: 'lint/typescript/listen',
  title: 'TypeScript server listens on 0.0.0.0:8000 at /mcp',
  codes: ['SERVER_BINDS_LOOPBACK', 'AGENTCORE_CONTRACT_MISMATCH'],
  appliesTo: typescriptServerFiles,
  check(files) {
    const issues: LintIssue[] = [];
    for (const module of modulesOf(files)) {
      const checkPort = (node: Node | undefined, what: string): void => {
        if (!node) return;
        const value = module.evaluate(node);
        const port = value.kind === 'string' && /^\d+$/.test(String(value.value)) ? { ...value, kind: 'number' as const, value: Number(value.value) } : value;
        if (port.kind !== 'number' || port.value === AGENTCORE_PORT) return;
        issues.push(issue(module, node, 'AGENTCORE_CONTRACT_MISMATCH', `${what} listens on port ${describe(port)}, but AgentCore sends MCP traffic to port ${AGENTCORE_PORT} of the container; listen on ${AGENTCORE_PORT}.`));
      };
      const checkHost = (node: Node | undefined, what: string): void => {
        if (!node) return;
        const value = module.evaluate(node);
        if (value.kind !== 'string' || !isLoopbackHost(String(value.value))) return;
        issues.push(issue(module, node, 'SERVER_BINDS_LOOPBACK', `${what} binds ${describe(value)}: only the container itself can connect, and AgentCore, which connects to 0.0.0.0:8000, gets no answer (424 after deploying); listen on "0.0.0.0" (or leave the host out).`));
      };
      module.walk((node) => {
        if (node.type !== 'CallExpression') return;
        const name = calleeName(node.callee);
        const [first, second] = node.arguments;
        if (name === 'listen' && node.callee.type === 'MemberExpression' && isExpression(first)) {
          if (first.type === 'ObjectExpression') {
            const options = module.evaluate(first);
            checkPort(options.properties?.get('port')?.value, 'listen({ port })');
            checkHost(options.properties?.get('host')?.value, 'listen({ host })');
            return;
          }
          const port = module.evaluate(first);
          // A string that is not a number is a Unix socket or a pipe, not a TCP port.
          if (port.kind === 'string' && !/^\d+$/.test(String(port.value))) return;
          checkPort(first, 'listen()');
          if (isExpression(second)) checkHost(second, 'listen()');
        } else if (name === 'serve' && isExpression(first) && first.type === 'ObjectExpression') {
          const options = module.evaluate(first);
          if (!options.properties?.has('fetch')) return;
          checkPort(options.properties.get('port')?.value, 'serve({ port })');
          checkHost(options.properties.get('hostname')?.value, 'serve({ hostname })');
        } else if ((name === 'post' || name === 'all' || name === 'use') && node.callee.type === 'MemberExpression' && first?.type === 'StringLiteral' && handlesMcp(node)) {
          if (isAgentCorePath(first.value)) return;
          issues.push(issue(module, first, 'AGENTCORE_CONTRACT_MISMATCH', `The MCP handler is mounted at "${first.value}", but AgentCore sends MCP traffic to POST /mcp; mount it at "/mcp".`));
        }
      });
    }
    return issues;
  },
};

/** True when a route's handlers call `transport.handleRequest(...)`, i.e. the route serves MCP. */
function handlesMcp(call: CallExpression): boolean {
  let found = false;
  const visit = (node: Node): void => {
    if (found) return;
    if (node.type === 'CallExpression' && calleeName(node.callee) === 'handleRequest') {
      found = true;
      return;
    }
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'extra') continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      const children = Array.isArray(value) ? value : [value];
      for (const child of children) if (child && typeof child === 'object' && typeof (child as Node).type === 'string') visit(child as Node);
    }
  };
  for (const argument of call.arguments.slice(1)) visit(argument);
  return found;
}

/** The TypeScript server rules, in report order. */
export const typescriptServerRules: readonly LintRule[] = [statelessRule, dnsRebindingRule, listenRule];
