import { UsageError } from '../model/errors.js';
import { controlPlaneBaseUrl, dataPlaneBaseUrl, type RuntimeArn } from './arn.js';

/**
 * Endpoint overrides, in the AWS SDK's order (service-specific variable, then the general
 * `AWS_ENDPOINT_URL`, then the regional default); `--endpoint-url` overrides the data plane.
 */
export interface ServiceEndpoints {
  dataPlaneUrl: string;
  controlPlaneUrl: string;
  /** Undefined means the SDK's regional default. */
  cognitoUrl?: string;
}

/** The AWS services whose endpoints can be overridden. */
export type OverridableService =
  | 'BEDROCK_AGENTCORE'
  | 'BEDROCK_AGENTCORE_CONTROL'
  | 'COGNITO_IDENTITY_PROVIDER'
  | 'ECR'
  | 'IAM'
  | 'CODEBUILD'
  | 'LAMBDA'
  | 'CLOUDFORMATION'
  | 'CLOUDWATCH_LOGS';

/** `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`, else undefined (the regional default). */
export function endpointOverride(env: NodeJS.ProcessEnv, service: OverridableService): string | undefined {
  for (const name of [`AWS_ENDPOINT_URL_${service}`, 'AWS_ENDPOINT_URL']) {
    const value = env[name]?.trim();
    if (value) return checkUrl(value, name);
  }
  return undefined;
}

/** Resolves the endpoints for a runtime ARN from flags and environment. */
export function resolveServiceEndpoints(arn: RuntimeArn, env: NodeJS.ProcessEnv, endpointUrl?: string): ServiceEndpoints {
  const endpoints: ServiceEndpoints = {
    dataPlaneUrl: (endpointUrl ? checkUrl(endpointUrl, '--endpoint-url') : undefined) ?? endpointOverride(env, 'BEDROCK_AGENTCORE') ?? dataPlaneBaseUrl(arn),
    controlPlaneUrl: endpointOverride(env, 'BEDROCK_AGENTCORE_CONTROL') ?? controlPlaneBaseUrl(arn),
  };
  const cognito = endpointOverride(env, 'COGNITO_IDENTITY_PROVIDER');
  if (cognito) endpoints.cognitoUrl = cognito;
  return endpoints;
}

function checkUrl(value: string, name: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new UsageError(`${name} must be an http(s) URL`);
  }
  return value.replace(/\/+$/, '');
}
