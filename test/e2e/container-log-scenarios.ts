import { withFailingMethod } from '../../src/sim/containers/faults.js';
import { createStatelessApp } from '../../src/sim/containers/mcp-app.js';
import type { AgentCoreScenario } from './agentcore-scenarios.js';

/**
 * End-to-end table for container logs: a runtime whose container prints (a start-up crash, a bind
 * to loopback, a handler's traceback), the codes the built CLI must name from its CloudWatch log,
 * and what it must not do (read logs on a healthy run, stop on AccessDenied).
 */

/** Lines a container prints, one log event each. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const traceback = (call: string, last: string): string =>
  lines('Traceback (most recent call last):', '  File "/app/server.py", line 31, in <module>', `    ${call}`, '  File "/app/.venv/lib/python3.12/site-packages/mcp/server/fastmcp/server.py", line 236, in run', last);

/** The official Python SDK started with `transport="http"`. */
export const TRANSPORT_CRASH = traceback('mcp.run(transport="http")', 'ValueError: Unknown transport: http');

/** uvicorn's banner for a server bound to loopback; it then waits for connections that never come. */
export const LOOPBACK_BANNER = lines('INFO:     Started server process [1]', 'INFO:     Waiting for application startup.', 'INFO:     Application startup complete.', 'INFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)');

/** A handler's traceback, printed with every 500. */
export const HANDLER_TRACEBACK = lines(
  'ERROR:    Exception in ASGI application',
  'Traceback (most recent call last):',
  '  File "/app/server.py", line 52, in list_tools',
  '    db = connect(os.environ["DATABASE_URL"])',
  "KeyError: 'DATABASE_URL'",
);

/** A tools/list handler that raises: 500 to tools/list, everything else works. */
const failingToolsList = () => withFailingMethod(createStatelessApp(), 'tools/list');

export const containerLogScenarios: AgentCoreScenario[] = [
  { name: 'start-up crash named from the log', runtime: { jwt: true, startupOutput: TRANSPORT_CRASH }, token: {}, codes: ['RUNTIME_INIT_TIMEOUT', 'FASTMCP_HTTP_TRANSPORT_CRASH'], absent: ['CONTAINER_EXCEPTION'], exit: 1 },
  { name: 'loopback bind named from the log', runtime: { jwt: true, startupOutput: LOOPBACK_BANNER }, token: {}, codes: ['RUNTIME_INIT_TIMEOUT', 'SERVER_BINDS_LOOPBACK'], exit: 1 },
  {
    name: 'run() keyword TypeError named from the log',
    runtime: { jwt: true, startupOutput: traceback('mcp.run(transport="streamable-http", host="0.0.0.0", port=8000)', "TypeError: FastMCP.run() got an unexpected keyword argument 'host'") },
    token: {},
    codes: ['RUNTIME_INIT_TIMEOUT', 'SERVER_RUN_ARGUMENT_REJECTED'],
    exit: 1,
  },
  { name: 'missing module named from the log', runtime: { jwt: true, startupOutput: traceback('import httpx', "ModuleNotFoundError: No module named 'httpx'") }, token: {}, codes: ['RUNTIME_INIT_TIMEOUT', 'MODULE_IMPORT_FAILED'], exit: 1 },
  { name: 'x86 image named from the log', runtime: { jwt: true, startupOutput: lines('exec /usr/local/bin/python: exec format error') }, token: {}, codes: ['RUNTIME_INIT_TIMEOUT', 'PLATFORM_NOT_ARM64'], exit: 1 },
  {
    name: 'a 500 on tools/list with a traceback',
    container: failingToolsList,
    runtime: { jwt: true, errorOutput: HANDLER_TRACEBACK },
    token: {},
    codes: ['CONTAINER_ERROR', 'CONTAINER_EXCEPTION'],
    absent: ['TOOLS_LIST_FAILED', 'SERVER_ERROR'],
    exit: 1,
  },
  { name: 'no log group (role without logs permissions)', runtime: { jwt: true, logGroup: false, startupOutput: TRANSPORT_CRASH }, token: {}, codes: ['RUNTIME_INIT_TIMEOUT', 'LOG_GROUP_MISSING'], absent: ['FASTMCP_HTTP_TRANSPORT_CRASH'], exit: 1 },
  { name: 'caller denied logs:FilterLogEvents', runtime: { jwt: true, startupOutput: TRANSPORT_CRASH }, knobs: { denyLogs: true }, token: {}, codes: ['RUNTIME_INIT_TIMEOUT'], absent: ['FASTMCP_HTTP_TRANSPORT_CRASH', 'LOG_GROUP_MISSING'], exit: 1 },
  {
    name: 'no AWS credentials for the logs',
    runtime: { jwt: true, startupOutput: TRANSPORT_CRASH },
    token: {},
    env: () => ({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined, AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_CONFIG_FILE: '/nonexistent' }),
    codes: ['RUNTIME_INIT_TIMEOUT'],
    absent: ['FASTMCP_HTTP_TRANSPORT_CRASH'],
    exit: 1,
  },
  { name: '--log-group reads another group', runtime: { jwt: true, startupOutput: TRANSPORT_CRASH }, token: {}, args: () => ['--log-group', '/aws/vendedlogs/bedrock-agentcore/runtime/e2e_server'], codes: ['RUNTIME_INIT_TIMEOUT', 'LOG_GROUP_MISSING'], absent: ['FASTMCP_HTTP_TRANSPORT_CRASH'], exit: 1 },
  { name: 'healthy runtime reads no logs', container: () => createStatelessApp(), runtime: { jwt: true, startupOutput: TRANSPORT_CRASH }, token: {}, codes: [], exit: 0 },
  { name: 'rejected token reads no logs (the container never saw it)', container: () => createStatelessApp(), runtime: { jwt: true, startupOutput: TRANSPORT_CRASH }, token: { expiresInSeconds: -600 }, codes: ['TOKEN_EXPIRED'], absent: ['FASTMCP_HTTP_TRANSPORT_CRASH'], exit: 1 },
];
