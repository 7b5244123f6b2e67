import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Agent, request } from 'undici';
import type { HttpHandler } from '../../src/sim/containers/types.js';
import type { Simulation } from '../../src/sim/types.js';

/** Shared helpers for the simulation tests: raw HTTP calls, SigV4 signing, recording containers. */

/** The MCP Accept value clients must send (agentcore-contract §2.1). */
export const MCP_ACCEPT = 'application/json, text/event-stream';

/** A JSON-RPC `initialize` request body. */
export const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'sim-test', version: '1.0.0' } },
});

/** A JSON-RPC `tools/list` request body. */
export const TOOLS_LIST = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} });

/** A plain response, body read as text. */
export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

/** A dispatcher per test file, closed in afterAll so no socket outlives the tests. */
export function createTestAgent(): Agent {
  return new Agent({ keepAliveTimeout: 500, keepAliveMaxTimeout: 500 });
}

/** Sends one request and reads the whole body. */
export async function call(agent: Agent, url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpResult> {
  const response = await request(url, {
    method: (options.method ?? 'POST') as 'POST',
    headers: options.headers ?? {},
    body: options.body,
    dispatcher: agent,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

/** POSTs an MCP message to an invocation URL with the headers an MCP client sends. */
export function invoke(agent: Agent, url: string, headers: Record<string, string> = {}, body = INITIALIZE): Promise<HttpResult> {
  return call(agent, url, { headers: { 'content-type': 'application/json', accept: MCP_ACCEPT, ...headers }, body });
}

/** SigV4-signs a data-plane invocation the way the AWS SDK does (service `bedrock-agentcore`). */
export async function signedInvocationHeaders(
  sim: Simulation,
  arn: string,
  body: string,
  options: { qualifier?: string; credentials?: { accessKeyId: string; secretAccessKey: string }; extra?: Record<string, string> } = {},
): Promise<{ url: string; headers: Record<string, string> }> {
  const base = new URL(sim.dataPlaneUrl);
  const path = `/runtimes/${encodeURIComponent(arn)}/invocations`;
  const qualifier = options.qualifier ?? 'DEFAULT';
  const signer = new SignatureV4({ credentials: options.credentials ?? sim.credentials, region: sim.region, service: 'bedrock-agentcore', sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: base.hostname,
      port: Number(base.port),
      path,
      query: { qualifier },
      headers: { host: base.host, 'content-type': 'application/json', accept: MCP_ACCEPT, ...options.extra },
      body,
    }),
  );
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers.host;
  return { url: `${sim.dataPlaneUrl}${path}?qualifier=${qualifier}`, headers };
}

/** Wraps a container handler and keeps the headers of every request it receives. */
export function recording(handler: HttpHandler): { handler: HttpHandler; seen: IncomingHttpHeaders[] } {
  const seen: IncomingHttpHeaders[] = [];
  return {
    seen,
    handler: {
      handle(req: IncomingMessage, res: ServerResponse) {
        seen.push({ ...req.headers });
        return handler.handle(req, res);
      },
      close: () => handler.close?.(),
    },
  };
}

/** A container that answers every request with a fixed status and body. */
export function fixedStatus(status: number, body = 'error'): HttpHandler {
  return {
    handle(req, res) {
      req.resume();
      res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    },
  };
}

/** A URL where nothing listens: a port that was just released. */
export async function deadUrl(): Promise<string> {
  const { listenLocal } = await import('../../src/sim/listen.js');
  const server = await listenLocal(fixedStatus(200));
  await server.stop();
  return server.url;
}

/** The first value of a response header. */
export function header(result: HttpResult, name: string): string | undefined {
  const value = result.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
