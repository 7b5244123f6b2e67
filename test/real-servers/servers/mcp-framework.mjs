// mcp-framework with its http-stream transport; its tools load from ./mcp-framework/tools.
import { fileURLToPath } from 'node:url';
import { MCPServer } from 'mcp-framework';

const server = new MCPServer({
  name: 'corpus-mcp-framework',
  version: '1.0.0',
  basePath: fileURLToPath(new URL('./mcp-framework', import.meta.url)),
  transport: { type: 'http-stream', options: { port: 8080, endpoint: '/mcp' } },
});
await server.start();
