import { describe, expect, it } from 'vitest';
import { agentcoreJsonRule, bedrockAgentcoreYamlRule } from '../../src/lint/rules/agentcore-config.js';
import { cloudFormationRule } from '../../src/lint/rules/cloudformation.js';
import { dockerfileRule } from '../../src/lint/rules/dockerfile.js';
import { expectCase, runRule, type RuleCase } from './config-tester.js';

/** `.bedrock_agentcore.yaml` and `agentcore/agentcore.json`, exact codes and positions. */

const Y = '.bedrock_agentcore.yaml';
const MCP_MAIN = 'from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("s", stateless_http=True)\n';
const DISCOVERY = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123/.well-known/openid-configuration';

/** A correct toolkit file; `lines` replace the authorizer and header parts (from line 11). */
function toolkitYaml(overrides: { protocol?: string; platform?: string; tail?: string } = {}): string {
  return [
    'default_agent: mcp_server', // 1
    'agents:', // 2
    '  mcp_server:', // 3
    '    name: mcp_server', // 4
    '    entrypoint: main.py', // 5
    `    platform: ${overrides.platform ?? 'linux/arm64'}`, // 6
    '    container_runtime: docker', // 7
    '    aws:', // 8
    '      region: us-east-1', // 9
    '      protocol_configuration:', // 10
    `        server_protocol: ${overrides.protocol ?? 'MCP'}`, // 11
    overrides.tail ??
      [
        '    authorizer_configuration:', // 12
        '      customJWTAuthorizer:', // 13
        `        discoveryUrl: ${DISCOVERY}`, // 14
        '        allowedClients:', // 15
        '          - 4abc5defclient', // 16
        '    request_header_configuration:', // 17
        '      requestHeaderAllowlist:', // 18
        '        - Authorization', // 19
        '        - X-Amzn-Bedrock-AgentCore-Runtime-Custom-*', // 20
      ].join('\n'),
    '',
  ].join('\n');
}

const authorizer = (body: string[], headers: string[] = []): string =>
  ['    authorizer_configuration:', '      customJWTAuthorizer:', ...body, ...(headers.length ? ['    request_header_configuration:', '      requestHeaderAllowlist:', ...headers] : [])].join('\n');

