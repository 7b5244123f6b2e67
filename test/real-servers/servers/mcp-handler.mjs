// Vercel's mcp-handler (on the v2 SDK), mounted at /mcp of a Hono app on @hono/node-server.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createMcpHandler } from 'mcp-handler';
import { z } from 'zod';

const handler = createMcpHandler((server) => {
  server.registerTool('echo', { description: 'Echoes its text', inputSchema: z.object({ text: z.string() }) }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
}, { serverInfo: { name: 'corpus-mcp-handler', version: '1.0.0' } });
const app = new Hono();
app.all('/mcp', (c) => handler(c.req.raw));
serve({ fetch: app.fetch, port: 8080 });
