import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type ParsedNode, type Tags, type YAMLMap } from 'yaml';
import type { SourceLocation } from '../model/report.js';
import { findExcessNesting } from './parse-budget.js';
import type { ProjectFile } from './types.js';

/**
 * Position-keeping YAML/JSON parsing for the configuration rules. The `yaml` package keeps every
 * node's source range, reads JSON as YAML with the same ranges, and with the CloudFormation short
 * forms registered keeps `!Sub …` as a tagged node instead of failing or warning.
 */

/** The CloudFormation intrinsic short forms (`!Ref`, `!Sub`, …), each valid on scalars, lists and maps. */
export const CLOUDFORMATION_TAG_NAMES = [
  'Ref',
  'Sub',
  'GetAtt',
  'Join',
  'If',
  'Select',
  'Split',
  'FindInMap',
  'ImportValue',
  'Base64',
  'Equals',
  'Not',
  'And',
  'Or',
  'GetAZs',
  'Cidr',
  'Condition',
  'Transform',
  'Length',
  'ToJsonString',
] as const;

// The resolvers return the node itself: rules look at the tag and the raw value, never at an evaluation.
const cloudFormationTags: Tags = CLOUDFORMATION_TAG_NAMES.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => value as never },
  { tag: `!${name}`, collection: 'map' as const, resolve: (value: unknown) => value as never },
]);

/** A parsed YAML or JSON file with what is needed to turn node ranges into positions. */
export interface ParsedYaml {
  file: ProjectFile;
  doc: Document.Parsed;
  lines: LineCounter;
  /** The first syntax error, positioned; rules report it instead of reading the document. */
  error?: { message: string; location: SourceLocation; /** Not read at all: nested past the depth limit. */ tooDeep?: boolean };
}

/** Parsed documents per file object and tag set: several rules read the same configuration file. */
const parsedFiles = { plain: new WeakMap<ProjectFile, ParsedYaml>(), cloudFormation: new WeakMap<ProjectFile, ParsedYaml>() };

/** Parses `file` as YAML (JSON included), once; `cloudFormation` registers the intrinsic tags. */
export function parseYamlFile(file: ProjectFile, options: { cloudFormation?: boolean } = {}): ParsedYaml {
  const cache = options.cloudFormation ? parsedFiles.cloudFormation : parsedFiles.plain;
  const cached = cache.get(file);
  if (cached) return cached;
  const parsed = parseYamlText(file, options);
  cache.set(file, parsed);
  return parsed;
}

function parseYamlText(file: ProjectFile, options: { cloudFormation?: boolean }): ParsedYaml {
  const lines = new LineCounter();
  // Deeper than any real configuration: the parsers would recurse until the stack overflows.
  const excess = findExcessNesting(file.text, file.path.endsWith('.json') ? 'json' : 'yaml');
  if (excess) {
    lines.addNewLine(0);
    for (let i = 0; i < file.text.length; i++) if (file.text.charCodeAt(i) === 10) lines.addNewLine(i + 1);
    const position = lines.linePos(excess.offset);
    const message = `it is nested deeper than ${excess.limit} levels, beyond what mcp-doctor (and any real configuration) reads`;
    return { file, doc: parseDocument(''), lines, error: { message, tooDeep: true, location: { file: file.path, line: position.line, column: position.col, endLine: position.line, endColumn: position.col } } };
  }
  const doc = parseDocument(file.text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: false,
    ...(options.cloudFormation ? { customTags: cloudFormationTags } : {}),
  });
  const parsed: ParsedYaml = { file, doc, lines };
  const first = doc.errors[0];
  const failure = first ? { message: first.message.split('\n')[0] ?? first.message, offset: first.pos[0], end: first.pos[1] } : file.path.endsWith('.json') ? strictJsonError(file.text) : undefined;
  if (failure) {
    const start = Math.min(failure.offset, file.text.length);
    const position = lines.linePos(start);
    // The parser's end is exclusive; an empty range still marks one character.
    const end = lines.linePos(Math.max(start, Math.min(failure.end, file.text.length) - 1));
    parsed.error = { message: failure.message, location: { file: file.path, line: position.line, column: position.col, endLine: end.line, endColumn: end.col } };
  }
  return parsed;
}

/**
 * YAML accepts what JSON does not (trailing commas, comments, single quotes), and the tools that
 * read `.json` files use a JSON parser, so a JSON file must also pass `JSON.parse`.
 */
