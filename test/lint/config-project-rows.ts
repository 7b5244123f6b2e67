/**
 * The configuration sample projects under fixtures/projects (one fault each, plus the correct
 * FastMCP project) and the exact findings the whole linter gives them, as `CODE@file:line:column`.
 * Plain data, so the end-to-end lint table and the registry can read it too.
 */
export const configProjectRows: { project: string; expected: string[] }[] = [
  { project: 'fastmcp-correct', expected: [] },
  { project: 'config-protocol-http', expected: ['PROTOCOL_NOT_MCP@.bedrock_agentcore.yaml:16:26'] },
  { project: 'config-platform-amd64', expected: ['PLATFORM_NOT_ARM64@.bedrock_agentcore.yaml:6:15'] },
  { project: 'config-discovery-url', expected: ['DISCOVERY_INVALID@.bedrock_agentcore.yaml:21:23'] },
  { project: 'config-no-allowed-clients', expected: ['AUTHORIZER_NO_CLIENT_OR_AUDIENCE@.bedrock_agentcore.yaml:20:7'] },
  { project: 'config-cognito-audience', expected: ['AUDIENCE_MISMATCH@.bedrock_agentcore.yaml:23:11'] },
  { project: 'config-reserved-claim', expected: ['CUSTOM_CLAIM_RESERVED@.bedrock_agentcore.yaml:25:36'] },
  { project: 'config-header-allowlist', expected: ['HEADER_ALLOWLIST_INVALID@.bedrock_agentcore.yaml:27:11'] },
  { project: 'config-malformed-yaml', expected: ['CONFIG_FILE_UNPARSABLE@.bedrock_agentcore.yaml:10:1'] },
  { project: 'config-agentcore-json-protocol', expected: ['PROTOCOL_NOT_MCP@agentcore/agentcore.json:12:19'] },
  { project: 'cfn-pre-token-v1', expected: ['PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN@template.yaml:16:26'] },
  { project: 'cfn-client-id-workaround', expected: ['PRE_TOKEN_CLIENT_ID_WORKAROUND@template.yaml:28:24'] },
  { project: 'cfn-pre-token-lite-tier', expected: ['PRE_TOKEN_VERSION_NEEDS_ESSENTIALS@template.yaml:16:26'] },
  { project: 'cfn-user-password-auth', expected: ['USER_PASSWORD_AUTH_DISABLED@template.yaml:44:7'] },
  { project: 'docker-amd64', expected: ['PLATFORM_NOT_ARM64@Dockerfile:1:17'] },
  { project: 'docker-no-expose', expected: ['CONTAINER_PORT_NOT_EXPOSED@Dockerfile:1:1'] },
  { project: 'docker-port-8080', expected: ['AGENTCORE_CONTRACT_MISMATCH@Dockerfile:6:8'] },
  { project: 'docker-no-cmd', expected: ['CONTAINER_START_COMMAND_MISSING@Dockerfile:1:1'] },
  { project: 'docker-uvicorn-host', expected: ['SERVER_BINDS_LOOPBACK@Dockerfile:7:6'] },
  { project: 'docker-fastmcp-run-stdio', expected: ['STDIO_TRANSPORT@Dockerfile:7:6'] },
];
