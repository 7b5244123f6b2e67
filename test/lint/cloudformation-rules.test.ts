import { describe, expect, it } from 'vitest';
import { cloudFormationRule } from '../../src/lint/rules/cloudformation.js';
import { expectCase, runRule, type RuleCase } from './config-tester.js';

/** CloudFormation templates (YAML with short-form tags, and JSON), exact codes and positions. */

const T = 'template.yaml';

interface Parts {
  lambdaConfig?: string[];
  code?: string;
  authFlows?: string[];
  protocol?: string;
  discovery?: string;
}

const V2_CODE = '              event["response"]["claimsAndScopeOverrideDetails"] = {"accessTokenGeneration": {"claimsToAddOrOverride": {"tenant": "acme"}}}';
const CLIENT_ID_CODE = '              event["response"]["claimsOverrideDetails"] = {"claimsToAddOrOverride": {"client_id": event["callerContext"]["clientId"]}}';

/** A correct template; every varying part keeps its line count so positions stay put. */
function template(parts: Parts = {}): string {
  return [
    "AWSTemplateFormatVersion: '2010-09-09'", // 1
    'Resources:', // 2
    '  UserPool:', // 3
    '    Type: AWS::Cognito::UserPool', // 4
    '    Properties:', // 5
    '      UserPoolTier: ESSENTIALS', // 6
    '      LambdaConfig:', // 7
    ...(parts.lambdaConfig ?? ['        PreTokenGenerationConfig:', '          LambdaVersion: V2_0', '          LambdaArn: !GetAtt PreTokenFn.Arn']), // 8-10
    '  PreTokenFn:', // 11
    '    Type: AWS::Lambda::Function', // 12
    '    Properties:', // 13
    '      Runtime: python3.12', // 14
    '      Handler: index.handler', // 15
    '      Code:', // 16
    '        ZipFile: |', // 17
    '          def handler(event, context):', // 18
    parts.code ?? V2_CODE, // 19
    '              return event', // 20
    '  AppClient:', // 21
    '    Type: AWS::Cognito::UserPoolClient', // 22
    '    Properties:', // 23
    '      UserPoolId: !Ref UserPool', // 24
    ...(parts.authFlows ?? ['      ExplicitAuthFlows:', '        - ALLOW_USER_PASSWORD_AUTH', '        - ALLOW_REFRESH_TOKEN_AUTH']), // 25-27
    '  McpRuntime:', // 28
    '    Type: AWS::BedrockAgentCore::Runtime', // 29
    '    Properties:', // 30
    '      AgentRuntimeName: mcp_server', // 31
    `      ProtocolConfiguration: ${parts.protocol ?? 'MCP'}`, // 32
    '      AuthorizerConfiguration:', // 33
    '        CustomJWTAuthorizer:', // 34
    `          DiscoveryUrl: ${parts.discovery ?? '!Sub https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}/.well-known/openid-configuration'}`, // 35
    '          AllowedClients:', // 36
    '            - !Ref AppClient', // 37
    '',
  ].join('\n');
}

const cases: RuleCase[] = [
  { name: 'the correct template', files: { [T]: template() }, expected: [] },
  {
    name: 'V1_0 trigger that returns access-token overrides',
    files: { [T]: template({ lambdaConfig: ['        PreTokenGenerationConfig:', '          LambdaVersion: V1_0', '          LambdaArn: !GetAtt PreTokenFn.Arn'] }) },
    expected: ['PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN@template.yaml:9:26/warning'],
  },
  {
    name: 'a trigger config without LambdaVersion is V1_0',
    files: { [T]: template({ lambdaConfig: ['        PreTokenGenerationConfig:', '          LambdaArn: !GetAtt [PreTokenFn, Arn]', '        # no version'] }) },
    expected: ['PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN@template.yaml:8:9'],
  },
  {
    name: 'legacy PreTokenGeneration trigger injecting client_id (the ID-token workaround)',
    files: { [T]: template({ lambdaConfig: ['        PreTokenGeneration: !GetAtt PreTokenFn.Arn', '        # legacy trigger', '        #'], code: CLIENT_ID_CODE }) },
    expected: ['PRE_TOKEN_CLIENT_ID_WORKAROUND@template.yaml:19:88/info'],
  },
  {
    name: 'a V2_0 trigger injecting client_id is not the V1 workaround',
    files: { [T]: template({ code: CLIENT_ID_CODE }) },
    expected: [],
  },
  {
    name: 'app client without USER_PASSWORD_AUTH',
    files: { [T]: template({ authFlows: ['      ExplicitAuthFlows:', '        - ALLOW_USER_SRP_AUTH', '        - ALLOW_REFRESH_TOKEN_AUTH'] }) },
    expected: ['USER_PASSWORD_AUTH_DISABLED@template.yaml:25:7/warning'],
  },
  {
    name: 'app client with no ExplicitAuthFlows (Cognito defaults)',
    files: { [T]: template({ authFlows: ['      GenerateSecret: false', '      ClientName: mcp', '      RefreshTokenValidity: 30'] }) },
    expected: ['USER_PASSWORD_AUTH_DISABLED@template.yaml:21:3'],
  },
  {
    name: 'a client-credentials app client needs no password flow',
    files: { [T]: template({ authFlows: ['      GenerateSecret: true', '      AllowedOAuthFlows: [client_credentials]', '      AllowedOAuthScopes: [mcp/invoke]'] }) },
    expected: [],
  },
  {
    name: 'a V2_0 trigger on a Lite pool',
    files: { [T]: template().replace('UserPoolTier: ESSENTIALS', 'UserPoolTier: LITE') },
    expected: ['PRE_TOKEN_VERSION_NEEDS_ESSENTIALS@template.yaml:9:26/error'],
  },
  { name: 'runtime protocol HTTP', files: { [T]: template({ protocol: 'HTTP' }) }, expected: ['PROTOCOL_NOT_MCP@template.yaml:32:30/error'] },
  // The service default without ProtocolConfiguration is UNCONFIRMED: likely HTTP, reported one step lower.
  { name: 'runtime without a protocol', files: { [T]: template().replace('      ProtocolConfiguration: MCP\n', '') }, expected: ['PROTOCOL_NOT_MCP@template.yaml:28:3/warning'] },
  {
    name: '!Sub discovery URL without the well-known suffix',
    files: { [T]: template({ discovery: '!Sub https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}' }) },
    expected: ['DISCOVERY_INVALID@template.yaml:35:30'],
  },
  { name: 'a discovery URL from !GetAtt is not judged', files: { [T]: template({ discovery: '!GetAtt Issuer.DiscoveryUrl' }) }, expected: [] },
  {
    name: 'malformed template',
    files: { [T]: "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: [a, b}\n" },
    expected: ['CONFIG_FILE_UNPARSABLE@template.yaml:5:35/error'],
  },
  {
    name: 'SAM function whose handler file injects client_id',
    files: {
      'infra/template.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Pool:',
        '    Type: AWS::Cognito::UserPool',
        '    Properties:',
        '      LambdaConfig:',
        '        PreTokenGeneration: !GetAtt Trigger.Arn',
        '  Trigger:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: pre_token/',
        '      Handler: app.handler',
        '',
      ].join('\n'),
      'infra/pre_token/app.py': 'def handler(event, context):\n    event["response"]["claimsOverrideDetails"] = {\n        "claimsToAddOrOverride": {\n            "client_id": event["callerContext"]["clientId"],\n        }\n    }\n    return event\n',
    },
    expected: ['PRE_TOKEN_CLIENT_ID_WORKAROUND@infra/pre_token/app.py:4:14'],
  },
];

