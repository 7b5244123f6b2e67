import type { ResolvedTarget } from '../engine/definitions.js';
import { UsageError } from '../engine/errors.js';
import { isLoopbackHost, resolveTarget } from '../engine/resolve-target.js';
import { invocationUrl, looksLikeArn, looksLikeRuntimeId, parseRuntimeArn } from './arn.js';
import { resolveServiceEndpoints } from './service-endpoints.js';

/** What besides the target string decides where requests go. */
export interface TargetOptions {
  /** Runtime endpoint name. @default 'DEFAULT' */
  qualifier?: string;
  /** Data-plane base URL override (`--endpoint-url`). */
  endpointUrl?: string;
  /** Environment holding `AWS_ENDPOINT_URL_*`. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Where the target came from when the user gave none. */
  source?: string;
}

const QUALIFIER = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;

/** Resolves a URL or an AgentCore runtime ARN into a probe target, or throws a one-line `UsageError`. */
export function resolveTargetInput(input: string, options: TargetOptions = {}): ResolvedTarget {
  if (looksLikeRuntimeId(input)) {
    throw new UsageError(
      `"${input.trim()}" is a bare runtime id; pass the full runtime ARN, arn:aws:bedrock-agentcore:REGION:ACCOUNT:runtime/${input.trim()} (AgentCore answers a bare id with 400 "accountID required")`,
    );
  }
  if (!looksLikeArn(input)) {
    if (options.qualifier !== undefined) throw new UsageError('--qualifier applies to runtime ARNs only');
    return resolveTarget(input);
  }
  const arn = parseRuntimeArn(input);
  const qualifier = options.qualifier ?? 'DEFAULT';
  if (!QUALIFIER.test(qualifier)) throw new UsageError(`--qualifier "${qualifier.slice(0, 60).replace(/[^\x20-\x7e]/g, '?')}" is not an endpoint name (letters, digits, underscores; e.g. DEFAULT)`);
  const endpoints = resolveServiceEndpoints(arn, options.env ?? process.env, options.endpointUrl);
  const url = invocationUrl(endpoints.dataPlaneUrl, arn.arn, qualifier);
  const parsed = new URL(url);
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  return {
    input,
    url,
    origin: `${parsed.protocol}//${parsed.hostname.toLowerCase()}:${port}`,
    kind: 'agentcore-runtime',
    isLoopback: isLoopbackHost(parsed.hostname),
    runtime: {
      ...arn,
      qualifier,
      dataPlaneUrl: endpoints.dataPlaneUrl,
      controlPlaneUrl: endpoints.controlPlaneUrl,
      ...(options.source ? { source: options.source } : {}),
    },
  };
}
