// tmcp with @tmcp/transport-http, served by @hono/node-server.
import { serve } from '@hono/node-server';
import { HttpTransport } from '@tmcp/transport-http';
import { McpServer } from 'tmcp';

const server = new McpServer({ name: 'corpus-tmcp', version: '1.0.0', description: 'corpus' }, { capabilities: { tools: { listChanged: true } } });
server.tool({ name: 'hello', description: 'Says hello' }, async () => ({ content: [{ type: 'text', text: 'hello' }] }));
const transport = new HttpTransport(server);
serve({ fetch: async (request) => (await transport.respond(request)) ?? new Response('Not Found', { status: 404 }), port: 8080 });
