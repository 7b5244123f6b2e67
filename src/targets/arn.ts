import { UsageError } from '../model/errors.js';
import { PARTITIONS, partitionOfRegion } from './regions.js';

/**
 * AgentCore runtime ARNs (agentcore-contract §1.2): `arn:{partition}:bedrock-agentcore:{region}:
 * {account}:runtime/{runtimeId}`. Parsing is total: every malformed input gets a `UsageError` whose
 * one line names the fix, never a stack trace.
 */

/** A parsed runtime ARN. */
export interface RuntimeArn {
  arn: string;
  partition: string;
  region: string;
  accountId: string;
  runtimeId: string;
}

const RUNTIME_ID = /^[a-zA-Z][a-zA-Z0-9_]{0,47}-[a-zA-Z0-9]{1,64}$/;

/** True when the input looks like an ARN at all (so the CLI routes it here, not to URL parsing). */
export function looksLikeArn(input: string): boolean {
  return /^\s*arn:/i.test(input);
}

/** True when the input looks like a bare runtime id (`name-AbCdEf1234`). */
export function looksLikeRuntimeId(input: string): boolean {
  return RUNTIME_ID.test(input.trim()) && !input.includes(':') && !input.includes('/');
}

/** Parses a runtime ARN or throws a `UsageError` naming the fix. */
export function parseRuntimeArn(input: string): RuntimeArn {
  if (input !== input.trim()) {
    throw new UsageError('the runtime ARN has leading or trailing whitespace (a pasted newline?); AgentCore answers such ARNs with 404, so remove it');
  }
  const parts = input.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') throw new UsageError(`"${printable(input)}" is not an ARN; expected arn:aws:bedrock-agentcore:REGION:ACCOUNT:runtime/ID`);
  const [, partition = '', service = '', region = '', accountId = '', ...rest] = parts;
  const resource = rest.join(':');
  if (service !== 'bedrock-agentcore') {
    throw new UsageError(`the ARN is for the "${printable(service)}" service; pass an AgentCore runtime ARN (arn:aws:bedrock-agentcore:REGION:ACCOUNT:runtime/ID)`);
  }
  // Own keys only: a partition named __proto__ or constructor must not find Object.prototype's.
  const info = Object.hasOwn(PARTITIONS, partition) ? PARTITIONS[partition] : undefined;
  if (!info) throw new UsageError(`unknown partition "${printable(partition)}"; expected aws, aws-cn or aws-us-gov`);
  if (!info.regions.includes(region)) {
    const elsewhere = partitionOfRegion(region);
    throw new UsageError(
      elsewhere
        ? `region ${region} belongs to partition ${elsewhere}, not ${partition}; fix the ARN`
        : `"${printable(region)}" is not an AWS region${suggestRegion(region, info.regions)}; fix the ARN`,
    );
  }
  if (!/^\d{12}$/.test(accountId)) throw new UsageError(`the account "${printable(accountId)}" in the ARN must be 12 digits`);
  if (rest.length !== 1) throw new UsageError('the ARN has extra ":" separators; expected …:ACCOUNT:runtime/ID');
  const endpointMatch = /^runtime\/([^/]+)\/runtime-endpoint\/([^/]+)$/.exec(resource);
  if (endpointMatch) {
    throw new UsageError(
      `that is a runtime endpoint ARN; pass the runtime ARN arn:${partition}:bedrock-agentcore:${region}:${accountId}:runtime/${endpointMatch[1]} with --qualifier ${endpointMatch[2]}`,
    );
  }
  if (!resource.startsWith('runtime/')) {
    const kind = resource.split('/')[0] ?? resource;
    throw new UsageError(`the ARN names a "${printable(kind)}" resource, not a runtime; pass an ARN ending in :runtime/ID (gateways and memories are not MCP runtimes)`);
  }
  const runtimeId = resource.slice('runtime/'.length);
  if (!RUNTIME_ID.test(runtimeId)) {
    throw new UsageError(`"${printable(runtimeId)}" is not a runtime id; ids look like my_server-AbCdEf1234 (name, a hyphen, a suffix)`);
  }
  return { arn: input, partition, region, accountId, runtimeId };
}

/** The public data-plane host for a region: `bedrock-agentcore.{region}.{dnsSuffix}`. */
export function dataPlaneBaseUrl(arn: RuntimeArn): string {
  return `https://bedrock-agentcore.${arn.region}.${PARTITIONS[arn.partition]?.dnsSuffix ?? 'amazonaws.com'}`;
}

/** The public control-plane host for a region. */
export function controlPlaneBaseUrl(arn: RuntimeArn): string {
  return `https://bedrock-agentcore-control.${arn.region}.${PARTITIONS[arn.partition]?.dnsSuffix ?? 'amazonaws.com'}`;
}

/** `<base>/runtimes/<encodeURIComponent(arn)>/invocations?qualifier=<q>` (the ARN is one path segment). */
export function invocationUrl(base: string, arn: string, qualifier: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return `${trimmed}/runtimes/${encodeURIComponent(arn)}/invocations?qualifier=${encodeURIComponent(qualifier)}`;
}

function suggestRegion(region: string, regions: readonly string[]): string {
  const close = regions.find((r) => r.replace(/-/g, '') === region.replace(/[-_\s]/g, '').toLowerCase());
  return close ? ` (did you mean ${close}?)` : '';
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 120);
}
