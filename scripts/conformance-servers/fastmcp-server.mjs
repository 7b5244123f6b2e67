/**
 * A small stateless server built with the TypeScript `fastmcp` framework, as its README shows:
 * two tools, a static resource, a resource template and two prompts, Streamable HTTP with
 * `stateless: true`. `scripts/conformance-comparison.ts` installs fastmcp into its own folder and
 * passes it as FASTMCP_DIR; PORT is the port to listen on (127.0.0.1 only).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(`${process.env.FASTMCP_DIR}/`);
const { FastMCP } = await import(pathToFileURL(require.resolve('fastmcp')).href);
const { z } = await import(pathToFileURL(require.resolve('zod')).href);

const server = new FastMCP({ name: 'fastmcp-conformance-sample', version: '1.0.0' });
server.addTool({
  name: 'add',
  description: 'Adds two numbers',
  parameters: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => String(a + b),
});
server.addTool({
  name: 'echo',
  description: 'Returns the text',
  parameters: z.object({ text: z.string() }),
  execute: async ({ text }) => text,
});
server.addResource({ uri: 'file:///sample/readme.txt', name: 'Readme', mimeType: 'text/plain', load: async () => ({ text: 'hello' }) });
server.addResourceTemplate({
  uriTemplate: 'file:///sample/notes/{id}.txt',
  name: 'Note',
  mimeType: 'text/plain',
  arguments: [{ name: 'id', description: 'Note id', required: true }],
  load: async ({ id }) => ({ text: `note ${id}` }),
});
server.addPrompt({ name: 'hello', description: 'A greeting', load: async () => 'Say hello.' });
server.addPrompt({
  name: 'summarise',
  description: 'Summarise a text',
  arguments: [{ name: 'text', description: 'The text', required: true }],
  load: async ({ text }) => `Summarise: ${text}`,
});
await server.start({ transportType: 'httpStream', httpStream: { port: Number(process.env.PORT), host: '127.0.0.1', endpoint: '/mcp', stateless: true } });
process.stdout.write(`fastmcp sample listening on port ${process.env.PORT}\n`);
