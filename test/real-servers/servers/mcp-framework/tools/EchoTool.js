// The one tool of the mcp-framework corpus server (the framework loads tools from this folder).
import { MCPTool } from 'mcp-framework';
import { z } from 'zod';

export default class EchoTool extends MCPTool {
  name = 'echo';
  description = 'Echoes its text';
  schema = z.object({ text: z.string().describe('Text to echo') });

  async execute(input) {
    return input.text;
  }
}
