import { isIP } from 'node:net';
import type { ResolvedTarget } from '../model/contracts.js';
import { UsageError } from '../model/errors.js';
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

/**
 * Turns what the user typed into a probe target, or explains in one line why it cannot be one.
 * Credentials in the URL are refused rather than silently sent, so they never reach a report.
 */
export function resolveTarget(input: string): ResolvedTarget {
  if (input !== input.trim()) throw new UsageError('the target has leading or trailing whitespace (a pasted newline?); remove it');
  if (/[\u0000-\u001f\u007f-\u009f]/.test(input)) throw new UsageError('the target contains control characters; paste the URL again');
  if (input === '') throw new UsageError('no target given; pass the URL of an MCP endpoint, e.g. http://127.0.0.1:8000/mcp');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UsageError(`"${printable(input)}" is not a URL; pass the full endpoint URL, e.g. https://example.com/mcp`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`unsupported scheme "${printable(url.protocol)}"; MCP over Streamable HTTP needs http:// or https://`);
  }
  if (url.username || url.password) {
    throw new UsageError('the URL contains credentials (user:password@); pass a token with --token-file or MCP_DOCTOR_TOKEN instead');
  }
  if (url.hash) url.hash = '';
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return {
    input,
    url: url.toString(),
    origin: `${url.protocol}//${url.hostname.toLowerCase()}:${port}`,
    kind: 'url',
    isLoopback: isLoopbackHost(url.hostname),
  };
}

/** True for localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(host);
  return false;
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}
