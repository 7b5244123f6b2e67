import { parse } from '@babel/parser';
import type { Expression, File, Node, ObjectExpression } from '@babel/types';
import { findExcessNesting, parseClock, ParseBudgetError } from './parse-budget.js';
import { LineIndex } from './source-text.js';
import type { ProjectFile } from './types.js';

/**
 * A TypeScript or JavaScript module as the server rules need it, parsed with Babel (the
 * `typescript` plugin, plus `jsx` for .tsx/.jsx/.js): a generic walk over every node, module-level
 * constants for simple values (`const PORT = Number(process.env.PORT ?? 8000)`), and offsets
 * turned into lines and columns.
 */

/** A value as far as static reading can tell. `fromEnv` names the environment variable it defaults for. */
export interface TsValue {
  kind: 'string' | 'number' | 'boolean' | 'undefined' | 'null' | 'function' | 'object' | 'array' | 'unknown';
  value?: string | number | boolean;
  /** Object literal properties by static key. */
  properties?: Map<string, { key: Node; value: Node }>;
  /** True when an object literal has a spread (`...options`), so missing keys may still be set. */
  hasSpread?: boolean;
  items?: TsValue[];
  fromEnv?: string;
}

/** A parsed module. */
export interface TsModule {
  file: ProjectFile;
  ast: File;
  lines: LineIndex;
  evaluate(node: Node): TsValue;
  /** Visits every node with its parent, depth first. */
  walk(visit: (node: Node, parent: Node | undefined) => void): void;
}

const cache = new WeakMap<ProjectFile, TsModule>();
const UNKNOWN: TsValue = { kind: 'unknown' };

/** File names the TypeScript rules read. */
export const SCRIPT_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/** Parses `file` once (cached per file object). Throws a one-line error when the syntax is beyond recovery. */
export function parseTsModule(file: ProjectFile): TsModule {
  const cached = cache.get(file);
  if (cached) return cached;
  const module = buildModule(file);
  cache.set(file, module);
  return module;
}

