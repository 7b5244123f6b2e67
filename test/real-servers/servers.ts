import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const sdkExample = (name: string): string => require.resolve(`@modelcontextprotocol/sdk/examples/server/${name}.js`);
const local = (name: string): string => fileURLToPath(new URL(`./servers/${name}`, import.meta.url));
const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');
const supergateway = require.resolve('supergateway/dist/index.js');

/** How to start one corpus server: `node <args>`, and the path of its MCP endpoint. */
export interface ServerLaunch {
  id: string;
  /** The npm package (at the exact devDependency version) and the mode. */
  package: string;
  args: string[];
  path: string;
}

/** Every server of the corpus. Nobody here wrote them; the scripts in servers/ only wire a framework up as its documentation does. */
export const SERVERS: readonly ServerLaunch[] = [
  { id: 'sdk-v1-stateful', package: '@modelcontextprotocol/sdk simpleStreamableHttp', args: [sdkExample('simpleStreamableHttp')], path: '/mcp' },
  { id: 'sdk-v1-stateless', package: '@modelcontextprotocol/sdk simpleStatelessStreamableHttp', args: [sdkExample('simpleStatelessStreamableHttp')], path: '/mcp' },
  { id: 'sdk-v1-json', package: '@modelcontextprotocol/sdk jsonResponseStreamableHttp', args: [sdkExample('jsonResponseStreamableHttp')], path: '/mcp' },
  { id: 'sdk-v1-standalone-sse', package: '@modelcontextprotocol/sdk standaloneSseWithGetStreamableHttp', args: [sdkExample('standaloneSseWithGetStreamableHttp')], path: '/mcp' },
  { id: 'sdk-v1-compat', package: '@modelcontextprotocol/sdk sseAndStreamableHttpCompatibleServer', args: [sdkExample('sseAndStreamableHttpCompatibleServer')], path: '/mcp' },
  { id: 'sdk-v1-hono', package: '@modelcontextprotocol/sdk honoWebStandardStreamableHttp', args: [sdkExample('honoWebStandardStreamableHttp')], path: '/mcp' },
  { id: 'sdk-v1-polling', package: '@modelcontextprotocol/sdk ssePollingExample', args: [sdkExample('ssePollingExample')], path: '/mcp' },
  { id: 'sdk-v1-allowlist', package: '@modelcontextprotocol/sdk StreamableHTTPServerTransport (allowedHosts, allowedOrigins)', args: [local('sdk-v1-allowlist.mjs')], path: '/mcp' },
  { id: 'sdk-v2-stateful', package: '@modelcontextprotocol/server + @modelcontextprotocol/node', args: [local('sdk-v2.mjs')], path: '/mcp' },
  { id: 'sdk-v2-stateless', package: '@modelcontextprotocol/server + @modelcontextprotocol/node', args: [local('sdk-v2.mjs'), '--stateless'], path: '/mcp' },
  { id: 'everything', package: '@modelcontextprotocol/server-everything streamableHttp', args: [everything, 'streamableHttp'], path: '/mcp' },
  { id: 'fastmcp-stateful', package: 'fastmcp httpStream', args: [local('fastmcp.mjs')], path: '/mcp' },
  { id: 'fastmcp-stateless', package: 'fastmcp httpStream stateless', args: [local('fastmcp.mjs'), '--stateless'], path: '/mcp' },
  { id: 'mcp-framework', package: 'mcp-framework http-stream', args: [local('mcp-framework.mjs')], path: '/mcp' },
  { id: 'hono-mcp', package: '@hono/mcp StreamableHTTPTransport', args: [local('hono-mcp.mjs')], path: '/mcp' },
  { id: 'mcp-handler', package: 'mcp-handler', args: [local('mcp-handler.mjs')], path: '/mcp' },
  { id: 'tmcp', package: 'tmcp + @tmcp/transport-http', args: [local('tmcp.mjs')], path: '/mcp' },
  {
    id: 'supergateway-stateless',
    package: 'supergateway (server-everything over stdio)',
    args: [supergateway, '--stdio', `${process.execPath} ${everything} stdio`, '--outputTransport', 'streamableHttp', '--port', '8000'],
    path: '/mcp',
  },
  {
    id: 'supergateway-stateful',
    package: 'supergateway --stateful (server-everything over stdio)',
    args: [supergateway, '--stdio', `${process.execPath} ${everything} stdio`, '--outputTransport', 'streamableHttp', '--port', '8000', '--stateful'],
    path: '/mcp',
  },
];