const yamlCases: RuleCase[] = [
  { name: 'the correct toolkit file', files: { [Y]: toolkitYaml(), 'main.py': MCP_MAIN }, expected: [] },
  { name: 'protocol HTTP', files: { [Y]: toolkitYaml({ protocol: 'HTTP' }), 'main.py': MCP_MAIN }, expected: ['PROTOCOL_NOT_MCP@.bedrock_agentcore.yaml:11:26/error'] },
  {
    name: 'no protocol_configuration: the HTTP default, blamed on the aws key',
    files: { [Y]: toolkitYaml().replace('      protocol_configuration:\n        server_protocol: MCP\n', ''), 'main.py': MCP_MAIN },
    expected: ['PROTOCOL_NOT_MCP@.bedrock_agentcore.yaml:8:5'],
  },
  { name: 'platform linux/amd64', files: { [Y]: toolkitYaml({ platform: 'linux/amd64' }) }, expected: ['PLATFORM_NOT_ARM64@.bedrock_agentcore.yaml:6:15/error'] },
  {
    name: 'direct code deploy has no image platform to check',
    files: { [Y]: toolkitYaml({ platform: 'linux/amd64' }).replace('    container_runtime: docker', '    deployment_type: direct_code_deploy') },
    expected: [],
  },
  {
    name: 'discovery URL is the issuer, not the discovery document',
    files: { [Y]: toolkitYaml({ tail: authorizer(['        discoveryUrl: https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123', '        allowedClients: [abc]']) }) },
    expected: ['DISCOVERY_INVALID@.bedrock_agentcore.yaml:14:23'],
  },
  {
    name: 'discovery URL is the JWKS',
    files: { [Y]: toolkitYaml({ tail: authorizer(['        discoveryUrl: "https://idp.example.com/.well-known/jwks.json"', '        allowedAudience: [api]']) }) },
    expected: ['DISCOVERY_INVALID@.bedrock_agentcore.yaml:14:23'],
  },
  {
    name: 'discovery URL over plain http',
    files: { [Y]: toolkitYaml({ tail: authorizer(['        discoveryUrl: http://idp.example.com/.well-known/openid-configuration', '        allowedAudience: [api]']) }) },
    expected: ['DISCOVERY_INVALID@.bedrock_agentcore.yaml:14:23'],
  },
  {
    name: 'no discoveryUrl at all',
    files: { [Y]: toolkitYaml({ tail: authorizer(['        allowedClients: [abc]']) }) },
    expected: ['DISCOVERY_INVALID@.bedrock_agentcore.yaml:13:7'],
  },
  {
    name: 'no client, audience, scope or claim',
    files: { [Y]: toolkitYaml({ tail: authorizer([`        discoveryUrl: ${DISCOVERY}`, '        allowedClients: []']) }) },
    expected: ['AUTHORIZER_NO_CLIENT_OR_AUDIENCE@.bedrock_agentcore.yaml:13:7/error'],
  },
  {
    name: 'scopes alone are a valid restriction',
    files: { [Y]: toolkitYaml({ tail: authorizer(['        discoveryUrl: https://idp.example.com/.well-known/openid-configuration', '        allowedScopes: [mcp/invoke]']) }) },
    expected: [],
  },
  {
    name: 'Cognito with allowedAudience only: access tokens carry no aud',
    files: { [Y]: toolkitYaml({ tail: authorizer([`        discoveryUrl: ${DISCOVERY}`, '        allowedAudience:', '          - 4abc5defclient']) }) },
    expected: ['AUDIENCE_MISMATCH@.bedrock_agentcore.yaml:16:11/warning'],
  },
  {
    name: 'a non-Cognito issuer with allowedAudience is fine',
    files: { [Y]: toolkitYaml({ tail: authorizer(['        discoveryUrl: https://login.example.com/.well-known/openid-configuration', '        allowedAudience: [api://mcp]']) }) },
    expected: [],
  },
  {
    name: 'reserved custom claim names client_id and scp',
    files: {
      [Y]: toolkitYaml({
        tail: authorizer([
          `        discoveryUrl: ${DISCOVERY}`, // 14
          '        customClaims:', // 15
          '          - inboundTokenClaimName: client_id', // 16
          '            inboundTokenClaimValueType: STRING', // 17
          '          - inboundTokenClaimName: scp', // 18
          '            inboundTokenClaimValueType: STRING_ARRAY', // 19
          '          - inboundTokenClaimName: department', // 20
        ]),
      }),
    },
    expected: ['CUSTOM_CLAIM_RESERVED@.bedrock_agentcore.yaml:16:36', 'CUSTOM_CLAIM_RESERVED@.bedrock_agentcore.yaml:18:36'],
  },
  {
    name: 'header allowlist: X-Amzn, restricted, duplicate, X-Amz, bad name',
    files: {
      [Y]: toolkitYaml({
        tail: authorizer(
          [`        discoveryUrl: ${DISCOVERY}`, '        allowedClients: [abc]'], // 14, 15
          [
            '        - X-Amzn-Trace-Id', // 18
            '        - Cookie', // 19
            '        - authorization', // 20
            '        - Authorization', // 21
            '        - X-Amz-Date', // 22
            '        - "X Tenant"', // 23
            '        - X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant', // 24
            '        - X-Tenant-Id', // 25
          ],
        ),
      }),
    },
    expected: [
      'HEADER_ALLOWLIST_INVALID@.bedrock_agentcore.yaml:18:11',
      'HEADER_ALLOWLIST_INVALID@.bedrock_agentcore.yaml:19:11',
      'HEADER_ALLOWLIST_INVALID@.bedrock_agentcore.yaml:21:11',
      'HEADER_ALLOWLIST_INVALID@.bedrock_agentcore.yaml:22:11',
      'HEADER_ALLOWLIST_INVALID@.bedrock_agentcore.yaml:23:11',
    ],
  },
  {
    name: 'Authorization allow-listed on an IAM runtime',
    files: { [Y]: toolkitYaml({ tail: '    authorizer_configuration: null\n    request_header_configuration:\n      requestHeaderAllowlist: [Authorization]' }) },
    expected: ['HEADER_ALLOWLIST_INVALID@.bedrock_agentcore.yaml:14:32'],
  },
  {
    name: 'more than 20 headers',
    files: {
      [Y]: toolkitYaml({
        tail: authorizer(
          [`        discoveryUrl: ${DISCOVERY}`, '        allowedClients: [abc]'],
          Array.from({ length: 21 }, (_, index) => `        - X-Amzn-Bedrock-AgentCore-Runtime-Custom-H${index}`),
        ),
      }),
    },
    expected: ['HEADER_ALLOWLIST_INVALID@.bedrock_agentcore.yaml:38:11'],
  },
  {
    name: 'malformed YAML is a positioned finding',
    files: { [Y]: 'agents:\n  mcp_server:\n    name: mcp_server\n     platform: linux/arm64\n' },
    expected: ['CONFIG_FILE_UNPARSABLE@.bedrock_agentcore.yaml:3:11/error'],
  },
  {
    name: 'legacy single-agent file (no agents map)',
    files: { [Y]: 'name: mcp_server\nentrypoint: main.py\nplatform: linux/amd64\naws:\n  protocol_configuration:\n    server_protocol: MCP\n', 'main.py': MCP_MAIN },
    expected: ['PLATFORM_NOT_ARM64@.bedrock_agentcore.yaml:3:11'],
  },
  {
    name: 'an HTTP agent next to the MCP server is left alone',
    files: {
      [Y]: [
        'agents:',
        '  web_agent:',
        '    entrypoint: agent.py',
        '    platform: linux/arm64',
        '    aws:',
        '      protocol_configuration: {server_protocol: HTTP}',
        '  mcp_server:',
        '    entrypoint: main.py',
        '    platform: linux/arm64',
        '    aws:',
        '      protocol_configuration: {server_protocol: HTTP}',
        '',
      ].join('\n'),
      'agent.py': 'from bedrock_agentcore import BedrockAgentCoreApp\napp = BedrockAgentCoreApp()\n',
      'main.py': MCP_MAIN,
    },
    expected: ['PROTOCOL_NOT_MCP@.bedrock_agentcore.yaml:11:49'],
  },
  { name: 'an empty file has nothing to check', files: { [Y]: '' }, expected: [] },
];

