import { headerOf, readJsonBody, rewriteRequestHeader, sendText } from './http.js';
import type { HttpHandler } from './types.js';

/**
 * Single faults layered over a healthy app, shared by the demo's containers and the test
 * fixtures, each reproducing one real-world misconfiguration (streamable-http-matrix §3.4, §4.3).
 */

const LOOPBACK_HOST_PREFIXES = ['127.0.0.1:', 'localhost:', '[::1]:'];

/**
 * python-sdk's localhost DNS-rebinding protection left on (`FastMCP(host="127.0.0.1")` served on
 * 0.0.0.0): a Host that is not `127.0.0.1:*`, `localhost:*` or `[::1]:*` gets 421 plain
 * `Invalid Host header`; AgentCore's internal proxy Host is one of those.
 */
export function withPythonHostCheck(app: HttpHandler): HttpHandler {
  return {
    handle(req, res) {
      const host = headerOf(req, 'host') ?? '';
      if (!LOOPBACK_HOST_PREFIXES.some((prefix) => host.startsWith(prefix))) return sendText(res, 421, 'Invalid Host header');
      return app.handle(req, res);
    },
    close: () => app.close?.(),
  };
}

/** A proxy in front of the app that rewrites every `Accept` to `*\/*`, so even compliant clients get 406. */
export function withAcceptRewrittenToWildcard(app: HttpHandler): HttpHandler {
  return {
    handle(req, res) {
      rewriteRequestHeader(req, 'Accept', '*/*');
      return app.handle(req, res);
    },
    close: () => app.close?.(),
  };
}

/**
 * A handler that raises on one JSON-RPC method: the framework answers a bare 500 `Internal Server
 * Error` (Starlette, Express) while every other request works, as a tool or list handler with a bug.
 */
export function withFailingMethod(app: HttpHandler, method: string, status = 500): HttpHandler {
  return {
    async handle(req, res) {
      const body = req.method === 'POST' ? await readJsonBody(req) : undefined;
      const messages = Array.isArray(body) ? body : [body];
      if (messages.some((m) => m !== null && typeof m === 'object' && (m as { method?: unknown }).method === method)) return sendText(res, status, 'Internal Server Error');
      return app.handle(req, res);
    },
    close: () => app.close?.(),
  };
}
