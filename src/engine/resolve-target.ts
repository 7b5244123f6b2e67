import { isIP } from 'node:net';
import type { ResolvedTarget } from './definitions.js';
import { UsageError } from './errors.js';

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
