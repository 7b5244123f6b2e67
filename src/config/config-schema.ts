import * as z from 'zod';
import { UsageError } from '../model/errors.js';
import type { DoctorConfig } from './load-config.js';

/**
 * The zod schema of the config file (see `DoctorConfig` in load-config.ts) and the one-line
 * messages of a failed validation, which the baseline file shares.
 */


// The same grammar and bounds as `parseDuration` in src/cli/inputs.ts, so a config value that
// passes here never fails later without the file's name.
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/;
const MAX_DURATION_MS = 3_600_000;
const DURATION_ERROR = 'must be a duration such as "10s", "500ms" or "2m", from 1 ms to 1 hour';

// RFC 9110 token, as `parseHeaders` accepts.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// AgentCore endpoint names, as src/targets/resolve.ts accepts.
const QUALIFIER = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;

function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  return match[2] === 'ms' ? amount : match[2] === 'm' ? amount * 60_000 : amount * 1000;
}

const duration = z
  .string({ error: DURATION_ERROR })
  .refine((text) => {
    const ms = durationMs(text);
    return ms !== undefined && ms > 0 && ms <= MAX_DURATION_MS;
  }, { error: DURATION_ERROR });

const outputPath = z.string({ error: 'must be a file path' }).min(1, { error: 'must be a file path' });

const checkIds = z
  .array(z.string({ error: 'must be a check id' }).min(1, { error: 'must be a check id' }), { error: 'must be a list of check ids (see `mcp-doctor explain --checks`)' });

/** The config file schema; `z.toJSONSchema` of it is what editors validate against. */
export const doctorConfigSchema = z.strictObject(
  {
    $schema: z.string({ error: 'must be the URL or path of the JSON Schema' }).optional().describe('JSON Schema for editors; ignored by mcp-doctor'),
    targets: z
      .array(
        z
          .string({ error: 'must be an http(s) URL or an AgentCore runtime ARN' })
          .regex(/^(https?:\/\/|arn:)/i, { error: 'must be an http(s) URL or an AgentCore runtime ARN' }),
        { error: 'must be a list of URLs or runtime ARNs' },
      )
      .optional()
      .describe('URLs or AgentCore runtime ARNs to diagnose when none is given on the command line'),
    profile: z.enum(['generic', 'agentcore'], { error: 'must be one of generic, agentcore' }).optional().describe('Rule set (default: generic for URLs, agentcore for ARNs)'),
    failOn: z.enum(['error', 'warning', 'info', 'never'], { error: 'must be one of error, warning, info, never' }).optional().describe('Lowest severity that fails the run (default: error)'),
    formats: z
      .strictObject(
        {
          json: outputPath.optional().describe('Write the JSON report to this file'),
          junit: outputPath.optional().describe('Write the JUnit XML report to this file'),
          markdown: outputPath.optional().describe('Write the Markdown report to this file'),
          html: outputPath.optional().describe('Write the HTML report to this file'),
        },
        { error: 'must be an object mapping a format (json, junit, markdown, html) to a file path' },
      )
      .optional()
      .describe('Extra report files, written in addition to the main output'),
    format: z
      .enum(['pretty', 'json', 'junit', 'markdown', 'html', 'github', 'sarif'], { error: 'must be one of pretty, json, junit, markdown, html, github, sarif' })
      .optional()
      .describe('Format written to stdout (default: pretty)'),
    baseline: outputPath.optional().describe('Path of the accepted-findings baseline'),
    timeout: duration.optional().describe('Per-request timeout, e.g. "10s", "500ms", "2m"'),
    deadline: duration.optional().describe('Deadline for the whole run of one target, e.g. "60s"'),
    concurrency: z.int({ error: 'must be an integer from 1 to 64' }).min(1, { error: 'must be an integer from 1 to 64' }).max(64, { error: 'must be an integer from 1 to 64' }).optional().describe('Targets diagnosed at the same time'),
    qualifier: z
      .string({ error: 'must be an endpoint name (letters, digits, underscores; e.g. DEFAULT)' })
      .regex(QUALIFIER, { error: 'must be an endpoint name (letters, digits, underscores; e.g. DEFAULT)' })
      .optional()
      .describe('AgentCore endpoint name for ARN targets (default: DEFAULT)'),
    skip: checkIds.optional().describe('Check ids to leave out'),
    only: checkIds.optional().describe('Check ids to run, leaving out all others'),
    headers: z
      .record(
        z.string().regex(HEADER_NAME, { error: 'is not a valid HTTP header name' }),
        z.string({ error: 'must be a string' }).regex(/^[^\u0000-\u0008\u000a-\u001f\u007f]*$/, { error: 'must not contain control characters' }),
        { error: 'must be an object mapping header names to values' },
      )
      .optional()
      .describe('Extra request headers sent to the target origin only'),
  },
  { error: 'must be a JSON object' },
);

// Keeps the schema and the published interface in step: a field added to one and not the other
// stops the build.
// Mutual assignability would let an optional field differ, so compare the types exactly.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type ConfigOutput = { [K in keyof z.output<typeof doctorConfigSchema> as K extends '$schema' ? never : K]: z.output<typeof doctorConfigSchema>[K] };
type SchemaMatchesInterface = Expect<Equals<ConfigOutput, DoctorConfig>>;

/** The JSON Schema of the config file, for editors (`"$schema"` in `.mcp-doctorrc.json`). */
export function configJsonSchema(): object {
  return z.toJSONSchema(doctorConfigSchema);
}

