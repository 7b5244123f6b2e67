import type { FindingCode } from '../../src/catalog/codes.js';

/**
 * The end-to-end table of `mcp-doctor lint`: each sample project under `fixtures/projects/` with
 * the exact findings (code, file, 1-based line and column) and exit code the built CLI must give.
 * `test/lint/lint.test.ts` runs it; `test/registry.test.ts` counts its codes as triggered.
 */

/** One expected finding. */
export interface ExpectedLintFinding {
  code: FindingCode;
  file: string;
  line: number;
  column: number;
}

/** One project and what linting it must report. */
export interface LintScenario {
  /** Folder under `fixtures/projects/`. */
  project: string;
  /** Extra CLI arguments (e.g. `--entrypoint`). */
  args?: string[];
  exit: 0 | 1 | 2;
  /** Every finding, in any order. */
  findings: ExpectedLintFinding[];
}

/** The table: a correct project per language, then one project per fault (config rows follow). */
export const lintScenarios: readonly LintScenario[] = [
  { project: 'fastmcp-correct', exit: 0, findings: [] },
  {
    project: 'python-run-keywords',
    exit: 1,
    findings: [
      { code: 'SERVER_KEYWORD_CRASH', file: 'main.py', line: 14, column: 5 },
      { code: 'HOST_HEADER_REJECTED', file: 'main.py', line: 4, column: 7 },
    ],
  },
  { project: 'fastmcp3-constructor-host', exit: 1, findings: [{ code: 'SERVER_KEYWORD_CRASH', file: 'main.py', line: 4, column: 26 }] },
  { project: 'fastmcp-http-transport', exit: 1, findings: [{ code: 'FASTMCP_HTTP_TRANSPORT_CRASH', file: 'main.py', line: 14, column: 13 }] },
  { project: 'fastmcp-sse', exit: 1, findings: [{ code: 'NOT_STREAMABLE_HTTP', file: 'main.py', line: 14, column: 13 }] },
  { project: 'fastmcp-stdio', exit: 1, findings: [{ code: 'STDIO_TRANSPORT', file: 'main.py', line: 14, column: 5 }] },
  { project: 'fastmcp-stateful', exit: 1, findings: [{ code: 'SERVER_STATEFUL', file: 'main.py', line: 4, column: 7 }] },
  {
    project: 'fastmcp-localhost',
    exit: 1,
    findings: [
      { code: 'HOST_HEADER_REJECTED', file: 'main.py', line: 4, column: 7 },
      { code: 'SERVER_BINDS_LOOPBACK', file: 'main.py', line: 14, column: 5 },
    ],
  },
  { project: 'fastmcp-dns-rebinding', exit: 1, findings: [{ code: 'HOST_HEADER_REJECTED', file: 'server.py', line: 10, column: 9 }] },
  { project: 'fastmcp-uvicorn-default-host', exit: 1, findings: [{ code: 'HOST_HEADER_REJECTED', file: 'server.py', line: 5, column: 7 }] },
  {
    project: 'fastmcp-port-path',
    exit: 1,
    findings: [
      { code: 'AGENTCORE_CONTRACT_MISMATCH', file: 'main.py', line: 18, column: 47 },
      { code: 'AGENTCORE_CONTRACT_MISMATCH', file: 'main.py', line: 18, column: 58 },
    ],
  },
  // The run() lives in the entrypoint, which only --entrypoint (or .bedrock_agentcore.yaml) names.
  { project: 'fastmcp-entrypoint', args: ['--entrypoint', 'app/run_server.py'], exit: 1, findings: [{ code: 'FASTMCP_HTTP_TRANSPORT_CRASH', file: 'app/run_server.py', line: 5, column: 13 }] },
  { project: 'fastmcp-entrypoint', exit: 0, findings: [] },
  { project: 'ts-correct', exit: 0, findings: [] },
  { project: 'ts-stateful', exit: 1, findings: [{ code: 'SERVER_STATEFUL', file: 'server.ts', line: 9, column: 3 }] },
  { project: 'ts-express-host-default', exit: 1, findings: [{ code: 'HOST_HEADER_REJECTED', file: 'server.ts', line: 6, column: 13 }] },
  {
    project: 'ts-listen-localhost',
    exit: 1,
    findings: [
      { code: 'AGENTCORE_CONTRACT_MISMATCH', file: 'server.ts', line: 9, column: 10 },
      { code: 'AGENTCORE_CONTRACT_MISMATCH', file: 'server.ts', line: 17, column: 12 },
      { code: 'SERVER_BINDS_LOOPBACK', file: 'server.ts', line: 17, column: 18 },
    ],
  },
  // Deployment configuration (.bedrock_agentcore.yaml, agentcore/agentcore.json, CloudFormation, Dockerfile); warnings alone exit 0.
  { project: 'config-protocol-http', exit: 1, findings: [{ code: 'PROTOCOL_NOT_MCP', file: '.bedrock_agentcore.yaml', line: 16, column: 26 }] },
  { project: 'config-platform-amd64', exit: 1, findings: [{ code: 'PLATFORM_NOT_ARM64', file: '.bedrock_agentcore.yaml', line: 6, column: 15 }] },
  { project: 'config-discovery-url', exit: 1, findings: [{ code: 'DISCOVERY_INVALID', file: '.bedrock_agentcore.yaml', line: 21, column: 23 }] },
  { project: 'config-no-allowed-clients', exit: 1, findings: [{ code: 'AUTHORIZER_NO_CLIENT_OR_AUDIENCE', file: '.bedrock_agentcore.yaml', line: 20, column: 7 }] },
  { project: 'config-cognito-audience', exit: 0, findings: [{ code: 'AUDIENCE_MISMATCH', file: '.bedrock_agentcore.yaml', line: 23, column: 11 }] },
  { project: 'config-reserved-claim', exit: 1, findings: [{ code: 'CUSTOM_CLAIM_RESERVED', file: '.bedrock_agentcore.yaml', line: 25, column: 36 }] },
  { project: 'config-header-allowlist', exit: 1, findings: [{ code: 'HEADER_ALLOWLIST_INVALID', file: '.bedrock_agentcore.yaml', line: 27, column: 11 }] },
  { project: 'config-malformed-yaml', exit: 1, findings: [{ code: 'CONFIG_FILE_UNPARSABLE', file: '.bedrock_agentcore.yaml', line: 10, column: 1 }] },
  { project: 'config-agentcore-json-protocol', exit: 1, findings: [{ code: 'PROTOCOL_NOT_MCP', file: 'agentcore/agentcore.json', line: 12, column: 19 }] },
  { project: 'cfn-pre-token-v1', exit: 0, findings: [{ code: 'PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN', file: 'template.yaml', line: 16, column: 26 }] },
  { project: 'cfn-client-id-workaround', exit: 0, findings: [{ code: 'PRE_TOKEN_CLIENT_ID_WORKAROUND', file: 'template.yaml', line: 28, column: 24 }] },
  { project: 'cfn-pre-token-lite-tier', exit: 1, findings: [{ code: 'PRE_TOKEN_VERSION_NEEDS_ESSENTIALS', file: 'template.yaml', line: 16, column: 26 }] },
  { project: 'cfn-user-password-auth', exit: 0, findings: [{ code: 'USER_PASSWORD_AUTH_DISABLED', file: 'template.yaml', line: 44, column: 7 }] },
  { project: 'docker-amd64', exit: 1, findings: [{ code: 'PLATFORM_NOT_ARM64', file: 'Dockerfile', line: 1, column: 17 }] },
  { project: 'docker-no-expose', exit: 0, findings: [{ code: 'CONTAINER_PORT_NOT_EXPOSED', file: 'Dockerfile', line: 1, column: 1 }] },
  { project: 'docker-port-8080', exit: 1, findings: [{ code: 'AGENTCORE_CONTRACT_MISMATCH', file: 'Dockerfile', line: 6, column: 8 }] },
  { project: 'docker-no-cmd', exit: 0, findings: [{ code: 'CONTAINER_START_COMMAND_MISSING', file: 'Dockerfile', line: 1, column: 1 }] },
  { project: 'docker-uvicorn-host', exit: 1, findings: [{ code: 'SERVER_BINDS_LOOPBACK', file: 'Dockerfile', line: 7, column: 6 }] },
  { project: 'docker-fastmcp-run-stdio', exit: 1, findings: [{ code: 'STDIO_TRANSPORT', file: 'Dockerfile', line: 7, column: 6 }] },
  // Verdicts that follow the library version the project pins (requirements.txt, pyproject.toml, uv.lock).
  { project: 'fastmcp-old-http-transport', exit: 1, findings: [{ code: 'FASTMCP_HTTP_TRANSPORT_CRASH', file: 'main.py', line: 14, column: 13 }] },
  { project: 'fastmcp-slash-path', exit: 0, findings: [{ code: 'TRAILING_SLASH_REDIRECT', file: 'main.py', line: 14, column: 5 }] },
  { project: 'fastmcp-host-guard-343', exit: 1, findings: [{ code: 'HOST_HEADER_REJECTED', file: 'main.py', line: 4, column: 7 }] },
  // 1.9.0 still binds 0.0.0.0 by default (no SERVER_BINDS_LOOPBACK) but mounts /mcp (a warning).
  { project: 'mcp-old-default-host', exit: 0, findings: [{ code: 'TRAILING_SLASH_REDIRECT', file: 'main.py', line: 14, column: 5 }] },
  { project: 'mcp-pre-allowlist', exit: 1, findings: [{ code: 'SERVER_BINDS_LOOPBACK', file: 'main.py', line: 4, column: 47 }] },
];

/** Every code the table triggers. */
export const lintScenarioCodes: readonly FindingCode[] = [...new Set(lintScenarios.flatMap((s) => s.findings.map((f) => f.code)))];
