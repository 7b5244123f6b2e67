import { UsageError } from '../engine/errors.js';
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

/** Resolves the endpoints for a runtime ARN from flags and environment. */
export function resolveServiceEndpoints(arn: RuntimeArn, env: NodeJS.ProcessEnv, endpointUrl?: string): ServiceEndpoints {
  const pick = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = env[name]?.trim();
      if (value) return checkUrl(value, name);
    }
    return undefined;
  };
  const general = pick('AWS_ENDPOINT_URL');
  const endpoints: ServiceEndpoints = {
    dataPlaneUrl: (endpointUrl ? checkUrl(endpointUrl, '--endpoint-url') : undefined) ?? pick('AWS_ENDPOINT_URL_BEDROCK_AGENTCORE') ?? general ?? dataPlaneBaseUrl(arn),
    controlPlaneUrl: pick('AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL') ?? general ?? controlPlaneBaseUrl(arn),
  };
  const cognito = pick('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER') ?? general;
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