export function validateConfigValue(input: unknown, file: string, prefix: readonly PropertyKey[] = []): DoctorConfig {
  const result = doctorConfigSchema.safeParse(input);
  if (!result.success) {
    throw new UsageError(formatIssues(file, result.error, input, { schema: doctorConfigSchema, prefix, hideValues: (path) => path[0] === 'headers' || path[0] === 'targets', hideKeysOf: (path) => path.length === 1 && path[0] === 'headers' }));
  }
  const { $schema: _editorsOnly, ...config } = result.data;
  return config;
}

/** How `formatIssues` names and shows values. */
export interface FormatIssuesOptions {
  /** The schema that failed, for "did you mean" suggestions on unknown keys. */
  schema: z.ZodType;
  /** Where the validated value sits in the file (e.g. `["mcp-doctor"]` in package.json). */
  prefix?: readonly PropertyKey[];
  /** True for paths whose values must never be shown (secrets, URLs). */
  hideValues?: (path: readonly PropertyKey[]) => boolean;
  /**
   * Maps whose keys must never be shown either: a header written as `"X-Api-Key: sk-live-…"`
   * carries its value in the key. Returns true for the path of such a map.
   */
  hideKeysOf?: (path: readonly PropertyKey[]) => boolean;
}

/**
 * One line for a failed validation: the file, the key path of the first problem (unknown keys
 * first, since a misspelt key also explains a missing one), what was expected and, where safe,
 * what was found.
 */
export function formatIssues(file: string, error: z.ZodError, input: unknown, options: FormatIssuesOptions): string {
  const issues = [...error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
  const issue = issues[0];
  if (!issue) return `${file}: invalid`;
  const prefix = options.prefix ?? [];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const known = keysAt(options.schema, issue.path);
    const suggestion = suggestKey(key, known);
    const hint = suggestion === undefined ? '' : ` (did you mean ${quotePath([...prefix, ...issue.path, suggestion])}?)`;
    const others = issue.keys.length - 1 + issues.length - 1;
    const tail = others > 0 ? ` (and ${others} more problem${others > 1 ? 's' : ''})` : '';
    return `${file}: unknown key ${quotePath([...prefix, ...issue.path, key])}${hint}${tail}`;
  }
  if (issue.code === 'invalid_key') {
    const key = issue.path[issue.path.length - 1] ?? '';
    const parent = issue.path.slice(0, -1);
    const why = issue.issues[0]?.message ?? 'is not allowed';
    if (options.hideKeysOf?.(parent)) {
      const position = Object.keys(valueAt(input, parent).value ?? {}).indexOf(String(key)) + 1;
      return `${file}: ${quotePath([...prefix, ...parent])} key number ${position} ${why}; it is not shown, since a key like "Name: value" holds the value (write "Name": "value")${more}`;
    }
    return `${file}: ${quotePath([...prefix, ...parent])} key ${quote(String(key))} ${why}${more}`;
  }
  const found = valueAt(input, issue.path);
  const shownPath = hiddenKeyPath(issue.path, input, options);
  const subject = prefix.length + issue.path.length === 0 ? '' : `${quotePath([...prefix, ...shownPath])} `;
  if (!found.present) return `${file}: ${subject}is required${more}`;
  if (issue.code === 'custom' && issue.params?.showValue === false) return `${file}: ${subject}${issue.message}${more}`;
  const hidden = options.hideValues?.(issue.path) === true;
  // A hidden string says nothing beyond the expectation; its type is worth saying otherwise.
  if (hidden && typeof found.value === 'string') return `${file}: ${subject}${issue.message}${more}`;
  return `${file}: ${subject}${issue.message} (got ${hidden ? describeType(found.value) : describeValue(found.value)})${more}`;
}

/** `path` with the keys of a hidden-key map replaced by their position (`headers[#2]`). */
function hiddenKeyPath(path: readonly PropertyKey[], input: unknown, options: FormatIssuesOptions): PropertyKey[] {
  if (!options.hideKeysOf) return [...path];
  for (let i = 0; i < path.length; i++) {
    const parent = path.slice(0, i);
    if (!options.hideKeysOf(parent) || HEADER_NAME.test(String(path[i]))) continue;
    const position = Object.keys(valueAt(input, parent).value ?? {}).indexOf(String(path[i])) + 1;
    return [...parent, `#${position}`, ...path.slice(i + 1)];
  }
  return [...path];
}

function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  for (const segment of path) {
    current = unwrap(current);
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, unknown>)[String(segment)];
    else if (current instanceof z.ZodArray) current = current.element;
    else return [];
  }
  current = unwrap(current);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: unknown): unknown {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) current = current.unwrap();
  return current;
}

/** The known key a misspelt one most likely meant: same letters ignoring case and separators, or a small edit away. */
function suggestKey(key: string, known: readonly string[]): string | undefined {
  const normalize = (text: string) => text.toLowerCase().replace(/[-_\s]/g, '');
  const same = known.find((k) => normalize(k) === normalize(key));
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = Math.min(3, Math.max(1, Math.floor(key.length / 3))) + 1;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): { present: boolean; value?: unknown } {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return { present: false };
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return { present: true, value: current };
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return describeType(value);
}

const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `"formats.json"`, `"targets[1]"`, `"headers[\"Bad Name\"]"`: one quoted, single-line path. */
function quotePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && SIMPLE_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(truncate(String(segment)))}]`;
  }
  return oneLine(JSON.stringify(text));
}

function quote(text: string): string {
  return oneLine(JSON.stringify(truncate(text)));
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

// JSON.stringify escapes C0 controls but not C1 or the Unicode line separators.
function oneLine(text: string): string {
  return text.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
