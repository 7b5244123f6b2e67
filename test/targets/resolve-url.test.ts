import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { isLoopbackHost, resolveTarget } from '../../src/targets/resolve.js';

function usageErrorOf(input: string): UsageError {
  try {
    resolveTarget(input);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`resolveTarget(${JSON.stringify(input)}) did not throw`);
}

describe('resolveTarget', () => {
  it('resolves a loopback URL', () => {
    expect(resolveTarget('http://127.0.0.1:8000/mcp')).toEqual({
      input: 'http://127.0.0.1:8000/mcp',
      url: 'http://127.0.0.1:8000/mcp',
      origin: 'http://127.0.0.1:8000',
      kind: 'url',
      isLoopback: true,
    });
  });

  it.each([
    ['https://mcp.example.com/mcp', 'https://mcp.example.com/mcp', 'https://mcp.example.com:443'],
    ['http://mcp.example.com/mcp/', 'http://mcp.example.com/mcp/', 'http://mcp.example.com:80'],
    ['https://MCP.Example.COM:8443/mcp', 'https://mcp.example.com:8443/mcp', 'https://mcp.example.com:8443'],
    ['https://mcp.example.com/mcp#section', 'https://mcp.example.com/mcp', 'https://mcp.example.com:443'],
    ['https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fweather-Ab12Cd34Ef/invocations?qualifier=DEFAULT', 'https://bedrock-agentcore.us-east-1.amazonaws.com/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aus-east-1%3A123456789012%3Aruntime%2Fweather-Ab12Cd34Ef/invocations?qualifier=DEFAULT', 'https://bedrock-agentcore.us-east-1.amazonaws.com:443'],
  ])('%s → url %s, origin %s', (input, url, origin) => {
    const target = resolveTarget(input);
    expect(target.url).toBe(url);
    expect(target.origin).toBe(origin);
    expect(target.input).toBe(input);
    expect(target.isLoopback).toBe(false);
  });

  it.each([
    ['http://localhost:3001/mcp', true],
    ['http://api.localhost/mcp', true],
    ['http://127.0.0.1/mcp', true],
    ['http://127.12.34.56:9000/mcp', true],
    ['http://127.1/mcp', true],
    ['http://[::1]:8000/mcp', true],
    ['http://[0:0:0:0:0:0:0:1]/mcp', true],
    ['http://128.0.0.1/mcp', false],
    ['http://10.0.0.5:8000/mcp', false],
    ['http://0.0.0.0:8000/mcp', false],
    ['http://[::2]/mcp', false],
    ['http://127.0.0.1.nip.io/mcp', false],
    ['http://localhost.example.com/mcp', false],
  ])('%s is loopback: %s', (input, loopback) => {
    expect(resolveTarget(input).isLoopback).toBe(loopback);
  });

  it.each([
    ['leading whitespace', ' http://127.0.0.1:8000/mcp', /whitespace/],
    ['a pasted trailing newline', 'http://127.0.0.1:8000/mcp\n', /whitespace/],
    ['an empty string', '', /no target given/],
    ['a bare word', 'my-server', /is not a URL/],
    ['a host without scheme', '127.0.0.1:8000/mcp', /scheme|not a URL/],
    ['a path only', '/mcp', /is not a URL/],
    ['ftp://', 'ftp://files.example.com/mcp', /unsupported scheme "ftp:"/],
    ['ws://', 'ws://127.0.0.1:8000/mcp', /unsupported scheme "ws:"/],
    ['user:password@', 'https://alice:hunter22@mcp.example.com/mcp', /contains credentials/],
    ['user@ only', 'https://alice@mcp.example.com/mcp', /contains credentials/],
    ['an inner newline and control characters', 'http://exa mple\u001b[31m.com/\nmcp', /contains control characters/],
  ])('rejects %s with a one-line UsageError', (_name, input, pattern) => {
    const error = usageErrorOf(input);
    expect(error.message).toMatch(pattern);
    expect(error.message).not.toMatch(/[\n\r\u001b]/);
    expect(error.code).toBe('MCP_DOCTOR_USAGE');
    expect(error.name).toBe('UsageError');
  });

  it('never echoes the password of a URL with credentials', () => {
    expect(usageErrorOf('https://alice:hunter22@mcp.example.com/mcp').message).not.toContain('hunter22');
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['[::1]', true],
    ['::1', true],
    ['example.com', false],
    ['126.0.0.1', false],
    ['::', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
