import {
  CallToolResultSchema,
  CompleteResultSchema,
  EmptyResultSchema,
  GetPromptResultSchema,
  InitializeResultSchema,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ListToolsResultSchema,
  ReadResourceResultSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';

/**
 * The protocol schema a result must match, per method and negotiated version.
 *
 * 2025 era: the result schemas the official TypeScript SDK publishes (zod, generated from and
 * tested against the specification's `schema.ts`) for 2025-11-25. Each revision from 2024-11-05
 * on only added optional fields to these results (titles, icons, `structuredContent`,
 * `outputSchema`), so the newest schema accepts every conforming older result and is used for
 * each version the SDK knows. What a revision removed (JSON-RPC batching in 2025-06-18) is a
 * requirement of its own, not a schema difference.
 *
 * 2026-07-28: the same result shapes plus the envelope every modern result carries
 * (`resultType`, `_meta["io.modelcontextprotocol/serverInfo"]`; `ttlMs` and `cacheScope` on
 * list results and `server/discover`), written from the revision's wire facts because no
 * published schema package covers it yet.
 */

/** Protocol versions whose 2025-era result schemas this module knows. */
export const LEGACY_VERSIONS: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS;

const LEGACY_RESULTS: Record<string, z.ZodType> = {
  initialize: InitializeResultSchema,
  ping: EmptyResultSchema,
  'tools/list': ListToolsResultSchema,
  'tools/call': CallToolResultSchema,
  'resources/list': ListResourcesResultSchema,
  'resources/templates/list': ListResourceTemplatesResultSchema,
  'resources/read': ReadResourceResultSchema,
  'prompts/list': ListPromptsResultSchema,
  'prompts/get': GetPromptResultSchema,
  'completion/complete': CompleteResultSchema,
  'logging/setLevel': EmptyResultSchema,
};

const LIST_METHODS = new Set(['tools/list', 'resources/list', 'resources/templates/list', 'prompts/list']);

const serverInfoSchema = z.looseObject({ name: z.string(), version: z.string() });

const modernEnvelope = z.looseObject({
  resultType: z.string(),
  _meta: z.looseObject({ 'io.modelcontextprotocol/serverInfo': serverInfoSchema }),
});

const cacheFields = z.looseObject({ ttlMs: z.number().int().nonnegative(), cacheScope: z.string() });

/** The `server/discover` result of 2026-07-28. */
const discoverSchema = z.looseObject({
  supportedVersions: z.array(z.string()).min(1),
  capabilities: z.looseObject({}),
});

/** Results of 2026-07-28 drop the methods that revision removed. */
const MODERN_REMOVED = new Set(['initialize', 'ping', 'logging/setLevel']);

/** True when a schema is known for `method` in the era of `version`. */
export function hasResultSchema(method: string, version: string): boolean {
  if (version === '2026-07-28') return method === 'server/discover' || (method in LEGACY_RESULTS && !MODERN_REMOVED.has(method));
  return method in LEGACY_RESULTS;
}

/**
 * Where `result` breaks the schema of `method` at `version`: at most `limit` one-line issues,
 * each naming the JSON path; an empty list when it conforms.
 */
export function validateResult(method: string, version: string, result: unknown, limit = 5): string[] {
  const schemas: z.ZodType[] = [];
  if (version === '2026-07-28') {
    if (method === 'server/discover') schemas.push(discoverSchema, modernEnvelope, cacheFields);
    else {
      const base = LEGACY_RESULTS[method];
      // The modern envelope's _meta is checked by its own schema; the 2025 EmptyResult forbids other keys.
      if (base) schemas.push(base === EmptyResultSchema ? z.looseObject({}) : base);
      schemas.push(modernEnvelope);
      if (LIST_METHODS.has(method)) schemas.push(cacheFields);
    }
  } else {
    const base = LEGACY_RESULTS[method];
    if (base) schemas.push(base);
  }
  const issues: string[] = [];
  for (const schema of schemas) {
    const parsed = schema.safeParse(result);
    if (parsed.success) continue;
    for (const issue of parsed.error.issues) {
      const path = issue.path.length ? issue.path.map(String).join('.') : '(result)';
      const line = `${path}: ${issue.message}`;
      if (!issues.includes(line)) issues.push(line);
    }
  }
  return issues.slice(0, limit).map((line) => (line.length > 200 ? `${line.slice(0, 197)}...` : line));
}