function buildModule(file: ProjectFile): TsModule {
  const jsx = /\.(tsx|jsx|js)$/.test(file.path);
  const typescript = /\.(ts|tsx|mts|cts)$/.test(file.path);
  // Babel recurses per nesting level: a file deeper than any real source would overflow the stack.
  const excess = findExcessNesting(file.text, 'script');
  if (excess) {
    const message = `${file.path} was not parsed: it nests brackets deeper than ${excess.limit} levels`;
    parseClock().skipped.add(message);
    throw new ParseBudgetError(message);
  }
  let ast: File;
  try {
    ast = parse(file.text, {
      sourceType: 'unambiguous',
      errorRecovery: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      plugins: [...(typescript ? (['typescript'] as const) : []), ...(jsx ? (['jsx'] as const) : [])],
    });
  } catch (error) {
    throw new Error(`${file.path} could not be parsed: ${(error as Error).message.split('\n')[0]}`);
  }
  const walk = (visit: (node: Node, parent: Node | undefined) => void): void => walkNode(ast.program, undefined, visit);

  const constants = new Map<string, Node>();
  for (const statement of ast.program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'VariableDeclaration' && declaration.kind === 'const') {
      for (const d of declaration.declarations) if (d.id.type === 'Identifier' && d.init) constants.set(d.id.name, d.init);
    }
  }

  const evaluate = (node: Node, depth: number): TsValue => {
    if (depth > 8) return UNKNOWN;
    switch (node.type) {
      case 'StringLiteral':
        return { kind: 'string', value: node.value };
      case 'NumericLiteral':
        return { kind: 'number', value: node.value };
      case 'BooleanLiteral':
        return { kind: 'boolean', value: node.value };
      case 'NullLiteral':
        return { kind: 'null' };
      case 'TemplateLiteral':
        return node.expressions.length === 0 ? { kind: 'string', value: node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('') } : UNKNOWN;
      case 'Identifier': {
        if (node.name === 'undefined') return { kind: 'undefined' };
        const value = constants.get(node.name);
        return value ? evaluate(value, depth + 1) : UNKNOWN;
      }
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return { kind: 'function' };
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        return evaluate(node.expression, depth + 1);
      case 'UnaryExpression':
        return node.operator === 'void' ? { kind: 'undefined' } : UNKNOWN;
      case 'ObjectExpression':
        return objectValue(node);
      case 'ArrayExpression':
        return { kind: 'array', items: node.elements.map((e) => (e && e.type !== 'SpreadElement' ? evaluate(e, depth + 1) : UNKNOWN)) };
      case 'MemberExpression': {
        const env = envName(node);
        return env ? { kind: 'unknown', fromEnv: env } : UNKNOWN;
      }
      case 'LogicalExpression': {
        // `process.env.PORT ?? 8000` and `process.env.PORT || 8000`: the right side is the default.
        const left = evaluate(node.left, depth + 1);
        if (left.fromEnv && left.kind === 'unknown' && (node.operator === '??' || node.operator === '||')) return { ...evaluate(node.right, depth + 1), fromEnv: left.fromEnv };
        return UNKNOWN;
      }
      case 'CallExpression': {
        const callee = node.callee;
        const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'Number' && callee.property.type === 'Identifier' ? `Number.${callee.property.name}` : '';
        const first = node.arguments[0];
        if (!first || first.type === 'SpreadElement' || first.type === 'ArgumentPlaceholder') return UNKNOWN;
        if (['Number', 'parseInt', 'parseFloat', 'Number.parseInt', 'Number.parseFloat', 'String'].includes(name)) {
          const inner = evaluate(first, depth + 1);
          if (inner.kind !== 'string' && inner.kind !== 'number') return inner.fromEnv ? { kind: 'unknown', fromEnv: inner.fromEnv } : UNKNOWN;
          if (name === 'String') return { ...inner, kind: 'string', value: String(inner.value) };
          const n = Number(inner.value);
          return Number.isFinite(n) ? { ...inner, kind: 'number', value: n } : UNKNOWN;
        }
        return UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  };

  const objectValue = (node: ObjectExpression): TsValue => {
    const properties = new Map<string, { key: Node; value: Node }>();
    let hasSpread = false;
    for (const p of node.properties) {
      if (p.type === 'SpreadElement') hasSpread = true;
      else if (!p.computed && (p.key.type === 'Identifier' || p.key.type === 'StringLiteral')) {
        const key = p.key.type === 'Identifier' ? p.key.name : p.key.value;
        properties.set(key, { key: p.key, value: p.type === 'ObjectProperty' ? p.value : p });
      }
    }
    return { kind: 'object', properties, hasSpread };
  };

  return { file, ast, lines: new LineIndex(file.text), evaluate: (node) => evaluate(node, 0), walk };
}

/** `PORT` for `process.env.PORT` and `process.env["PORT"]`. */
function envName(node: Node): string | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  const object = node.object;
  const isEnv = object.type === 'MemberExpression' && object.object.type === 'Identifier' && object.object.name === 'process' && object.property.type === 'Identifier' && object.property.name === 'env';
  if (!isEnv) return undefined;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  return node.property.type === 'StringLiteral' ? node.property.value : '?';
}

/** The name a callee ends with: `listen` for `app.listen`, `Foo` for `new Foo` and `new sdk.Foo`. */
export function calleeName(callee: Node): string | undefined {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') return callee.property.name;
  return undefined;
}

/** True for an expression node (what call arguments are, spreads aside). */
export function isExpression(node: Node | undefined): node is Expression {
  return node !== undefined && node.type !== 'SpreadElement' && node.type !== 'ArgumentPlaceholder' && node.type !== 'JSXNamespacedName';
}

const SKIPPED_KEYS = new Set(['loc', 'start', 'end', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'comments', 'tokens', 'range', 'errors']);

function walkNode(node: Node, parent: Node | undefined, visit: (node: Node, parent: Node | undefined) => void): void {
  visit(node, parent);
  for (const key of Object.keys(node)) {
    if (SKIPPED_KEYS.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) walkNode(item, node, visit);
    } else if (isNode(value)) walkNode(value, node, visit);
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
