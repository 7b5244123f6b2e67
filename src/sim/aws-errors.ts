import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Wire shapes of AWS answers, shared by the simulated services: restJson1 errors (JSON body with
 * `message` plus `x-amzn-ErrorType`, agentcore-contract §5 last paragraph), awsJson1.1 errors
 * (`__type` + `message`, §9) and the JSON-RPC error bodies AgentCore puts on MCP URLs (§5 table).
 */

/** A JSON-RPC error body in AgentCore's key order: `jsonrpc`, `id`, `error` (as the observed -32010/-32011 bodies). */
export function jsonRpcErrorBody(code: number, message: string): Record<string, unknown> {
  return { jsonrpc: '2.0', id: null, error: { code, message } };
}

/** A fresh AWS request id, as every AWS response carries in `x-amzn-RequestId`. */
export function newRequestId(): string {
  return randomUUID();
}

/** Sends a complete JSON response with Content-Length. */
export function sendJsonResponse(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, contentType = 'application/json'): void {
  if (res.headersSent || res.destroyed) return;
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': String(bytes.length) });
  res.end(bytes);
}

/**
 * Sends a restJson1 error: the SDK maps `x-amzn-ErrorType` to the exception class, so `name` on
 * the client side is exactly `errorType`.
 */
export function sendRestJsonError(res: ServerResponse, status: number, errorType: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
  sendJsonResponse(res, status, { message, ...extra }, { ...headers, 'x-amzn-errortype': errorType });
}

/** Sends an awsJson1.1 error (`{"__type": …, "message": …}`); Cognito answers 400 for its modelled errors. */
export function sendAwsJsonError(res: ServerResponse, errorType: string, message: string, status = 400, headers: Record<string, string> = {}): void {
  sendJsonResponse(res, status, { __type: errorType, message }, { ...headers, 'x-amzn-errortype': errorType }, 'application/x-amz-json-1.1');
}

/** Reads the whole request body. */
export function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Splits a raw request target into its still-encoded path and its decoded query. */
export function splitTarget(rawUrl: string | undefined): { rawPath: string; query: URLSearchParams } {
  const target = rawUrl ?? '/';
  const at = target.indexOf('?');
  return at < 0 ? { rawPath: target, query: new URLSearchParams() } : { rawPath: target.slice(0, at), query: new URLSearchParams(target.slice(at + 1)) };
}

/** A single request header value (repeated headers joined as Node does for most names). */
export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
