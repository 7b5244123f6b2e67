import { describe, expect, it } from 'vitest';
import { META, readDiscover, readEra } from '../../src/model/modern-protocol.js';
import { encodeHeaderValue, modernRequest } from '../../src/probes/modern-requests.js';
import { RequestPacer } from '../../src/probes/request-pacer.js';
import { captureConsole } from '../../src/probes/sdk-console.js';
import { exchange, initOk, jsonRpcErrorJson } from '../helpers/check-tester.js';
import { discoverOk, discoverRefusedByLegacy, initRefusedModernOnly, wrapped } from '../checks/modern/modern-fixtures.js';

describe('modernRequest', () => {
  it('builds the headers and envelope of protocol-2026-07-28 §1', () => {
    const { headers, body } = modernRequest('server/discover');
    expect(headers).toMatchObject({ 'content-type': 'application/json', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'server/discover' });
    expect(headers).not.toHaveProperty('mcp-name');
    const parsed = JSON.parse(body) as { method: string; params: { _meta: Record<string, unknown> } };
    expect(parsed.method).toBe('server/discover');
    expect(parsed.params._meta).toEqual({ [META.protocolVersion]: '2026-07-28', [META.clientCapabilities]: {}, [META.clientInfo]: { name: 'mcp-doctor', version: expect.any(String) } });
  });

  it('adds Mcp-Name for named methods and breaks exactly one rule on request', () => {
    expect(modernRequest('tools/call', { params: { name: 'echo' } }).headers['mcp-name']).toBe('echo');
    expect(modernRequest('resources/read', { params: { uri: 'file:///a' } }).headers['mcp-name']).toBe('file:///a');
    expect(modernRequest('tools/call', { params: { name: 'é' } }).headers['mcp-name']).toBe(`=?base64?${Buffer.from('é').toString('base64')}?=`);
    const { headers, body } = modernRequest('tools/list', { omitMeta: ['clientCapabilities'], headers: { 'mcp-method': undefined }, version: '2099-01-01' });
    expect(headers).not.toHaveProperty('mcp-method');
    expect(headers['mcp-protocol-version']).toBe('2099-01-01');
    expect(JSON.parse(body).params._meta).not.toHaveProperty(META.clientCapabilities);
    expect(encodeHeaderValue(' padded')).toMatch(/^=\?base64\?/);
  });
});

describe('readEra', () => {
  it.each([
    ['dual', initOk(), discoverOk(), ['2025-11-25', '2026-07-28']],
    ['legacy-only', initOk(), discoverRefusedByLegacy(), ['2025-11-25']],
    ['modern-only', initRefusedModernOnly(), discoverOk(), ['2026-07-28']],
    ['modern-only', initRefusedModernOnly(), discoverRefusedByLegacy(), []],
    ['modern-only', wrapped('POST initialize', 400), discoverOk(), ['2026-07-28']],
    ['unknown', wrapped('POST initialize', 400), wrapped('POST server/discover', 400), []],
    ['unknown', exchange({ status: 406, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32000, 'Not Acceptable') }), discoverOk(), ['2026-07-28']],
  ] as const)('%s', (era, init, discover, versions) => {
    const reading = readEra(init, discover);
    expect(reading.era).toBe(era);
    expect(reading.versions).toEqual(versions);
  });

  it('reads a discover result leniently and lists what is missing', () => {
    expect(readDiscover(discoverOk()).missing).toEqual([]);
    expect(readDiscover(discoverOk({ capabilities: [] })).missing).toEqual(['capabilities']);
    expect(readDiscover(wrapped('x', 400)).served).toBe(false);
    expect(readDiscover(undefined).served).toBe(false);
  });
});

describe('RequestPacer', () => {
  it('admits up to the limit without waiting, and a cancelled wait rejects', async () => {
    const pacer = new RequestPacer(1_000);
    await pacer.admit();
    await pacer.admit();
    const slow = new RequestPacer(1);
    await slow.admit();
    const controller = new AbortController();
    const waiting = slow.admit(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });
});

describe('captureConsole', () => {
  it('collects warnings while any capture is open and restores the console after the last', () => {
    const warn = console.warn;
    const a: string[] = [];
    const b: string[] = [];
    const releaseA = captureConsole((line) => a.push(line));
    const releaseB = captureConsole((line) => b.push(line));
    console.warn('one', 2);
    releaseA();
    console.error(new Error('two'));
    expect(console.warn).not.toBe(warn);
    releaseB();
    expect(console.warn).toBe(warn);
    expect(a).toEqual(['one 2']);
    expect(b).toEqual(['one 2', 'two']);
  });
});

describe('readDiscover bounds', () => {
  it('keeps at most 20 versions of at most 64 characters', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => `${'v'.repeat(100)}${i}`);
    const reading = readDiscover(discoverOk({ supportedVersions: many }));
    expect(reading.supportedVersions).toHaveLength(20);
    expect(reading.supportedVersions?.every((v) => v.length === 64)).toBe(true);
  });
});

describe('listenFilter', () => {
  it('asks for every list the server says can change, and nothing else', async () => {
    const { listenFilter } = await import('../../src/probes/modern-probes.js');
    expect(listenFilter({ tools: { listChanged: true }, resources: { listChanged: false }, prompts: { listChanged: true }, logging: {} })).toEqual({ toolsListChanged: true, promptsListChanged: true });
    expect(listenFilter({ tools: {} })).toEqual({});
    expect(listenFilter(undefined)).toEqual({});
  });
});
