import { describe, expect, it } from 'vitest';
import { hostileFixtures, type HostileFixtureName } from '../../fixtures/hostile/index.js';
import { HttpClient } from '../../src/probes/http-exchange.js';
import type { HttpExchange } from '../../src/model/observations.js';
import { Redactor } from '../../src/security/redact.js';

/**
 * One raw exchange per hostile fixture, in process: pins what the probe layer records (errors,
 * stream flags, reasons) so a regression shows here before it shows as a wrong code end to end.
 */

const INITIALIZE = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '0' } } });

async function exchangeWith(name: HostileFixtureName, timeoutMs = 10_000): Promise<HttpExchange> {
  const fixture = await hostileFixtures[name].start();
  const client = new HttpClient({ targetOrigin: fixture.origin, timeoutMs, redactor: new Redactor() });
  try {
    return await client.exchange({ label: 'POST initialize', method: 'POST', url: fixture.url, headers: { accept: 'application/json, text/event-stream', 'content-type': 'application/json' }, body: INITIALIZE });
  } finally {
    await client.close();
    await fixture.stop();
  }
}

describe.concurrent('the raw exchange against hostile fixtures', () => {
  it.each<[HostileFixtureName, Partial<HttpExchange>]>([
    ['huge-body', { outcome: 'network-error', status: 200, error: expect.objectContaining({ kind: 'too-large', code: 'RESPONSE_TOO_LARGE' }) }],
    ['sse-giant-event', { outcome: 'network-error', error: expect.objectContaining({ kind: 'too-large' }), sse: expect.objectContaining({ overflow: true }) }],
    ['thousands-of-headers', { outcome: 'network-error', error: expect.objectContaining({ kind: 'too-large', code: 'UND_ERR_HEADERS_OVERFLOW' }) }],
    ['bad-chunked', { outcome: 'network-error', status: 200, error: expect.objectContaining({ kind: 'protocol' }) }],
    ['not-http', { outcome: 'network-error', error: expect.objectContaining({ kind: 'protocol' }) }],
    ['reset-mid-body', { outcome: 'network-error', status: 200, error: expect.objectContaining({ kind: 'reset' }) }],
    ['sse-duplicate-id', { status: 200, jsonrpc: { kind: 'other', reason: 'the stream answered request id 1 twice' } }],
    ['gzip-bomb', { status: 200, jsonrpc: expect.objectContaining({ reason: expect.stringMatching(/Content-Encoding: gzip\) although the request accepted only identity/) }) }],
    ['invalid-utf8', { status: 200, jsonrpc: expect.objectContaining({ reason: expect.stringMatching(/not valid UTF-8/) }) }],
    ['sse-retry-zero', { status: 200, sse: expect.objectContaining({ retry: 0, ended: true }) }],
    ['control-chars-in-body', { status: 200, unsafeCharacters: ['ESC', 'BEL', 'C1', 'bidi'] }],
    ['control-chars-in-headers', { status: 200, unsafeCharacters: ['C1'] }],
  ])('%s', async (name, expected) => {
    const result = await exchangeWith(name);
    expect(result).toMatchObject(expected);
    expect(result.bodyExcerpt.length).toBeLessThanOrEqual(2_000);
  });

  it('an SSE data line left without its blank line is recorded as unterminated when the deadline hits', async () => {
    const result = await exchangeWith('sse-no-terminator', 2_500);
    expect(result).toMatchObject({ outcome: 'timeout', status: 200, sse: expect.objectContaining({ unterminated: true, events: 0 }) });
  });
});
