import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { DEFAULT_MCP_PATHS, SAMPLE_PROMPT_NAME, SAMPLE_RESOURCE_URI } from './mcp-app.js';
import { pathOf, readJsonBody, sendText } from './http.js';
import type { HttpHandler } from './types.js';

/**
 * The 2026-07-28 sample server: the official v2 TypeScript SDK (`@modelcontextprotocol/server`
 * `McpServer` behind `createMcpHandler`, adapted to `node:http` by `@modelcontextprotocol/node`).
 * `legacy: 'stateless'` (the SDK default) serves both eras; `legacy: 'reject'` is modern-only and
 * answers any 2025 request with 400 -32022 (protocol-2026-07-28 §4). Fixtures add one fault in
 * front of it through `fault`.
 */

/** What a fault does with one request: answer it itself, or pass a changed body on. */
export type ModernFaultOutcome = { handled: true } | { body: unknown } | undefined;

/** One fault in front of the v2 handler. It may read and rewrite headers and body. */
export type ModernFault = (req: IncomingMessage, res: ServerResponse, body: unknown) => ModernFaultOutcome | Promise<ModernFaultOutcome>;

/** Options for {@link createModernApp}. */
export interface ModernAppOptions {
  /** @default 'stateless' (both eras) */
  legacy?: 'stateless' | 'reject';
  /** Paths that reach the MCP endpoint; anything else is a plain-text 404. @default DEFAULT_MCP_PATHS */
  paths?: readonly string[];
  /** `serverInfo.name`. @default 'mcp-doctor-modern-fixture' */
  name?: string;
  /** The single fault, when there is one. */
  fault?: ModernFault;
}

/** Names of the modern sample server's tools. */
export const MODERN_SAMPLE_TOOL_NAMES = ['echo', 'add'] as const;

/** The v2 sample server: two tools, one resource, one prompt. */
export function createModernSampleServer(name = 'mcp-doctor-modern-fixture'): McpServer {
  const server = new McpServer({ name, version: '2.0.0' });
  server.registerTool('echo', { description: 'Returns the text unchanged.', inputSchema: z.object({ text: z.string().describe('Text to echo') }) }, ({ text }) => ({
    content: [{ type: 'text', text }],
  }));
  server.registerTool('add', { description: 'Adds two numbers.', inputSchema: z.object({ a: z.number(), b: z.number() }) }, ({ a, b }) => ({
    content: [{ type: 'text', text: String(a + b) }],
  }));
  server.registerResource('readme', SAMPLE_RESOURCE_URI, { description: 'What this server is', mimeType: 'text/plain' }, (uri) => ({
    contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'A 2026-07-28 fixture server for mcp-doctor tests.' }],
  }));
  server.registerPrompt(SAMPLE_PROMPT_NAME, { description: 'Greets someone by name', argsSchema: z.object({ name: z.string() }) }, ({ name: who }) => ({
    messages: [{ role: 'user', content: { type: 'text', text: `Say hello to ${who}.` } }],
  }));
  return server;
}

/** The v2 handler on `node:http`, with an optional fault in front. */
export function createModernApp(options: ModernAppOptions = {}): HttpHandler {
  const paths = options.paths ?? DEFAULT_MCP_PATHS;
  const handler = createMcpHandler(() => createModernSampleServer(options.name), { legacy: options.legacy ?? 'stateless' });
  const serve = toNodeHandler(handler);
  return {
    async handle(req, res) {
      if (!paths.includes(pathOf(req))) return sendText(res, 404, 'Not Found');
      if (!options.fault || req.method !== 'POST') return serve(req, res);
      const body = await readJsonBody(req);
      const outcome = await options.fault(req, res, body);
      if (outcome && 'handled' in outcome) return;
      return serve(req, res, outcome ? outcome.body : body);
    },
    close: () => handler.close?.(),
  };
}
