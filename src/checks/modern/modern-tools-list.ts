import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { detailOf, evidenceOf } from '../evidence.js';

/**
 * tools/list as a modern request: it works, and every tool definition is one a conforming client
 * keeps, including its SEP-2243 `x-mcp-header` declarations (protocol-2026-07-28 §1).
 */

/** RFC 9110 §5.6.2 `token`: what an `x-mcp-header` value must be to become `Mcp-Param-<value>`. */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_TYPES = new Set(['string', 'integer', 'boolean']);
/** Keywords whose subschemas are not reached through `properties` alone. */
const UNREACHABLE = ['items', 'prefixItems', 'contains', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'propertyNames', 'patternProperties', 'dependentSchemas', 'oneOf', 'anyOf', 'allOf', 'not', 'if', 'then', 'else', '$defs', 'definitions'];
const MAX_REPORTED = 5;

/** Why a tool definition is invalid, or undefined when it is valid. */
export function toolProblem(tool: unknown): string | undefined {
  if (tool === null || typeof tool !== 'object' || Array.isArray(tool)) return 'an entry that is not an object';
  const { name, inputSchema } = tool as { name?: unknown; inputSchema?: unknown };
  if (typeof name !== 'string' || name === '') return 'a tool without a name';
  if (inputSchema === null || typeof inputSchema !== 'object' || (inputSchema as { type?: unknown }).type !== 'object') return `tool \`${name}\`: inputSchema is not a JSON Schema of type "object"`;
  const problem = headerDeclarationProblem(inputSchema);
  return problem === undefined ? undefined : `tool \`${name}\`: ${problem}`;
}

/** The first invalid `x-mcp-header` declaration in a schema, walking every subschema. */
export function headerDeclarationProblem(schema: unknown): string | undefined {
  const seen = new Map<string, string>();
  const walk = (node: unknown, path: string[], reachable: boolean): string | undefined => {
    if (node === null || typeof node !== 'object') return undefined;
    const record = node as Record<string, unknown>;
    const where = path.length === 0 ? 'the schema root' : `property ${path.join('.')}`;
    if ('x-mcp-header' in record) {
      const value = record['x-mcp-header'];
      if (!reachable || path.length === 0) return `x-mcp-header on ${where}, which is not reached through properties alone`;
      if (typeof value !== 'string' || !HTTP_TOKEN.test(value)) return `x-mcp-header on ${where} is not a non-empty HTTP token`;
      if (typeof record.type !== 'string' || !HEADER_TYPES.has(record.type)) return `x-mcp-header on ${where}, whose type is ${typeof record.type === 'string' ? record.type : 'not set'} (string, integer or boolean only)`;
      const other = seen.get(value.toLowerCase());
      if (other !== undefined) return `x-mcp-header "${value}" on ${where} repeats "${other}" (names are case-insensitive)`;
      seen.set(value.toLowerCase(), value);
    }
    const properties = record.properties;
    if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
      for (const [key, child] of Object.entries(properties)) {
        const problem = walk(child, [...path, key], reachable);
        if (problem) return problem;
      }
    }
    for (const keyword of UNREACHABLE) {
      const sub = record[keyword];
      if (sub === undefined) continue;
      const branches = Array.isArray(sub) ? sub : keyword === '$defs' || keyword === 'definitions' || keyword === 'patternProperties' || keyword === 'dependentSchemas' ? Object.values(sub as object) : [sub];
      for (const branch of branches) {
        const problem = walk(branch, [...path, `<${keyword}>`], false);
        if (problem) return problem;
      }
    }
    return undefined;
  };
  return walk(schema, [], true);
}

export const modernToolsList = defineCheck({
  id: 'modern-tools-list',
  title: 'tools/list as a modern request returns valid tool definitions',
  area: 'mcp',
  needs: ['modern-tools-list'],
  codes: ['TOOLS_LIST_FAILED', 'TOOL_DEFINITION_INVALID'],
  run({ 'modern-tools-list': observed }): FindingSpec[] {
    const { exchange } = observed;
    if (exchange.jsonrpc?.kind !== 'result') {
      const detail = detailOf(exchange) ?? exchange.error?.message ?? `HTTP ${exchange.status ?? '?'}`;
      return [{ code: 'TOOLS_LIST_FAILED', args: { detail: `${exchange.label}: ${detail}` }, evidence: evidenceOf(exchange) }];
    }
    if (observed.cursorLoop) return [{ code: 'TOOLS_LIST_FAILED', args: { detail: `pagination repeated a cursor after ${observed.pages} pages` }, evidence: { detail: 'nextCursor loop' } }];
    const problems: string[] = [];
    const names = new Set<string>();
    for (const tool of observed.tools) {
      const name = (tool as { name?: unknown } | null)?.name;
      const problem = toolProblem(tool) ?? (typeof name === 'string' && names.has(name) ? `tool name \`${name}\` appears twice` : undefined);
      if (typeof name === 'string') names.add(name);
      if (problem) problems.push(problem);
    }
    if (problems.length === 0) return [];
    // One finding per code survives the report, so it names the first few problems.
    const shown = problems.slice(0, MAX_REPORTED).join('; ');
    const detail = problems.length > MAX_REPORTED ? `${shown}; and ${problems.length - MAX_REPORTED} more` : shown;
    return [{ code: 'TOOL_DEFINITION_INVALID', args: { detail }, evidence: { ...evidenceOf(exchange), detail } }];
  },
});
