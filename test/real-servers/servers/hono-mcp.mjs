// @hono/mcp's StreamableHTTPTransport in a Hono app on @hono/node-server (the SDK v1 McpServer).
import { serve } from '@hono/node-server';
import { StreamableHTTPTransport } from '@hono/mcp';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Hono } from 'hono';
import { z } from 'zod';

const mcp = new McpServer({ name: 'corpus-hono-mcp', version: '1.0.0' });
mcp.registerTool('echo', { description: 'Echoes its text', inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
const transport = new StreamableHTTPTransport();
const app = new Hono();
app.all('/mcp', async (c) => {
  if (!mcp.isConnected()) await mcp.connect(transport);
  return transport.handleRequest(c);
});
serve({ fetch: app.fetch, port: 8080 });
