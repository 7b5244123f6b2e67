// The v1 TypeScript SDK's own DNS-rebinding protection, as its transport options document it:
// stateless, a transport per request, Host and Origin allow-lists. The allowed Origin is
// https://app.example (the corpus runs `--origin` with it and with one that is not allowed).
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const http = createServer(async (req, res) => {
  if (new URL(req.url, 'http://x').pathname !== '/mcp') {
    res.writeHead(404).end('Not Found');
    return;
  }
  const { port } = http.address();
  const server = new McpServer({ name: 'corpus-sdk-v1-allowlist', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echoes its text', inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableDnsRebindingProtection: true,
    allowedHosts: [`127.0.0.1:${port}`, `localhost:${port}`],
    allowedOrigins: ['https://app.example'],
  });
  res.on('close', () => void transport.close());
  await server.connect(transport);
  await transport.handleRequest(req, res);
});
http.listen(8080);
