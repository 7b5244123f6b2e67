import type { SourceLocation } from '../model/report.js';

/**
 * Offsets to 1-based lines and columns. Columns count UTF-16 code units, which is what JavaScript
 * strings index by and what SARIF assumes by default (`columnKind: utf16CodeUnits`).
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** The 1-based line and column of `offset`. */
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.starts[low] as number) + 1 };
  }

  /** The location of `[from, to)` in `file`; the end is inclusive, as SourceLocation says. */
  location(file: string, from: number, to: number): SourceLocation {
    const start = this.position(from);
    const end = this.position(Math.max(from, to - 1));
    return { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  /** The source text of `[from, to)`, on one line and cut to `max` characters (evidence). */
  snippet(from: number, to: number, max = 160): string {
    const text = this.text.slice(from, to).replace(/\s+/g, ' ').trim();
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  }
}

/** True for the host names that only the machine itself can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h.endsWith('.localhost');
}

/** The paths AgentCore sends MCP traffic to (the troubleshooting guide also names the slash form). */
export function isAgentCorePath(path: string): boolean {
  return path === '/mcp' || path === '/mcp/';
}

/** AgentCore's container port for the MCP protocol. */
export const AGENTCORE_PORT = 8000;
