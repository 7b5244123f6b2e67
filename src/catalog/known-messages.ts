import type { FindingCode } from './codes.js';

/**
 * Messages `explain` recognises that are not a root cause of their own: normal behaviour of a
 * correct server or platform, or a client-side or platform refusal the doctor never provokes
 * itself (so no check emits a code for it). Each names what it means and the codes to read next.
 */
export interface KnownMessage {
  pattern: RegExp;
  /** What the message means and what to do, in two or three sentences. */
  explanation: string;
  /** True when nothing is wrong. */
  benign?: true;
  /** Codes worth reading next. */
  related?: FindingCode[];
}

/** Matched before the catalog's patterns: these are narrower than any catch-all there. */
export const KNOWN_MESSAGES: readonly KnownMessage[] = [
  {
    pattern: /Method Not Allowed: Session termination not supported/i,
    benign: true,
    explanation:
      'A stateless python-sdk server answering DELETE with 405: the specification allows it, and clients (the TypeScript client included) accept it. Nothing to fix. A POST that gets 405 is another matter: the URL points at a legacy SSE endpoint.',
    related: ['NOT_STREAMABLE_HTTP'],
  },
  {
    pattern: /Session termination failed: 404/i,
    benign: true,
    explanation: 'AgentCore ending a session on a stateless server, which has no session to delete. Normal in the container log; nothing to fix.',
  },
  {
    pattern: /GET \/ping\b.*\b404\b/i,
    benign: true,
    explanation: 'AgentCore health-checks `/ping`, which MCP SDKs do not serve, so the container log shows 404s for it. Normal for MCP runtimes; nothing to fix.',
  },
  {
    pattern: /Parse error: (Invalid JSON|Expecting)|Validation error: |Invalid JSON-RPC message/i,
    explanation:
      'The server could not parse the request body: a JSON-RPC parse error (-32700) or validation error (-32602) about what the client sent, not a malformed response. TypeScript SDK: `Parse error: Invalid JSON` / `Invalid JSON-RPC message`; python-sdk: `Parse error: <json error>` / `Validation error: …` (it also rejects JSON-RPC batches that way). Send exactly one JSON-RPC message per POST as `Content-Type: application/json` (`curl --data-binary @request.json` rules out shell quoting), and check that no proxy or `express.json()` middleware consumed or rewrote the body.',
    related: ['CONTENT_TYPE_REJECTED', 'INVALID_JSONRPC_RESPONSE'],
  },
  {
    pattern: /Request body too large|Request Entity Too Large|Payload Too Large/i,
    explanation:
      'The request body was refused for its size (413). python-sdk 1.29 and later refuse POST bodies over 4 MiB (`max_request_body_size`) in plain text `Request body too large`; proxies have their own limits (nginx `client_max_body_size`, 1 MiB by default). AgentCore documents a 100 MB payload limit; what it answers beyond it is UNCONFIRMED. Send large content by reference instead of inline, or raise the limit.',
    related: ['GATEWAY_ERROR'],
  },
  {
    pattern: /Session operation in progress|RetryableConflictException|-32005/i,
    explanation:
      'AgentCore was still provisioning or tearing down the runtime session when another request arrived (RetryableConflictException; MCP runtimes answer HTTP 200 with JSON-RPC -32005, others 409). SDKs retry HTTP-status errors but not JSON-RPC errors inside a 200. Retry with backoff, and wait for the initialize answer before sending more requests on a new session.',
    related: ['THROTTLED'],
  },
  {
    pattern: /accountID required|'runtimeSessionId' failed to satisfy constraint|length greater than or equal to 33|Validation error - Invalid request data/i,
    explanation:
      'AgentCore refused the invocation request itself (400 ValidationException; MCP runtimes: JSON-RPC -32006). A bare runtime id in the path needs the `accountId` query parameter (`accountID required`): call `/runtimes/<encodeURIComponent(arn)>/invocations?qualifier=DEFAULT` with the full ARN. A `X-Amzn-Bedrock-AgentCore-Runtime-Session-Id` must be at least 33 characters: omit it (AgentCore allocates one) or send a UUID.',
    related: ['RUNTIME_NOT_FOUND'],
  },
];
