import { describe, expect, it } from 'vitest';
import { usageErrorOf } from '../helpers/usage-error.js';
import { parseRuntimeArn } from '../../src/targets/arn.js';
import { resolveServiceEndpoints } from '../../src/targets/service-endpoints.js';

const ARN = parseRuntimeArn('arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/weather_mcp-Xq7Lm2Pa9R');
const DATA = 'https://bedrock-agentcore.us-west-2.amazonaws.com';
const CONTROL = 'https://bedrock-agentcore-control.us-west-2.amazonaws.com';


describe('resolveServiceEndpoints', () => {
  it('uses the regional hosts without overrides, and leaves Cognito to the SDK', () => {
    expect(resolveServiceEndpoints(ARN, {})).toEqual({ dataPlaneUrl: DATA, controlPlaneUrl: CONTROL });
  });

  it('uses the partition DNS suffix', () => {
    const cn = parseRuntimeArn('arn:aws-cn:bedrock-agentcore:cn-north-1:123456789012:runtime/weather_mcp-Xq7Lm2Pa9R');
    expect(resolveServiceEndpoints(cn, {})).toEqual({
      dataPlaneUrl: 'https://bedrock-agentcore.cn-north-1.amazonaws.com.cn',
      controlPlaneUrl: 'https://bedrock-agentcore-control.cn-north-1.amazonaws.com.cn',
    });
  });

  it('sends every service to AWS_ENDPOINT_URL', () => {
    expect(resolveServiceEndpoints(ARN, { AWS_ENDPOINT_URL: 'http://localhost:4566' })).toEqual({
      dataPlaneUrl: 'http://localhost:4566',
      controlPlaneUrl: 'http://localhost:4566',
      cognitoUrl: 'http://localhost:4566',
    });
  });

  it('prefers each service variable over AWS_ENDPOINT_URL', () => {
    const env = {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: 'http://127.0.0.1:2',
      AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL: 'http://127.0.0.1:3',
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://127.0.0.1:4',
    };
    expect(resolveServiceEndpoints(ARN, env)).toEqual({ dataPlaneUrl: 'http://127.0.0.1:2', controlPlaneUrl: 'http://127.0.0.1:3', cognitoUrl: 'http://127.0.0.1:4' });
  });

  it('falls back per service: only the data plane has its own variable', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: 'http://127.0.0.1:2' };
    expect(resolveServiceEndpoints(ARN, env)).toEqual({ dataPlaneUrl: 'http://127.0.0.1:2', controlPlaneUrl: 'http://127.0.0.1:1', cognitoUrl: 'http://127.0.0.1:1' });
  });

  it('lets --endpoint-url override the data plane only', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: 'http://127.0.0.1:2' };
    expect(resolveServiceEndpoints(ARN, env, 'https://vpce-0abc.bedrock-agentcore.us-west-2.vpce.amazonaws.com')).toEqual({
      dataPlaneUrl: 'https://vpce-0abc.bedrock-agentcore.us-west-2.vpce.amazonaws.com',
      controlPlaneUrl: 'http://127.0.0.1:1',
      cognitoUrl: 'http://127.0.0.1:1',
    });
    expect(resolveServiceEndpoints(ARN, {}, 'http://127.0.0.1:9').controlPlaneUrl).toBe(CONTROL);
  });

  it('trims trailing slashes and surrounding whitespace, keeping a path prefix', () => {
    const env = { AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: ' http://localhost:4566/// ', AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL: 'https://proxy.example.com/agentcore-control/' };
    expect(resolveServiceEndpoints(ARN, env, undefined)).toEqual({ dataPlaneUrl: 'http://localhost:4566', controlPlaneUrl: 'https://proxy.example.com/agentcore-control' });
    expect(resolveServiceEndpoints(ARN, {}, 'http://127.0.0.1:9/').dataPlaneUrl).toBe('http://127.0.0.1:9');
  });

  it('ignores empty and blank variables', () => {
    expect(resolveServiceEndpoints(ARN, { AWS_ENDPOINT_URL_BEDROCK_AGENTCORE: '', AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL: '   ', AWS_ENDPOINT_URL: 'http://127.0.0.1:1' })).toEqual({
      dataPlaneUrl: 'http://127.0.0.1:1',
      controlPlaneUrl: 'http://127.0.0.1:1',
      cognitoUrl: 'http://127.0.0.1:1',
    });
  });

  it.each([
    ['AWS_ENDPOINT_URL_BEDROCK_AGENTCORE', 'localhost:4566'],
    ['AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL', 'not a url'],
    ['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', 'ftp://cognito.example.com'],
    ['AWS_ENDPOINT_URL', 'file:///etc/hosts'],
  ])('rejects %s=%j with a UsageError naming the variable', (name, value) => {
    const error = usageErrorOf(() => resolveServiceEndpoints(ARN, { [name]: value }));
    expect(error.message).toBe(`${name} must be an http(s) URL`);
  });

  it('rejects a non-URL --endpoint-url, naming the flag', () => {
    expect(usageErrorOf(() => resolveServiceEndpoints(ARN, {}, 'bedrock-agentcore.us-west-2.amazonaws.com')).message).toBe('--endpoint-url must be an http(s) URL');
  });
});