const J = 'agentcore/agentcore.json';
function cliJson(runtime: Record<string, unknown>): string {
  const base = { name: 'McpProject', version: 1, managedBy: 'CDK', runtimes: [{ name: 'mcp_server', build: 'Container', entrypoint: 'main.py', codeLocation: 'app/', ...runtime }] };
  return `${JSON.stringify(base, null, 2)}\n`;
}
const jwtConfig = (overrides: Record<string, unknown>): Record<string, unknown> => ({
  authorizerType: 'CUSTOM_JWT',
  authorizerConfiguration: { customJwtAuthorizer: { discoveryUrl: DISCOVERY, allowedClients: ['abc'], ...overrides } },
});

const jsonCases: RuleCase[] = [
  { name: 'the correct CLI project', files: { [J]: cliJson({ protocol: 'MCP', ...jwtConfig({}), requestHeaderAllowlist: ['Authorization'] }), 'app/main.py': MCP_MAIN }, expected: [] },
  // The runtime object opens on line 6 (`"name"` on 7); extra keys start on line 11.
  { name: 'protocol HTTP', files: { [J]: cliJson({ protocol: 'HTTP' }), 'app/main.py': MCP_MAIN }, expected: ['PROTOCOL_NOT_MCP@agentcore/agentcore.json:11:19'] },
  { name: 'protocol unset, blamed on the runtime name', files: { [J]: cliJson({}), 'app/main.py': MCP_MAIN }, expected: ['PROTOCOL_NOT_MCP@agentcore/agentcore.json:7:7'] },
  {
    name: 'discovery URL without the well-known suffix',
    files: { [J]: cliJson({ protocol: 'MCP', ...jwtConfig({ discoveryUrl: 'https://login.example.com/tenant' }) }) },
    expected: ['DISCOVERY_INVALID@agentcore/agentcore.json:15:27'],
  },
  {
    name: 'Authorization on an AWS_IAM runtime',
    files: { [J]: cliJson({ protocol: 'MCP', authorizerType: 'AWS_IAM', requestHeaderAllowlist: ['Authorization'] }) },
    expected: ['HEADER_ALLOWLIST_INVALID@agentcore/agentcore.json:14:9'],
  },
  { name: 'a trailing comma is a parse error with a position', files: { [J]: '{\n  "name": "p",\n  "runtimes": [],\n}\n' }, expected: ['CONFIG_FILE_UNPARSABLE@agentcore/agentcore.json:4:1'] },
  // agentcore validate (agentcore-contract §12): bare names are rewritten to X-Amzn-Bedrock-AgentCore-Runtime-Custom-<name>.
  {
    name: 'bare allowlist names pass, as the CLI rewrites them to the custom prefix',
    files: { [J]: cliJson({ protocol: 'MCP', ...jwtConfig({}), requestHeaderAllowlist: ['Authorization', 'TenantId', 'Accept'] }), 'app/main.py': MCP_MAIN },
    expected: [],
  },
  {
    name: 'the custom-prefix wildcard is refused by the CLI (header names are [A-Za-z0-9-_])',
    files: { [J]: cliJson({ protocol: 'MCP', ...jwtConfig({}), requestHeaderAllowlist: ['X-Amzn-Bedrock-AgentCore-Runtime-Custom-*'] }), 'app/main.py': MCP_MAIN },
    expected: ['HEADER_ALLOWLIST_INVALID@agentcore/agentcore.json:22:9'],
  },
  {
    name: 'X- names keep the service rules: X-Amzn-* outside the custom family is refused',
    files: { [J]: cliJson({ protocol: 'MCP', ...jwtConfig({}), requestHeaderAllowlist: ['X-Amzn-Trace-Id'] }), 'app/main.py': MCP_MAIN },
    expected: ['HEADER_ALLOWLIST_INVALID@agentcore/agentcore.json:22:9'],
  },
];

