import { describe, expect, it } from 'vitest';
import { resolveExplainQuery } from '../../src/catalog/explain-query.js';

/**
 * Every error string the reference quotes (agentcore-contract §2–§5, §10, §13, §14;
 * streamable-http-matrix §3–§9), and those the issue reports as mis-ranked, with the code
 * `explain` must put first. Vendored here: tests never read the reference.
 */
const TABLE: ReadonlyArray<readonly [text: string, first: string]> = [
  // AgentCore front door (agentcore-contract §5)
  ['{"jsonrpc":"2.0","error":{"code":-32001,"message":"Missing Authentication Token"}}', 'TOKEN_MISSING'],
  ['Authorization: Bearer undefined', 'BEARER_PLACEHOLDER'],
  ['{"message":"OAuth authorization failed: Failed to parse token"}', 'TOKEN_MALFORMED'],
  ['{"message":"OAuth authorization failed: Ineffectual token, will expire within the next minute"}', 'TOKEN_EXPIRING'],
  ['UnauthorizedInboundTokenException: Token has expired', 'TOKEN_EXPIRED'],
  ["Claim 'client_id' value mismatch with configuration.", 'ID_TOKEN_USED'],
  ["Claim 'aud' value mismatch with configuration.", 'AUDIENCE_MISMATCH'],
  ["Claim 'iss' value mismatch with configuration.", 'TOKEN_ISSUER_MISMATCH'],
  ["Claim 'tenant' value mismatch with configuration.", 'CUSTOM_CLAIM_MISMATCH'],
  ['403 Failed to verify token signature', 'TOKEN_SIGNATURE_INVALID'],
  [
    "Authorization method mismatch. The agent is configured for a different authorization method than what was used in your request. Check the agent's authorization configuration and ensure your request uses the matching method (OAuth or SigV4)",
    'AUTH_MODE_MISMATCH',
  ],
  ["No endpoint or agent found with qualifier 'DEFAULT' for agent 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/x-AbCdEf1234'", 'RUNTIME_NOT_FOUND'],
  ["No endpoint or agent found with qualifier 'PROD' for agent 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/x-AbCdEf1234'", 'QUALIFIER_NOT_FOUND'],
  ['https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws/invocations?qualifier=DEFAULT gave ResourceNotFoundException', 'RUNTIME_NOT_FOUND'],
  ['ValidationException: This runtime is not MMDSv2-enabled', 'MMDSV2_NOT_ENABLED'],
  ['Accept Header Error - MCP protocol requires Accept header: application/json, text/event-stream', 'ACCEPT_HEADER_REQUIRED'],
  ['{"jsonrpc":"2.0","id":null,"error":{"code":-32010,"message":"Received error (404) from runtime. Please check your CloudWatch logs for more information."}}', 'FOREIGN_SESSION_ID_REJECTED'],
  ['Received error (421) from runtime. Please check your CloudWatch logs for more information.', 'HOST_HEADER_REJECTED'],
  ['Received error (406) from runtime', 'ACCEPT_HEADER_REQUIRED'],
  ['Received error (401) from runtime', 'AUTHORIZATION_NOT_FORWARDED'],
  ['{"message":"Runtime initialization time exceeded. Please make sure that initialization completes in 60s."}', 'RUNTIME_INIT_TIMEOUT'],
  ['Failed to mount overlay', 'RUNTIME_INIT_TIMEOUT'],
  ['exec /bin/sh: exec format error', 'PLATFORM_NOT_ARM64'],
  ['Rate limit exceeded - Too many requests', 'THROTTLED'],
  ['ServiceQuotaExceededException: maxVms reached', 'THROTTLED'],
  ['Authentication error - Invalid credentials', 'AUTH_REQUIRED'],
  ['Authorization error - Insufficient permissions', 'SIGV4_REJECTED'],
  ['Internal error - Server error', 'SERVER_ERROR'],
  ['Tool execution error - Please check your CloudWatch logs for more information', 'TOOL_CALL_FAILED'],
  ['Resource not found - Requested resource does not exist', 'RUNTIME_NOT_FOUND'],
  ['Missing user identity', 'AUTHORIZATION_NOT_FORWARDED'],
  ["Custom claim name can't be 'scp'. Please configure claims in the allowed_scopes field", 'CUSTOM_CLAIM_RESERVED'],
  ['unhandled errors in a TaskGroup (1 sub-exception)', 'MCP_SESSION_FAILED'],
  ['Error parsing JSON response', 'INVALID_JSONRPC_RESPONSE'],
  ['Unsupported protocol version from the server: 2025-03-26', 'PROTOCOL_VERSION_UNSUPPORTED'],
  ["Error: unknown command 'launch'", 'PROTOCOL_NOT_MCP'],
  ['Incompatible auth server: does not support dynamic client registration', 'DYNAMIC_CLIENT_REGISTRATION_UNSUPPORTED'],
  // Cognito (agentcore-contract §9)
  ['InvalidParameterException: USER_PASSWORD_AUTH flow not enabled for this client', 'USER_PASSWORD_AUTH_DISABLED'],
  ['NotAuthorizedException: Client 1234 is configured with secret but SECRET_HASH was not received', 'CLIENT_SECRET_HASH_REQUIRED'],
  ['NotAuthorizedException: Incorrect username or password.', 'COGNITO_AUTH_FAILED'],
  // Python server APIs (agentcore-contract §13, matrix §5)
  ['ValueError: Unknown transport: http', 'FASTMCP_HTTP_TRANSPORT_CRASH'],
  // The pasted start-up error names the crash itself; lint's SERVER_KEYWORD_CRASH is the same fault found in the source.
  ["TypeError: FastMCP.run() got an unexpected keyword argument 'host'", 'SERVER_RUN_ARGUMENT_REJECTED'],
  ['TypeError: FastMCP() no longer accepts `host`', 'SERVER_KEYWORD_CRASH'],
  // python-sdk server (matrix §3)
  ['Not Acceptable: Client must accept both application/json and text/event-stream', 'ACCEPT_HEADER_REQUIRED'],
  ['Not Acceptable: Client must accept application/json', 'ACCEPT_HEADER_REQUIRED'],
  ['Not Acceptable: Client must accept text/event-stream', 'ACCEPT_HEADER_REQUIRED'],
  ['Invalid Content-Type header', 'CONTENT_TYPE_REJECTED'],
  ['Unsupported Media Type: Content-Type must be application/json', 'CONTENT_TYPE_REJECTED'],
  ['Invalid Host header', 'HOST_HEADER_REJECTED'],
  ['421 Misdirected Request', 'HOST_HEADER_REJECTED'],
  ['Bad Request: Missing session ID', 'SERVER_STATEFUL'],
  ['Session not found', 'FOREIGN_SESSION_ID_REJECTED'],
  // Both a stateful server's answer to a missing session and (python-sdk ≤ 1.25, TS examples) to an unknown one.
  ['Bad Request: No valid session ID provided', 'SERVER_STATEFUL'],
  ['Invalid or missing session ID', 'SESSION_EXPIRY_NONCOMPLIANT'],
  ['RuntimeError: Task group is not initialized. Make sure to use run().', 'SERVER_ERROR'],
  ["Error code: 501 Message: Unsupported method ('POST').", 'SERVER_ERROR'],
  ['Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)', 'SERVER_BINDS_LOOPBACK'],
  // TypeScript SDK server and client (matrix §4, §6)
  ['Bad Request: Mcp-Session-Id header is required', 'SERVER_STATEFUL'],
  ['Bad Request: Server not initialized', 'SERVER_STATEFUL'],
  ['Invalid Host: mcp.example.com', 'HOST_HEADER_REJECTED'],
  ['Cannot POST /mcp', 'WRONG_PATH'],
  ['Unexpected content type: text/html', 'HTML_RESPONSE'],
  ['Streamable HTTP error: Error POSTing to endpoint (HTTP 406): Not Acceptable', 'ACCEPT_HEADER_REQUIRED'],
  ["Server's protocol version is not supported: 2099-01-01", 'PROTOCOL_VERSION_UNSUPPORTED'],
  ['Insufficient scope', 'SCOPE_NOT_ALLOWED'],
  ['Server returned 403 after trying upscoping', 'SCOPE_NOT_ALLOWED'],
  ['Bearer error="insufficient_scope", error_description="Required scope: mcp:tools"', 'SCOPE_NOT_ALLOWED'],
  ['Resource server does not implement OAuth 2.0 Protected Resource Metadata.', 'PRM_INVALID'],
  ['Protected resource https://a.example/mcp does not match expected https://b.example/mcp (or origin)', 'PRM_INVALID'],
  ['Missing Authorization header', 'AUTH_REQUIRED'],
  ['Bearer error="invalid_token", error_description="Authentication required"', 'AUTH_REQUIRED'],
  ['Timed out connecting', 'GET_STREAM_HANGS'],
  ['Failed to open SSE stream: Not Found', 'GET_STREAM_HANGS'],
  // Infrastructure (matrix §5.1, §7.3)
  ['curl: (7) Failed to connect to localhost port 8000: Connection refused', 'CONNECTION_REFUSED'],
  ['curl: (52) Empty reply from server', 'CONNECTION_REFUSED'],
  ['upstream connect error or disconnect/reset before headers. reset reason: connection failure', 'GATEWAY_ERROR'],
  ['502 Bad Gateway', 'GATEWAY_ERROR'],
  ['307 Temporary Redirect', 'TRAILING_SLASH_REDIRECT'],
];

