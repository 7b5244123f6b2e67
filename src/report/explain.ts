import { catalog, type CatalogEntry } from '../catalog/catalog.js';
import type { FindingCode } from '../catalog/codes.js';
import type { ExplainResult } from '../catalog/explain-query.js';
import { renderAdvice } from '../catalog/stacks.js';

/**
 * Renders catalog entries: the Markdown page of a code (the source of `docs/codes/<CODE>.md`) and
 * the answers of `mcp-doctor explain`.
 */

/** The Markdown page for one code, with the fixed headings the registry test enforces. */
export function renderCodeMarkdown(code: FindingCode): string {
  const entry: CatalogEntry = catalog[code];
  const severity = entry.severityByProfile
    ? `${entry.severity} (${Object.entries(entry.severityByProfile).map(([p, s]) => `${s} under the \`${p}\` profile`).join(', ')})`
    : entry.severity;
  const lines = [
    `# ${code}: ${entry.title}`,
    '',
    `Default severity: **${severity}**.${entry.statuses.length ? ` HTTP statuses: ${entry.statuses.join(', ')}.` : ''}`,
    '',
    '## What it means',
    '',
    entry.explanation,
    '',
    '## Common causes',
    '',
    ...entry.causes.map((c) => `- ${renderAdvice(c)}`),
    '',
    '## How to fix',
    '',
    ...entry.remediation.map((r) => `- ${renderAdvice(r)}`),
    '',
  ];
  if (entry.spec) lines.push('## Specification', '', `[${entry.spec.id}](${entry.spec.url})`, '');
  lines.push('---', '', `Generated from the catalog (\`src/catalog/catalog.ts\`). Offline: \`mcp-doctor explain ${code}\`.`, '');
  return lines.join('\n');
}

/** Plain-text answer for `mcp-doctor explain <query>`. */
export function renderExplain(result: ExplainResult): string {
  switch (result.kind) {
    case 'code':
      return renderCodeMarkdown(result.code);
    case 'status':
      return result.codes.length === 0
        ? `No known root cause produces HTTP ${result.status}.\n`
        : `HTTP ${result.status} can come from:\n\n${listCodes(result.codes)}\nRun \`mcp-doctor explain <CODE>\` for causes and fixes.\n`;
    case 'text': {
      const head =
        result.wrappedStatus !== undefined
          ? `AgentCore wrapped a container response: your MCP server answered HTTP ${result.wrappedStatus}, and AgentCore returned it as HTTP 200 with JSON-RPC -32010 ("Received error (${result.wrappedStatus}) from runtime").\n\n`
          : '';
      if (result.codes.length === 0) return `${head}No known root cause matches that text.\n`;
      const [first, ...rest] = result.codes;
      const best = renderCodeMarkdown(first as FindingCode);
      const others = rest.length ? `\nAlso possible:\n\n${listCodes(rest)}` : '';
      return `${head}Most likely: ${first}\n\n${best}${others}`;
    }
    case 'message':
      return `${result.benign ? 'Not a fault: ' : ''}${result.explanation}\n${result.related.length ? `\nSee also:\n\n${listCodes(result.related)}` : ''}`;
    case 'unknown':
      return result.suggestions.length
        ? `Unknown code. Did you mean: ${result.suggestions.join(', ')}?\n`
        : 'No code matches that. Try a code (`mcp-doctor explain --list`), an HTTP status (`mcp-doctor explain 403`) or the exact error text in quotes.\n';
  }
}

/** One line per code: `  CODE  title`. */
export function listCodes(codes: readonly FindingCode[]): string {
  const width = Math.max(...codes.map((c) => c.length));
  return `${codes.map((code) => `  ${code.padEnd(width)}  ${catalog[code].title}`).join('\n')}\n`;
}
