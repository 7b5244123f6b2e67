import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { createRequire } from 'node:module';

/**
 * Tool `inputSchema` and `outputSchema` compiled as real JSON Schema. MCP 2025-11-25 says a schema
 * without `$schema` is JSON Schema 2020-12; one that names another dialect is compiled as that
 * dialect (draft-07 and draft-06 by Ajv's draft-07 engine, 2019-09 by its own). Unknown keywords
 * are annotations in every dialect, so Ajv runs with `strict: false`; what fails is a schema its
 * own meta-schema rejects or that cannot compile (an unresolvable `$ref`, a bad `pattern`).
 */

/** The outcome of compiling one schema. */
export type CompiledSchema =
  | { ok: true; dialect: Dialect; validate: ValidateFunction }
  | { ok: false; dialect: Dialect; error: string }
  | { ok: 'unsupported'; dialect: string };

/** A JSON Schema dialect the doctor can compile. */
export type Dialect = '2020-12' | '2019-09' | 'draft-07' | 'draft-06';

const DIALECTS: Array<[RegExp, Dialect]> = [
  [/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/, '2020-12'],
  [/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/, '2019-09'],
  [/^https?:\/\/json-schema\.org\/draft-07\/schema#?$/, 'draft-07'],
  [/^https?:\/\/json-schema\.org\/draft-06\/schema#?$/, 'draft-06'],
];

type AjvLike = Ajv | Ajv2019 | Ajv2020;
const addFormats = addFormatsModule as unknown as (ajv: AjvLike) => AjvLike;

/** The dialect a schema declares through `$schema`; 2020-12 when it declares none. */
export function detectDialect(schema: unknown): Dialect | string {
  const declared = schema && typeof schema === 'object' ? (schema as { $schema?: unknown }).$schema : undefined;
  if (declared === undefined) return '2020-12';
  if (typeof declared !== 'string') return String(declared);
  return DIALECTS.find(([pattern]) => pattern.test(declared))?.[1] ?? declared;
}

function createAjv(dialect: Dialect): AjvLike {
  const options = { strict: false, allErrors: true, validateSchema: true, addUsedSchema: false } as const;
  if (dialect === '2020-12') return addFormats(new Ajv2020(options));
  if (dialect === '2019-09') return addFormats(new Ajv2019(options));
  const ajv = new Ajv(options);
  if (dialect === 'draft-06') ajv.addMetaSchema(createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json') as Record<string, unknown>);
  return addFormats(ajv);
}

/** Compiles `schema` in the dialect it declares; never throws. */
export function compileToolSchema(schema: unknown): CompiledSchema {
  const dialect = detectDialect(schema);
  if (!DIALECTS.some(([, d]) => d === dialect)) return { ok: 'unsupported', dialect };
  const known = dialect as Dialect;
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return { ok: false, dialect: known, error: 'the schema is not a JSON object' };
  try {
    // A fresh engine per schema: two tools may reuse one `$id`.
    const validate = createAjv(known).compile(schema as Record<string, unknown>);
    return { ok: true, dialect: known, validate };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, dialect: known, error: message.length > 300 ? `${message.slice(0, 297)}...` : message };
  }
}

/** Ajv's errors as one line each, e.g. `/count: must be integer`. */
export function describeValidationErrors(validate: ValidateFunction, limit = 3): string[] {
  return (validate.errors ?? []).slice(0, limit).map((e) => `${e.instancePath || '(root)'}: ${e.message ?? 'invalid'}`);
}