function strictJsonError(text: string): { message: string; offset: number; end: number } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    // V8 may quote the file's text in the message; keep only its own words.
    const words = message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '').replace(/\s+/g, ' ').trim();
    const offset = position ? Number(position[1]) : 0;
    return { message: words.slice(0, 120), offset, end: offset + 1 };
  }
}

/** Where `node` sits in the file (1-based, inclusive end); the file start when it has no range. */
export function locate(parsed: ParsedYaml, node: Node | null | undefined): SourceLocation {
  const range = node?.range;
  if (!range) return { file: parsed.file.path, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const start = parsed.lines.linePos(range[0]);
  // The value end is exclusive; the last character is one before it.
  const end = parsed.lines.linePos(Math.max(range[0], range[1] - 1));
  return { file: parsed.file.path, line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}

/** The source line a location starts on, trimmed and cut short for evidence (undefined when blank). */
export function lineSnippet(text: string, line: number): string | undefined {
  const source = (text.split('\n')[line - 1] ?? '').trim();
  if (source === '') return undefined;
  return source.length > 120 ? `${source.slice(0, 117)}...` : source;
}

/** The key/value pair named `name` in `map`; `ignoreCase` matches API (`allowedClients`) and CloudFormation (`AllowedClients`) spellings alike. */
export function pairOf(map: unknown, name: string, ignoreCase = false): Pair<ParsedNode, ParsedNode | null> | undefined {
  if (!isMap(map)) return undefined;
  const wanted = ignoreCase ? name.toLowerCase() : name;
  for (const item of (map as YAMLMap<ParsedNode, ParsedNode | null>).items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const key = String(item.key.value);
    if ((ignoreCase ? key.toLowerCase() : key) === wanted) return item;
  }
  return undefined;
}

/** The value node under `name` (see `pairOf`). */
export function valueOf(map: unknown, name: string, ignoreCase = false): ParsedNode | null | undefined {
  return pairOf(map, name, ignoreCase)?.value;
}

/** The value node at a path of keys, or undefined when any step is missing. */
export function valueAt(node: unknown, path: readonly string[], ignoreCase = false): ParsedNode | null | undefined {
  let current: unknown = node;
  for (const name of path) {
    current = valueOf(current, name, ignoreCase);
    if (current === undefined || current === null) return current as null | undefined;
  }
  return current as ParsedNode;
}

/** True when the node is an intrinsic function (`!Ref x`, `{ "Fn::Sub": … }`, `{ Ref: x }`): its value is only known at deploy time. */
export function isIntrinsic(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false;
  const tag = (node as Node).tag;
  if (typeof tag === 'string' && tag.startsWith('!') && tag !== '!') return true;
  if (isMap(node) && node.items.length === 1) {
    const key = node.items[0]?.key;
    if (isScalar(key) && typeof key.value === 'string' && (key.value === 'Ref' || key.value.startsWith('Fn::'))) return true;
  }
  return false;
}

/**
 * A plain string value. For `!Sub "…"` (and `Fn::Sub` with one string) it is the template text,
 * whose literal parts still show the shape of a URL; other intrinsics give undefined.
 */
export function stringOf(node: unknown, options: { subTemplate?: boolean } = {}): string | undefined {
  if (isScalar(node)) {
    if (node.tag === '!Sub' && options.subTemplate) return typeof node.value === 'string' ? node.value : undefined;
    if (isIntrinsic(node)) return undefined;
    return typeof node.value === 'string' ? node.value : undefined;
  }
  if (options.subTemplate && isMap(node) && node.items.length === 1) {
    const pair = node.items[0];
    if (pair && isScalar(pair.key) && pair.key.value === 'Fn::Sub' && isScalar(pair.value) && typeof pair.value.value === 'string') return pair.value.value;
  }
  return undefined;
}

/** The items of a list node (intrinsic lists are opaque and give undefined). */
export function itemsOf(node: unknown): ParsedNode[] | undefined {
  if (!isSeq(node) || isIntrinsic(node)) return undefined;
  return node.items as ParsedNode[];
}

/** The key/value pairs of a map node. */
export function pairsOf(node: unknown): Pair<ParsedNode, ParsedNode | null>[] {
  if (!isMap(node)) return [];
  return (node as YAMLMap<ParsedNode, ParsedNode | null>).items.filter((item) => isPair(item) && isScalar(item.key));
}

/** The name of a pair's scalar key. */
export function keyName(pair: Pair<ParsedNode, ParsedNode | null>): string {
  return isScalar(pair.key) ? String(pair.key.value) : '';
}
