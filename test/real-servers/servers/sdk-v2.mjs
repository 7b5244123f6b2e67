// The v2 TypeScript SDK (@modelcontextprotocol/server + @modelcontextprotocol/node) as its
// documentation wires it: stateful by default, `--stateless` for a transport per request.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';

const stateless = process.argv.includes('--stateless');

function buildServer() {
  const server = new McpServer({ name: 'corpus-sdk-v2', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echoes its text', inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
  return server;
}

const sessions = new Map();
createServer(async (req, res) => {
  if (new URL(req.url, 'http://x').pathname !== '/mcp') {
    res.writeHead(404).end('Not Found');
    return;
  }
  if (stateless) {
    const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await buildServer().connect(transport);
    await transport.handleRequest(req, res);
    return;
  }
  const id = req.headers['mcp-session-id'];
  let transport = typeof id === 'string' ? sessions.get(id) : undefined;
  if (!transport) {
    transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (sid) => sessions.set(sid, transport) });
    await buildServer().connect(transport);
  }
  await transport.handleRequest(req, res);
}).listen(8080);
