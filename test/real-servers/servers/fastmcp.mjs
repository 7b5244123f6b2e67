// fastmcp (TypeScript) with its httpStream transport; `--stateless` for its stateless mode.
import { FastMCP } from 'fastmcp';
import { z } from 'zod';

const server = new FastMCP({ name: 'corpus-fastmcp', version: '1.0.0' });
server.addTool({ name: 'echo', description: 'Echoes its text', parameters: z.object({ text: z.string() }), execute: async ({ text }) => text });
await server.start({ transportType: 'httpStream', httpStream: { port: 8080, endpoint: '/mcp', stateless: process.argv.includes('--stateless') } });