const jsonTemplate = `${JSON.stringify(
  {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Pool: { Type: 'AWS::Cognito::UserPool', Properties: { LambdaConfig: { PreTokenGeneration: { 'Fn::GetAtt': ['Trigger', 'Arn'] } } } },
      Trigger: {
        Type: 'AWS::Lambda::Function',
        Properties: { Handler: 'index.handler', Code: { ZipFile: 'exports.handler = async (event) => {\n  event.response.claimsOverrideDetails = { claimsToAddOrOverride: { "client_id": event.callerContext.clientId } };\n  return event;\n};\n' } },
      },
      Client: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' }, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] } },
      Runtime: { Type: 'AWS::BedrockAgentCore::Runtime', Properties: { ProtocolConfiguration: 'MCP', RequestHeaderConfiguration: { RequestHeaderAllowlist: ['Authorization'] } } },
    },
  },
  null,
  2,
)}\n`;

describe('lint/cloudformation/agentcore-cognito', () => {
  it.each(cases)('$name', (row) => expectCase(cloudFormationRule, row));

  it('reads JSON templates: Fn::GetAtt, escaped inline code, header rules', () => {
    // Line 22 holds the inline code string; `client_id` sits after its escaped quote.
    const line = jsonTemplate.split('\n').findIndex((text) => text.includes('"ZipFile"')) + 1;
    const column = (jsonTemplate.split('\n')[line - 1] ?? '').indexOf('client_id') + 1;
    expectCase(cloudFormationRule, {
      name: 'json',
      files: { 'cfn/stack.json': jsonTemplate },
      expected: [
        `PRE_TOKEN_CLIENT_ID_WORKAROUND@cfn/stack.json:${line}:${column}`,
        // The runtime has no JWT authorizer, so Authorization cannot be forwarded.
        `HEADER_ALLOWLIST_INVALID@cfn/stack.json:${jsonTemplate.split('\n').findIndex((text) => text.trim() === '"Authorization"') + 1}:13`,
      ],
    });
    expect(column).toBeGreaterThan(1);
  });

  it('ignores JSON and YAML files that are not templates', () => {
    expect(cloudFormationRule.appliesTo({ root: '/', files: [], file: () => undefined })).toEqual([]);
    const issues = runRule(cloudFormationRule, {
      'package.json': '{"name": "x", "version": "1.0.0"}\n',
      '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
      'docker-compose.yaml': 'services:\n  mcp:\n    image: x\n',
    });
    expect(issues).toEqual([]);
  });

  it('keeps short-form tags as values instead of failing on them', () => {
    const tags = ['!Ref A', '!Sub "x"', '!GetAtt A.B', '!Join ["", [a, b]]', '!If [C, a, b]', '!Select [0, !GetAZs ""]', '!Split [",", a]', '!FindInMap [M, a, b]', '!ImportValue x', '!Base64 x', '!Equals [a, b]', '!Not [!Condition C]', '!And [a, b]', '!Or [a, b]', '!Cidr [a, 1, 2]'];
    const text = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', '  Bucket:', '    Type: AWS::S3::Bucket', '    Properties:', ...tags.map((tag, index) => `      P${index}: ${tag}`), ''].join('\n');
    expect(runRule(cloudFormationRule, { [T]: text })).toEqual([]);
  });
});