/** Quoted messages that are no root cause of their own: an explanation and the codes to read next. */
const MESSAGES: ReadonlyArray<readonly [text: string, benign: boolean, mentions: RegExp]> = [
  ['Method Not Allowed: Session termination not supported', true, /405/],
  ['Session termination failed: 404', true, /stateless/],
  ['accountID required', false, /accountId/],
  ["1 validation error detected: Value at 'runtimeSessionId' failed to satisfy constraint: Member must have length greater than or equal to 33", false, /UUID/],
  ['Validation error - Invalid request data', false, /-32006/],
  ['{"jsonrpc":"2.0","error":{"code":-32005,"message":"Session operation in progress, please retry"}}', false, /Retry with backoff/],
  ['Parse error: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)', false, /request body/],
  ['Validation error: 1 validation error for JSONRPCMessage', false, /request body/],
  ['Parse error: Invalid JSON', false, /not a malformed response/],
  ['Parse error: Invalid JSON-RPC message', false, /request body/],
  ['Request body too large', false, /4 MiB/],
  ['413 Request Entity Too Large', false, /client_max_body_size/],
];

describe('explain: every quoted error string ranks its own code first', () => {
  it.each(TABLE.map(([text, first]) => [first, text]))('%s first for %s', (first, text) => {
    const result = resolveExplainQuery(text);
    expect(result.kind).toBe('text');
    if (result.kind === 'text') expect(result.codes[0]).toBe(first);
  });

  it.each(MESSAGES.map(([text, benign, mentions]) => [text, benign, mentions]))('%s is a known message (benign: %s)', (text, benign, mentions) => {
    const result = resolveExplainQuery(text as string);
    expect(result.kind).toBe('message');
    if (result.kind !== 'message') return;
    expect(result.benign).toBe(benign);
    expect(result.explanation).toMatch(mentions as RegExp);
  });

  it('a POST 405 is not mistaken for the legitimate DELETE 405', () => {
    // A POST that gets a bare 405 still points at the legacy transport.
    const post = resolveExplainQuery('POST /sse 405 Method Not Allowed');
    expect(post.kind === 'text' && post.codes[0]).toBe('NOT_STREAMABLE_HTTP');
  });

  it('does not read every URL that carries ?qualifier= as a qualifier problem', () => {
    const result = resolveExplainQuery('POST https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/x/invocations?qualifier=DEFAULT timed out');
    expect(result.kind === 'text' ? result.codes : []).not.toContain('QUALIFIER_NOT_FOUND');
  });

  it('a narrow match outranks a longer catch-all', () => {
    // `Claim '[^']+' value mismatch` is longer than `Claim 'aud' value mismatch` and still ranks below it.
    const result = resolveExplainQuery("Claim 'aud' value mismatch with configuration.");
    expect(result.kind === 'text' ? result.codes.indexOf('AUDIENCE_MISMATCH') : -1).toBeLessThan(result.kind === 'text' ? result.codes.indexOf('CUSTOM_CLAIM_MISMATCH') : -1);
  });
});
