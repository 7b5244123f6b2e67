import { listenLocal } from './src/sim/listen.ts';
import { readBody } from './src/sim/containers/http.ts';
const text = '\n::error file=x::owned';
const server = await listenLocal(async (req: any, res: any) => {
  if (req.method !== 'POST') { res.writeHead(405).end(); return; }
  const request = JSON.parse((await readBody(req)).toString('utf8'));
  if (request.id === undefined) { res.writeHead(202).end(); return; }
  const result = request.method === 'initialize' ? { protocolVersion: text, capabilities: { tools: {} }, serverInfo: { name: text, version: text } } : request.method === 'tools/list' ? { tools: [{ name: text, description: text, inputSchema: { type: 'object' } }] } : {};
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: request.id, result }));
});
console.log(server.origin);
setInterval(() => {}, 1000);
