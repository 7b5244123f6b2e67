import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { LintIssue, LintProject, LintRule, ProjectFile } from '../types.js';
import { isIntrinsic, itemsOf, keyName, lineSnippet, pairOf, pairsOf, parseYamlFile, stringOf, valueAt, valueOf, type ParsedYaml } from '../yaml-positions.js';
import { AGENTCORE_JSON, BEDROCK_AGENTCORE_YAML, unparsableIssue } from './agentcore-config.js';
import { checkHeaderAllowlist, checkJwtAuthorizer, checkProtocol, issueAt } from './runtime-settings.js';

/**
 * CloudFormation (and SAM) templates, YAML or JSON (agentcore-contract §9, §4.3): the Cognito
 * pre-token-generation trigger and its version, the app clients' auth flows, and the
 * `AWS::BedrockAgentCore::Runtime` settings.
 */

interface Resource {
  id: string;
  type: string;
  /** The logical id's key node (where "missing" findings point). */
  key: Node;
  properties: Node | null | undefined;
}

/** A parsed template and its resources by logical id. */
interface Template {
  parsed: ParsedYaml;
  resources: Map<string, Resource>;
}

const TEMPLATE_EXTENSION = /\.(ya?ml|json|template)$/i;
/** The cheap text test that keeps package.json, tsconfig.json and friends out of the parser. */
const LOOKS_LIKE_TEMPLATE = /AWSTemplateFormatVersion|"?Resources"?\s*:[\s\S]*"?Type"?\s*:\s*["']?AWS::/;

/** The project's CloudFormation templates (not the AgentCore project files). */
export function cloudFormationFiles(project: LintProject): ProjectFile[] {
  return project.files.filter(
    (file) =>
      TEMPLATE_EXTENSION.test(file.path) &&
      !file.path.endsWith(BEDROCK_AGENTCORE_YAML) &&
      !file.path.endsWith(AGENTCORE_JSON) &&
      !/(^|\/)(node_modules|cdk\.out)\//.test(file.path) &&
      LOOKS_LIKE_TEMPLATE.test(file.text),
  );
}

/** Parses a template; a syntax error is returned as an issue. */
function readTemplate(file: ProjectFile): Template | LintIssue {
  const parsed = parseYamlFile(file, { cloudFormation: true });
  if (parsed.error) return unparsableIssue(parsed, `CloudFormation template ${file.path}`);
  const resources = new Map<string, Resource>();
  for (const pair of pairsOf(valueOf(parsed.doc.contents, 'Resources'))) {
    const id = keyName(pair);
    const type = stringOf(valueOf(pair.value, 'Type'));
    if (type) resources.set(id, { id, type, key: pair.key, properties: valueOf(pair.value, 'Properties') });
  }
  return { parsed, resources };
}

/** The logical id a function ARN refers to: `!GetAtt Fn.Arn`, `!GetAtt [Fn, Arn]`, `Fn::GetAtt`, `!Ref Fn`, `!Sub ${Fn.Arn}`. */
function referencedId(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  let tag = node.tag;
  let value: unknown = node;
  if (isMap(node) && node.items.length === 1 && isScalar(node.items[0]?.key)) {
    tag = `!${String(node.items[0].key.value).replace(/^Fn::/, '')}`;
    value = node.items[0].value;
  }
  const text = isScalar(value) ? String(value.value) : isSeq(value) && isScalar(value.items[0]) ? String(value.items[0].value) : undefined;
  if (!text) return undefined;
  if (tag === '!GetAtt' || tag === '!Ref') return text.split('.')[0];
  if (tag === '!Sub') return /\$\{([A-Za-z0-9]+)\.Arn\}/.exec(text)?.[1];
  return undefined;
}

/** The function's source: inline code (as a node, so positions are exact) or a project file by handler. */
type TriggerCode = { kind: 'inline'; node: Node; text: string } | { kind: 'file'; file: ProjectFile; text: string } | undefined;

/** The source of the Lambda function with logical id `id`, when the template or the project holds it. */
function triggerCode(template: Template, project: LintProject, id: string | undefined): TriggerCode {
  const fn = id ? template.resources.get(id) : undefined;
  if (!fn) return undefined;
  const inline = valueAt(fn.properties, ['Code', 'ZipFile']) ?? valueOf(fn.properties, 'InlineCode');
  if (inline && isScalar(inline) && typeof inline.value === 'string') return { kind: 'inline', node: inline, text: inline.value };
  // SAM: CodeUri folder + Handler `module.function`.
  const codeUri = stringOf(valueOf(fn.properties, 'CodeUri'));
  const handler = stringOf(valueOf(fn.properties, 'Handler'));
  if (!codeUri || !handler) return undefined;
  const dir = template.parsed.file.path.includes('/') ? template.parsed.file.path.slice(0, template.parsed.file.path.lastIndexOf('/') + 1) : '';
  const module = handler.slice(0, handler.lastIndexOf('.'));
  const folder = `${dir}${codeUri.replace(/^\.\//, '').replace(/\/?$/, '/')}`.replace(/^\.\//, '');
  for (const extension of ['.py', '.js', '.mjs', '.ts']) {
    const file = project.file(`${folder}${module}${extension}`);
    if (file) return { kind: 'file', file, text: file.text };
  }
  return undefined;
}

/** Where in the code a `client_id` claim is added, as an offset into `text`, or -1. */
function clientIdInjection(text: string): number {
  const start = text.indexOf('claimsToAddOrOverride');
  if (start < 0) return -1;
  // Quotes may be escaped when the code sits in a JSON string (`\"client_id\": …`).
  const match = /(?:\\?["'])?\bclient_id\b(?:\\?["'])?\s*[:=]/.exec(text.slice(start));
  return match ? start + match.index + match[0].indexOf('client_id') : -1;
}

/** A position inside a file's raw text. */
function positionAt(file: ProjectFile, offset: number): { line: number; column: number } {
  const before = file.text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Pre-token-generation triggers of every user pool. */
function checkUserPool(template: Template, project: LintProject, pool: Resource): LintIssue[] {
  const { parsed } = template;
  const lambdaConfig = valueOf(pool.properties, 'LambdaConfig');
  if (!isMap(lambdaConfig)) return [];
  const config = valueOf(lambdaConfig, 'PreTokenGenerationConfig');
  const legacy = pairOf(lambdaConfig, 'PreTokenGeneration');
  if (!config && !legacy) return [];
  const versionNode = valueOf(config, 'LambdaVersion');
  if (versionNode && isIntrinsic(versionNode)) return [];
  const version = stringOf(versionNode) ?? 'V1_0';
  if (version !== 'V1_0') {
    const tierNode = valueOf(pool.properties, 'UserPoolTier');
    if (stringOf(tierNode)?.toUpperCase() !== 'LITE') return [];
    return [
      {
        ...issueAt(parsed, versionNode, 'PRE_TOKEN_VERSION_NEEDS_ESSENTIALS', `User pool \`${pool.id}\` asks for a ${version} pre-token trigger but sets \`UserPoolTier: LITE\`; V2_0 and V3_0 need the Essentials or Plus plan.`),
        args: { version },
      },
    ];
  }

  const anchor = versionNode ?? pairOf(lambdaConfig, 'PreTokenGenerationConfig')?.key ?? legacy?.key;
  const code = triggerCode(template, project, referencedId(valueOf(config, 'LambdaArn') ?? legacy?.value));
  const text = code?.text ?? '';
  const versionWords = versionNode ? `LambdaVersion ${version}` : 'no LambdaVersion (so V1_0)';

  if (code && clientIdInjection(text) >= 0) {
    const issue = issueAt(
      parsed,
      anchor,
      'PRE_TOKEN_CLIENT_ID_WORKAROUND',
      `User pool \`${pool.id}\` has a V1 pre-token trigger that adds \`client_id\`: V1 changes ID tokens only, so this exists to make ID tokens pass allowedClients; send the access token (it already carries client_id) and drop the trigger.`,
    );
    const file = code.kind === 'file' ? code.file : parsed.file;
    const offset = code.kind === 'file' ? clientIdInjection(text) : rawOffsetInNode(parsed, code.node);
    if (offset >= 0) {
      const at = positionAt(file, offset);
      issue.location = { file: file.path, line: at.line, column: at.column, endLine: at.line, endColumn: at.column + 'client_id'.length - 1 };
      const snippet = lineSnippet(file.text, at.line);
      if (snippet) issue.snippet = snippet;
    }
    return [issue];
  }
  const writesAccessToken = /accessTokenGeneration|claimsAndScopeOverrideDetails/.test(text);
  return [
    issueAt(
      parsed,
      anchor,
      'PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN',
      writesAccessToken
        ? `User pool \`${pool.id}\`'s pre-token trigger returns access-token overrides but has ${versionWords}: Cognito ignores them; set \`LambdaVersion: V2_0\` (Essentials plan).`
        : `User pool \`${pool.id}\`'s pre-token trigger has ${versionWords}: its claims reach ID tokens only, never the access tokens AgentCore should receive; use \`LambdaVersion: V2_0\`.`,
    ),
  ];
}

/** The file offset of `client_id` inside an inline code scalar (block scalars keep their text verbatim). */
function rawOffsetInNode(parsed: ParsedYaml, node: Node): number {
  const range = node.range;
  if (!range) return -1;
  const raw = parsed.file.text.slice(range[0], range[1]);
  const offset = clientIdInjection(raw);
  return offset < 0 ? -1 : range[0] + offset;
}

const USER_PASSWORD_FLOWS = new Set(['ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH']);

/** App clients that can mint no token with a username and password. */
function checkUserPoolClient(template: Template, client: Resource): LintIssue[] {
  const { parsed } = template;
  const flowsPair = pairOf(client.properties, 'ExplicitAuthFlows');
  const oauthFlows = valueOf(client.properties, 'AllowedOAuthFlows');
  // A client built for the OAuth flows (client credentials, hosted UI) needs no password login.
  if (oauthFlows && (isIntrinsic(oauthFlows) || (itemsOf(oauthFlows)?.length ?? 0) > 0)) return [];
  if (flowsPair && isIntrinsic(flowsPair.value)) return [];
  const flows = itemsOf(flowsPair?.value);
  if (flows && flows.some((node) => isIntrinsic(node) || USER_PASSWORD_FLOWS.has(stringOf(node) ?? ''))) return [];
  const anchor = flowsPair?.key ?? pairOf(valueOf(parsed.doc.contents, 'Resources'), client.id)?.key ?? client.key;
  const listed = flows?.map((node) => stringOf(node)).filter(Boolean).join(', ');
  return [
    {
      ...issueAt(
        parsed,
        anchor,
        'USER_PASSWORD_AUTH_DISABLED',
        `App client \`${client.id}\` ${listed ? `allows only ${listed}` : 'sets no ExplicitAuthFlows (Cognito then allows SRP, refresh and custom auth only)'}; \`initiate-auth --auth-flow USER_PASSWORD_AUTH\`, which the AgentCore guides use to get a token, fails. Add ALLOW_USER_PASSWORD_AUTH.`,
      ),
      args: { detail: 'USER_PASSWORD_AUTH flow not enabled for this client' },
      // Only the guides' password login fails; other ways of getting a token still work.
      uncertain: true,
    },
  ];
}

/** `AWS::BedrockAgentCore::Runtime`: protocol, authorizer and header allowlist. */
function checkRuntime(template: Template, runtime: Resource, runtimeCount: number): LintIssue[] {
  const { parsed } = template;
  const properties = runtime.properties;
  if (properties && isIntrinsic(properties)) return [];
  const where = `Runtime \`${runtime.id}\``;
  const issues: LintIssue[] = [];
  // Several runtimes may mix HTTP agents with the MCP server; only a lone runtime must be MCP.
  if (runtimeCount === 1) issues.push(...checkProtocol(parsed, valueOf(properties, 'ProtocolConfiguration', true), runtime.key, where, 'cloudformation'));
  const authorizerConfig = valueOf(properties, 'AuthorizerConfiguration', true);
  const jwt = valueOf(authorizerConfig, 'CustomJWTAuthorizer', true);
  if (isMap(jwt)) issues.push(...checkJwtAuthorizer(parsed, jwt, pairOf(authorizerConfig, 'CustomJWTAuthorizer', true)?.key));
  const headers = valueAt(properties, ['RequestHeaderConfiguration', 'RequestHeaderAllowlist'], true);
  issues.push(...checkHeaderAllowlist(parsed, headers, isMap(jwt) || (authorizerConfig !== undefined && isIntrinsic(authorizerConfig))));
  return issues;
}

function checkTemplate(file: ProjectFile, project: LintProject): LintIssue[] {
  const template = readTemplate(file);
  if (!('resources' in template)) return [template];
  const resources = [...template.resources.values()];
  const runtimes = resources.filter((r) => r.type === 'AWS::BedrockAgentCore::Runtime');
  return resources.flatMap((resource) => {
    switch (resource.type) {
      case 'AWS::Cognito::UserPool':
        return checkUserPool(template, project, resource);
      case 'AWS::Cognito::UserPoolClient':
        return checkUserPoolClient(template, resource);
      case 'AWS::BedrockAgentCore::Runtime':
        return checkRuntime(template, resource, runtimes.length);
      default:
        return [];
    }
  });
}

/** Lints CloudFormation/SAM templates. */
export const cloudFormationRule: LintRule = {
  id: 'lint/cloudformation/agentcore-cognito',
  title: 'CloudFormation: Cognito triggers and app clients, and AgentCore runtimes, fit each other',
  codes: [
    'CONFIG_FILE_UNPARSABLE',
    'PRE_TOKEN_LAMBDA_V1_ACCESS_TOKEN',
    'PRE_TOKEN_CLIENT_ID_WORKAROUND',
    'PRE_TOKEN_VERSION_NEEDS_ESSENTIALS',
    'USER_PASSWORD_AUTH_DISABLED',
    'PROTOCOL_NOT_MCP',
    'DISCOVERY_INVALID',
    'AUTHORIZER_NO_CLIENT_OR_AUDIENCE',
    'AUDIENCE_MISMATCH',
    'CUSTOM_CLAIM_RESERVED',
    'HEADER_ALLOWLIST_INVALID',
  ],
  appliesTo: cloudFormationFiles,
  check: (files, project) => files.flatMap((file) => checkTemplate(file, project)),
};