describe('lint/config/bedrock-agentcore-yaml', () => {
  it.each(yamlCases)('$name', (row) => expectCase(bedrockAgentcoreYamlRule, row));

  it('does not apply without the file, and reads it in a sub-folder too', () => {
    expect(runRule(bedrockAgentcoreYamlRule, { 'main.py': MCP_MAIN })).toEqual([]);
    const issues = runRule(bedrockAgentcoreYamlRule, { 'svc/.bedrock_agentcore.yaml': toolkitYaml({ protocol: 'A2A' }), 'svc/main.py': MCP_MAIN });
    expect(issues.map((issue) => [issue.code, issue.location.file, issue.args?.detail])).toEqual([['PROTOCOL_NOT_MCP', 'svc/.bedrock_agentcore.yaml', 'A2A']]);
  });

  it('quotes the offending text as a one-line snippet', () => {
    const [issue] = runRule(bedrockAgentcoreYamlRule, { [Y]: toolkitYaml({ platform: 'linux/amd64' }) });
    expect(issue?.snippet).toBe('platform: linux/amd64');
    expect(issue?.location).toMatchObject({ line: 6, column: 15, endLine: 6, endColumn: 25 });
  });
});

describe('lint/config/agentcore-json', () => {
  it.each(jsonCases)('$name', (row) => expectCase(agentcoreJsonRule, row));
});

describe('hostile or odd configuration files never crash a rule', () => {
  const odd = [
    '\u0000\u0001binary\uFFFD',
    `${'['.repeat(500)}${']'.repeat(500)}`,
    'a: &x [*x]\n',
    'agents: [1, 2]\n',
    'agents:\n  s:\n    platform: 123\n    authorizer_configuration:\n      customJWTAuthorizer: [x]\n    request_header_configuration:\n      requestHeaderAllowlist: Authorization\n',
    'agents:\n  s:\n    authorizer_configuration:\n      customJWTAuthorizer:\n        discoveryUrl: 42\n        customClaims: [1, {inboundTokenClaimName: [x]}]\n',
    '{"runtimes": {"not": "a list"}}',
    '{"runtimes": [null, 1, {"authorizerConfiguration": {"customJwtAuthorizer": null}}]}',
    'Resources:\n  X:\n    Type: AWS::Cognito::UserPool\n    Properties:\n      LambdaConfig: !If [C, {PreTokenGeneration: x}, !Ref AWS::NoValue]\n',
  ];
  it.each(odd.map((text, index) => ({ index, text })))('odd file #$index', ({ text }) => {
    const files = { [Y]: text, [J]: text, 'template.yaml': `AWSTemplateFormatVersion: x\nResources: {}\n${text}`, Dockerfile: text };
    // runRule holds every issue to the contract (declared code, position inside the file, one-line message).
    for (const rule of [bedrockAgentcoreYamlRule, agentcoreJsonRule, cloudFormationRule, dockerfileRule]) expect(() => runRule(rule, files)).not.toThrow();
  });
});
