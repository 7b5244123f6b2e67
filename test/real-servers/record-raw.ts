/**
 * Records what each corpus server does with raw requests, before any expectation is written:
 * `npx tsx test/real-servers/record-raw.ts [id…]`. The output is the "raw behaviour" column of
 * docs/real-servers.md and of the case table in real-servers.test.ts.
 */
import { request } from 'undici';
import { SERVERS } from './servers.js';
import { startServer } from './start-server.js';

const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
const LIST = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} });
const INITIALIZED = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });
const JSON_HEADERS = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };

async function send(url: string, method: 'POST' | 'GET' | 'DELETE', headers: Record<string, string>, body?: string, streamMs = 1_500): Promise<string> {
  try {
    const res = await request(url, { method, headers, ...(body === undefined ? {} : { body }), headersTimeout: 5_000, bodyTimeout: 5_000 });
    const type = String(res.headers['content-type'] ?? '').split(';')[0];
    const session = res.headers['mcp-session-id'] ? ' sid' : '';
    let text = '';
    if (type === 'text/event-stream') {
      const deadline = setTimeout(() => res.body.destroy(), streamMs);
      try {
        for await (const chunk of res.body) {
          text += String(chunk);
          if (text.includes('"id"')) break;
        }
      } catch {
        // Cut by the wait.
      }
      clearTimeout(deadline);
      res.body.destroy();
      return `${res.statusCode} sse${session} ${text.length}B ${JSON.stringify(text.slice(0, 60))}`;
    }
    text = await res.body.text();
    return `${res.statusCode} ${type || '-'}${session} ${JSON.stringify(text.slice(0, 90))}`;
  } catch (error) {
    return `error ${(error as Error).message}`;
  }
}

const wanted = process.argv.slice(2);
for (const server of SERVERS.filter((s) => wanted.length === 0 || wanted.includes(s.id))) {
  let started;
  try {
    started = await startServer(server.args, server.path);
  } catch (error) {
    console.log(`## ${server.id}: did not start: ${(error as Error).message}`);
    continue;
  }
  const { url } = started;
  const port = new URL(url).port;
  const initRes = await request(url, { method: 'POST', headers: JSON_HEADERS, body: INIT });
  const sid = initRes.headers['mcp-session-id'] as string | undefined;
  await initRes.body.text();
  const version = { 'mcp-protocol-version': '2025-11-25' };
  if (sid) await (await request(url, { method: 'POST', headers: { ...JSON_HEADERS, ...version, 'mcp-session-id': sid }, body: INITIALIZED })).body.text();
  const rows: Array<[string, Promise<string> | string]> = [];
  rows.push(['init', send(url, 'POST', JSON_HEADERS, INIT)]);
  rows.push(['text/plain', send(url, 'POST', { ...JSON_HEADERS, 'content-type': 'text/plain' }, INIT)]);
  rows.push(['foreign Host', send(url, 'POST', { ...JSON_HEADERS, host: `evil.example:${port}` }, INIT)]);
  rows.push(['foreign Origin', send(url, 'POST', { ...JSON_HEADERS, origin: 'https://evil.example' }, INIT)]);
  rows.push(['app Origin', send(url, 'POST', { ...JSON_HEADERS, origin: 'https://app.example' }, INIT)]);
  rows.push(['GET', send(url, 'GET', { accept: 'text/event-stream' })]);
  for (const [k, v] of rows) console.log(`## ${server.id} ${k}: ${await v}`);
  console.log(`## ${server.id} list+sid: ${sid ? await send(url, 'POST', { ...JSON_HEADERS, ...version, 'mcp-session-id': sid }, LIST) : '(no sid)'}`);
  console.log(`## ${server.id} list no sid: ${await send(url, 'POST', { ...JSON_HEADERS, ...version }, LIST)}`);
  console.log(`## ${server.id} list foreign sid: ${await send(url, 'POST', { ...JSON_HEADERS, ...version, 'mcp-session-id': 'foreign-123' }, LIST)}`);
  const withSid: Record<string, string> = sid ? { 'mcp-session-id': sid } : {};
  console.log(`## ${server.id} list bogus version: ${await send(url, 'POST', { ...JSON_HEADERS, 'mcp-protocol-version': '1999-01-01', ...withSid }, LIST)}`);
  console.log(`## ${server.id} DELETE no sid: ${await send(url, 'DELETE', { accept: 'application/json, text/event-stream' })}`);
  console.log(`## ${server.id} list+sid after DELETE: ${sid ? await send(url, 'POST', { ...JSON_HEADERS, ...version, 'mcp-session-id': sid }, LIST) : '(no sid)'}`);
  console.log(`## ${server.id} init after DELETE: ${await send(url, 'POST', JSON_HEADERS, INIT)}`);
  started.stop();
}
process.exit(0);
