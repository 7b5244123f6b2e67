import { describe, expect, it } from 'vitest';
import { usageErrorOf } from '../helpers/usage-error.js';
import { controlPlaneBaseUrl, dataPlaneBaseUrl, invocationUrl, parseRuntimeArn, type RuntimeArn } from '../../src/targets/arn.js';
import { resolveTargetInput } from '../../src/targets/resolve.js';

const ARN = 'arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/my_mcp_server-xyz123AbCd';


describe('runtime ARNs', () => {
  it('builds the documented invocation URL (the ARN is one percent-encoded segment)', () => {
    const target = resolveTargetInput(ARN, { env: {} });
    expect(target.kind).toBe('agentcore-runtime');
    expect(target.url).toBe(
      'https://bedrock-agentcore.us-west-2.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-west-2%3A123456789012%3Aruntime%2Fmy_mcp_server-xyz123AbCd/invocations?qualifier=DEFAULT',
    );
    expect(target.runtime).toMatchObject({ region: 'us-west-2', accountId: '123456789012', runtimeId: 'my_mcp_server-xyz123AbCd', qualifier: 'DEFAULT' });
    expect(target.runtime?.controlPlaneUrl).toBe('https://bedrock-agentcore-control.us-west-2.amazonaws.com');
  });

  it.each([
    ['aws-cn', 'cn-north-1', 'https://bedrock-agentcore.cn-north-1.amazonaws.com.cn'],
    ['aws-us-gov', 'us-gov-west-1', 'https://bedrock-agentcore.us-gov-west-1.amazonaws.com'],
  ])('gives partition %s its own host suffix', (partition, region, host) => {
    const target = resolveTargetInput(`arn:${partition}:bedrock-agentcore:${region}:123456789012:runtime/srv-AbCdEf1234`, { env: {} });
    expect(target.url.startsWith(`${host}/runtimes/`)).toBe(true);
  });

  it('honours --qualifier', () => {
    expect(resolveTargetInput(ARN, { env: {}, qualifier: 'prod' }).url.endsWith('/invocations?qualifier=prod')).toBe(true);
  });

  it('follows the SDK endpoint-override order: --endpoint-url, service variable, AWS_ENDPOINT_URL', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: 'http://127.0.0.1:2/', AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL: 'http://127.0.0.1:3' };
    expect(resolveTargetInput(ARN, { env }).url.startsWith('http://127.0.0.1:2/runtimes/')).toBe(true);
    expect(resolveTargetInput(ARN, { env }).runtime?.controlPlaneUrl).toBe('http://127.0.0.1:3');
    expect(resolveTargetInput(ARN, { env, endpointUrl: 'http://127.0.0.1:4' }).url.startsWith('http://127.0.0.1:4/runtimes/')).toBe(true);
    expect(resolveTargetInput(ARN, { env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' } }).runtime?.controlPlaneUrl).toBe('http://127.0.0.1:1');
  });

  it('round-trips through the URL path', () => {
    const url = new URL(invocationUrl('https://example.test', ARN, 'DEFAULT'));
    const segment = url.pathname.split('/')[2] ?? '';
    expect(decodeURIComponent(segment)).toBe(ARN);
    expect(parseRuntimeArn(decodeURIComponent(segment)).runtimeId).toBe('my_mcp_server-xyz123AbCd');
  });

  it.each([
    ['an endpoint ARN', `${ARN}/runtime-endpoint/prod`, /runtime endpoint ARN; pass the runtime ARN .* with --qualifier prod/],
    ['a bare runtime id', 'my_mcp_server-xyz123AbCd', /bare runtime id; pass the full runtime ARN/],
    ['a trailing newline', `${ARN}\n`, /whitespace \(a pasted newline\?\)/],
    ['trailing spaces', `${ARN}  `, /whitespace/],
    ['a gateway ARN', 'arn:aws:bedrock-agentcore:us-west-2:123456789012:gateway/gw-AbCdEf1234', /"gateway" resource, not a runtime/],
    ['another service', 'arn:aws:lambda:us-west-2:123456789012:function:f', /"lambda" service/],
    ['a region that does not exist', 'arn:aws:bedrock-agentcore:us-weest-2:123456789012:runtime/srv-AbCdEf1234', /not an AWS region/],
    ['a region of another partition', 'arn:aws:bedrock-agentcore:cn-north-1:123456789012:runtime/srv-AbCdEf1234', /belongs to partition aws-cn/],
    ['a short account', 'arn:aws:bedrock-agentcore:us-west-2:1234:runtime/srv-AbCdEf1234', /12 digits/],
    ['a malformed id', 'arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/has spaces', /not a runtime id/],
    ['a qualifier that is not a name', ARN, /is not an endpoint name/, 'bad/qualifier'],
  ])('rejects %s with a one-line error naming the fix', (_name, input, message, qualifier?: string) => {
    const error = usageErrorOf(() => resolveTargetInput(input, { env: {}, ...(qualifier ? { qualifier } : {}) }));
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });
});

/** Pins both anchors of the runtime-endpoint pattern: only a whole `runtime/ID/runtime-endpoint/NAME` resource is one. */
describe('runtime endpoint ARNs', () => {
  it.each([
    ['a resource that only contains the endpoint path', 'arn:aws:bedrock-agentcore:us-west-2:123456789012:gateway/runtime/srv-AbCdEf1234/runtime-endpoint/prod', /^the ARN names a "gateway" resource, not a runtime;/],
    ['an endpoint path with a trailing segment', 'arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/srv-AbCdEf1234/runtime-endpoint/prod/extra', /^"srv-AbCdEf1234\/runtime-endpoint\/prod\/extra" is not a runtime id;/],
    [
      'an exact endpoint ARN',
      'arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/srv-AbCdEf1234/runtime-endpoint/prod',
      /^that is a runtime endpoint ARN; pass the runtime ARN arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime\/srv-AbCdEf1234 with --qualifier prod$/,
    ],
  ])('%s', (_name, input, message) => {
    expect(usageErrorOf(() => parseRuntimeArn(input)).message).toMatch(message);
  });
});

/** Pins the DNS suffix per partition and the fallback for a partition the table does not know. */
describe('service base URLs', () => {
  const arnIn = (partition: string, region: string): RuntimeArn => ({ arn: `arn:${partition}:bedrock-agentcore:${region}:123456789012:runtime/srv-AbCdEf1234`, partition, region, accountId: '123456789012', runtimeId: 'srv-AbCdEf1234' });
  it.each([
    ['aws', 'us-west-2', 'https://bedrock-agentcore.us-west-2.amazonaws.com', 'https://bedrock-agentcore-control.us-west-2.amazonaws.com'],
    ['aws-cn', 'cn-north-1', 'https://bedrock-agentcore.cn-north-1.amazonaws.com.cn', 'https://bedrock-agentcore-control.cn-north-1.amazonaws.com.cn'],
    ['aws-unknown', 'xx-east-1', 'https://bedrock-agentcore.xx-east-1.amazonaws.com', 'https://bedrock-agentcore-control.xx-east-1.amazonaws.com'],
  ])('%s', (partition, region, data, control) => {
    expect([dataPlaneBaseUrl(arnIn(partition, region)), controlPlaneBaseUrl(arnIn(partition, region))]).toStrictEqual([data, control]);
  });
});
