import { fileURLToPath } from 'node:url';
import type { FindingCode } from '../../src/catalog/codes.js';

/**
 * End-to-end table for `mcp-doctor rehearse`: a real server command (a fixture server run as a
 * child process through tsx), the rehearse flags, and what the built CLI must report. Codes are a
 * subset (the simulated runtime adds informational notes); `absent` codes must not appear.
 */
export interface RehearseScenario {
  name: string;
  /** Flags before `--`. */
  args: string[];
  /** The server command after `--`. */
  command: string[];
  codes: FindingCode[];
  absent?: FindingCode[];
  exit: 0 | 1;
  /** What the report's `rehearsal` block must say. */
  rehearsal: { startup: 'listening' | 'exited' | 'not-listening'; binding?: 'all-interfaces' | 'loopback-only'; authorizer?: RegExp; output?: RegExp };
}

const path = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

/** The TypeScript fixture server `name` as a server command (absolute paths: it may run in a project folder). */
export const fixtureCommand = (name: string, ...extra: string[]): string[] => [process.execPath, '--import', 'tsx', path('fixtures/rehearse/serve-fixture.ts'), name, ...extra];
const scriptCommand = (file: string): string[] => [process.execPath, '--import', 'tsx', path(`fixtures/rehearse/${file}`)];

/** The project folder whose `.bedrock_agentcore.yaml` authorizer the rehearsal must use. */
export const ALLOWED_CLIENTS_PROJECT = path('fixtures/projects/rehearse-allowed-clients');

/** The same, written by the newer CLI (`agentcore/agentcore.json`), with `Authorization` forwarded. */
export const AGENTCORE_JSON_PROJECT = path('fixtures/projects/rehearse-agentcore-json');

// 127.0.0.2 reaches 0.0.0.0 listeners on Linux but not 127.0.0.1 ones; the start limit is roomy
// because tsx compiles the fixture on a busy machine.
const PROBE = ['--probe-address', '127.0.0.2', '--start-timeout', '40s'];

/** Every rehearse scenario. */
export const rehearseScenarios: RehearseScenario[] = [
  {
    name: 'healthy stateless server on 0.0.0.0',
    args: PROBE,
    command: fixtureCommand('healthy-json'),
    codes: [],
    absent: ['SERVER_BINDS_LOOPBACK', 'SERVER_EXITED_AT_STARTUP', 'RUNTIME_INIT_TIMEOUT', 'HOST_HEADER_REJECTED', 'SERVER_STATEFUL'],
    exit: 0,
    rehearsal: { startup: 'listening', binding: 'all-interfaces', authorizer: /IAM \(SigV4\)/ },
  },
  {
    // Behind AgentCore a stateful server meets the platform's own session ids and rejects them.
    name: 'stateful server',
    args: PROBE,
    command: fixtureCommand('stateful'),
    codes: ['FOREIGN_SESSION_ID_REJECTED'],
    exit: 1,
    rehearsal: { startup: 'listening', binding: 'all-interfaces' },
  },
  {
    name: 'Host allowlist left on (421 behind the platform)',
    args: PROBE,
    command: fixtureCommand('host-check-421'),
    codes: ['HOST_HEADER_REJECTED'],
    exit: 1,
    rehearsal: { startup: 'listening', binding: 'all-interfaces' },
  },
  {
    name: 'server bound to 127.0.0.1',
    args: PROBE,
    command: fixtureCommand('healthy-json', '--host', '127.0.0.1'),
    codes: ['SERVER_BINDS_LOOPBACK'],
    exit: 1,
    rehearsal: { startup: 'listening', binding: 'loopback-only', output: /listening on http:\/\/127\.0\.0\.1/ },
  },
  {
    name: 'server that crashes at start-up',
    args: PROBE,
    command: scriptCommand('crash-at-start.ts'),
    // The output is matched as a deployed runtime's container log would be.
    codes: ['SERVER_EXITED_AT_STARTUP', 'FASTMCP_HTTP_TRANSPORT_CRASH'],
    exit: 1,
    rehearsal: { startup: 'exited', output: /ValueError: Unknown transport: http/ },
  },
  {
    name: 'server that never listens',
    args: ['--probe-address', '127.0.0.2', '--start-timeout', '5s'],
    // Plain JavaScript, no tsx: under a loaded machine a compile can outlast the short start limit
    // and the server would not have printed anything yet.
    command: [process.execPath, path('fixtures/rehearse/never-listens.mjs')],
    codes: ['RUNTIME_INIT_TIMEOUT'],
    absent: ['SERVER_EXITED_AT_STARTUP'],
    exit: 1,
    rehearsal: { startup: 'not-listening', output: /loading model weights/ },
  },
  {
    name: 'project authorizer (allowedClients) with the access token',
    args: [...PROBE, '--config-dir', ALLOWED_CLIENTS_PROJECT],
    command: fixtureCommand('healthy-json'),
    codes: [],
    absent: ['ID_TOKEN_USED', 'CLIENT_NOT_ALLOWED', 'AUTH_MODE_MISMATCH'],
    exit: 0,
    rehearsal: { startup: 'listening', binding: 'all-interfaces', authorizer: /JWT allowedClients from \.bedrock_agentcore\.yaml \(agent rehearse_server\)/ },
  },
  {
    name: 'agentcore/agentcore.json authorizer and header allowlist (newer CLI)',
    args: [...PROBE, '--config-dir', AGENTCORE_JSON_PROJECT],
    command: fixtureCommand('healthy-json'),
    codes: [],
    absent: ['ID_TOKEN_USED', 'CLIENT_NOT_ALLOWED', 'AUTH_MODE_MISMATCH', 'AUTHORIZATION_NOT_FORWARDED'],
    exit: 0,
    rehearsal: { startup: 'listening', binding: 'all-interfaces', authorizer: /JWT allowedClients from agentcore\/agentcore\.json \(runtime rehearse_json_server\)/ },
  },
  {
    name: 'project authorizer (allowedClients) with the ID token',
    args: [...PROBE, '--config-dir', ALLOWED_CLIENTS_PROJECT, '--id-token'],
    command: fixtureCommand('healthy-json'),
    codes: ['ID_TOKEN_USED'],
    exit: 1,
    rehearsal: { startup: 'listening', authorizer: /ID token/ },
  },
];
