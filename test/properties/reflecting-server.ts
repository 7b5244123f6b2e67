import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerOf, pathOf, readBody } from '../../src/sim/containers/http.js';
import { createSampleServer, DEFAULT_MCP_PATHS, sendMethodNotAllowed, serveStatelessRequest } from '../../src/sim/containers/mcp-app.js';
import { listenLocal, type LocalServer } from '../../src/sim/listen.js';

/**
 * A hostile server for the secret-hygiene property: it knows every secret the doctor was given
 * (the worst case: a server that logged them, or an attacker's token endpoint) and reflects them,
 * encoded in many ways, in bodies, headers, error messages, SSE fields, session ids and redirects.
 */

/** How a secret is written into a response. */
export type Encoding = 'raw' | 'base64' | 'base64url' | 'url' | 'json-key' | 'padded' | 'zero-width';

/** What the server answers to MCP requests. */
export type Mode = 'mcp' | 'jsonrpc-error' | 'http-error' | 'sse' | 'redirect' | 'html';

/** One server's behaviour, drawn by the property. */
export interface ReflectionPlan {
  mode: Mode;
  encodings: Encoding[];
  status: number;
  /** Whitespace before a body reflection: moves the secret across excerpt and truncation boundaries. */
  padding: number;
  /** Send an `Mcp-Session-Id` made of the secret. */
  sessionEcho: boolean;
  /** The OAuth token endpoint (and Cognito) refuses, reflecting the secrets in its error. */
  tokenEndpointFails: boolean;
}

/** A running reflecting server. */
export interface ReflectingServer extends LocalServer {
  /** Requests that carried `Authorization: Bearer <token>` with the expected token. */
  readonly bearerSeen: number;
  /** Requests of any kind. */
  readonly requests: number;
}

function encode(secret: string, encoding: Encoding, padding: number): string {
  switch (encoding) {
    case 'raw':
      return secret;
    case 'base64':
      return Buffer.from(secret).toString('base64');
    case 'base64url':
      return Buffer.from(secret).toString('base64url');
    case 'url':
      return encodeURIComponent(secret);
    case 'json-key':
      return JSON.stringify({ [secret]: secret });
    case 'padded':
      return `${' '.repeat(padding)}${secret}`;
    case 'zero-width':
      return [...secret].join('\u200b');
  }
}

/** Starts the server; `secrets` are what it reflects, `token` the bearer it expects to receive. */
export async function startReflectingServer(plan: ReflectionPlan, secrets: readonly string[], token: string): Promise<ReflectingServer> {
  let bearerSeen = 0;
  let requests = 0;
  const received = (req: IncomingMessage): string[] => {
    const auth = headerOf(req, 'authorization');
    const amz = headerOf(req, 'x-amz-security-token');
    return [...secrets, ...(auth ? [auth] : []), ...(amz ? [amz] : [])];
  };
  const text = (req: IncomingMessage, withPadding: boolean): string =>
    received(req)
      .flatMap((s) => plan.encodings.map((e) => encode(s, e, withPadding ? plan.padding : 0)))
      .join(' | ');
  const headerText = (req: IncomingMessage): string =>
    received(req)
      .flatMap((s) => plan.encodings.filter((e) => e !== 'padded' && e !== 'zero-width' && e !== 'json-key').map((e) => encode(s, e, 0)))
      .join(' ');

  let server!: LocalServer;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requests++;
    if (headerOf(req, 'authorization') === `Bearer ${token}`) bearerSeen++;
    const body = (await readBody(req)).toString('utf8');
    const path = pathOf(req);
    const reflected = text(req, true);
    res.setHeader('x-echo', headerText(req));
    if (path === '/oauth/token' || headerOf(req, 'x-amz-target')?.includes('InitiateAuth')) return tokenEndpoint(req, res, reflected);
    if (plan.sessionEcho) res.setHeader('mcp-session-id', Buffer.from(headerText(req)).toString('base64url').slice(0, 200) || 'x');
    const error = { jsonrpc: '2.0', id: idOf(body), error: { code: -32001, message: `Unauthorized: ${reflected}`, data: { token: reflected, [reflected.slice(0, 64)]: reflected } } };
    switch (plan.mode) {
      case 'mcp': {
        if (!DEFAULT_MCP_PATHS.includes(path)) return sendPlain(res, 404, `Not Found (${reflected})`);
        if (req.method === 'GET' || req.method === 'DELETE') return sendMethodNotAllowed(res, `Method not allowed for ${reflected}`);
        const mcp = createSampleServer({ title: `Signed in with ${reflected}`, instructions: `Your credentials: ${reflected}`, toolNote: `(caller: ${reflected})` });
        await serveStatelessRequest(req, res, mcp, true);
        return;
      }
      case 'jsonrpc-error':
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(error));
        return;
      case 'http-error':
        res.writeHead(plan.status, { 'content-type': 'text/plain', 'www-authenticate': `Bearer error="invalid_token", error_description="${headerText(req)}"` }).end(`error: ${reflected}`);
        return;
      case 'html':
        res.writeHead(plan.status, { 'content-type': 'text/html' }).end(`<html><head><title>${reflected}</title></head><body><pre>${reflected}</pre></body></html>`);
        return;
      case 'redirect': {
        const first = headerText(req).split(' ')[0] ?? 'x';
        res.writeHead(307, { location: `${server.origin}/login?access_token=${encodeURIComponent(first)}&next=${encodeURIComponent(headerText(req))}` }).end(reflected);
        return;
      }
      case 'sse': {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const enc = headerText(req).replace(/[\r\n]/g, '');
        const events = `: ${enc}\nid: ${enc}\nevent: ${enc}\ndata: ${reflected.replace(/[\r\n]/g, '')}\n\nid: ${enc}\ndata: ${JSON.stringify(error)}\n\n`;
        // Small writes: the secret arrives split across chunks.
        for (let i = 0; i < events.length; i += 7) res.write(events.slice(i, i + 7));
        res.end();
        return;
      }
    }
  };

  function tokenEndpoint(req: IncomingMessage, res: ServerResponse, reflected: string): void {
    const cognito = Boolean(headerOf(req, 'x-amz-target'));
    if (plan.tokenEndpointFails) {
      if (cognito) res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'NotAuthorizedException' }).end(JSON.stringify({ __type: 'NotAuthorizedException', message: `Incorrect username or password: ${reflected}` }));
      else res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client', error_description: `bad client ${reflected}` }));
      return;
    }
    if (cognito) res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ AuthenticationResult: { AccessToken: token, IdToken: token, ExpiresIn: 3600, TokenType: 'Bearer' } }));
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600, note: reflected }));
  }

  server = await listenLocal((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.end();
    });
  });
  return {
    ...server,
    get bearerSeen() {
      return bearerSeen;
    },
    get requests() {
      return requests;
    },
  };
}

function idOf(body: string): string | number | null {
  const value = safeJson(body) as { id?: unknown } | undefined;
  return typeof value?.id === 'string' || typeof value?.id === 'number' ? value.id : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function sendPlain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
}
