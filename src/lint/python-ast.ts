import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { findExcessNesting, parseClock, ParseBudgetError } from './parse-budget.js';
import { LineIndex } from './source-text.js';
import type { ProjectFile } from './types.js';

/**
 * A Python module as the server rules need it, read through the Lezer Python grammar (a real
 * parser with error recovery, so a half-typed file still yields the calls it has): every call
 * with its arguments, every assignment, the import aliases, and module-level constants that
 * simple values can be resolved through (`PORT = 8000` … `port=PORT`).
 */

/** A value as far as static reading can tell. `fromEnv` names the environment variable it defaults for. */
export interface PyValue {
  kind: 'string' | 'number' | 'boolean' | 'none' | 'list' | 'unknown';
  value?: string | number | boolean;
  items?: PyValue[];
  fromEnv?: string;
}

/** One argument of a call; `name` is set for keyword arguments. */
export interface PyArg {
  name?: string;
  node: SyntaxNode;
  /** Start of the argument text (the keyword for keyword arguments). */
  from: number;
  to: number;
}

/** One call expression anywhere in the module. */
export interface PyCall {
  node: SyntaxNode;
  /** `mcp.run`, `FastMCP`, `uvicorn.run`; undefined when the callee is not a dotted name. */
  dotted?: string;
  /** The last name of the callee (`run` for `FastMCP("x").run`). */
  method: string;
  /** The receiver of a method call (`mcp` in `mcp.run()`, the `FastMCP(...)` call in a chain). */
  receiver?: SyntaxNode;
  args: PyArg[];
  /** True when `*args` or `**kwargs` may supply arguments the linter cannot see. */
  hasSpread: boolean;
}

/** One `target = value` (the targets of `a = b = 1` each get an entry). */
export interface PyAssign {
  /** Dotted target (`mcp`, `mcp.settings.host`), undefined for subscripts and unpacking. */
  target?: string;
  targetNode: SyntaxNode;
  value: SyntaxNode;
  /** True at module level (not inside a function or class). */
  topLevel: boolean;
}

/** A parsed Python file. */
export interface PythonModule {
  file: ProjectFile;
  tree: Tree;
  lines: LineIndex;
  calls: PyCall[];
  assigns: PyAssign[];
  /** Local name → fully qualified name (`FastMCP` → `fastmcp.FastMCP`, `fm` → `mcp.server.fastmcp`). */
  imports: Map<string, string>;
  /** Source text of a node. */
  text(node: SyntaxNode): string;
  /** What a node evaluates to, through module constants and `os.environ.get` defaults. */
  evaluate(node: SyntaxNode): PyValue;
  /** The qualified name a dotted callee refers to, through the imports (`fm.FastMCP` → `mcp.server.fastmcp.FastMCP`). */
  qualify(dotted: string): string;
}

const cache = new WeakMap<ProjectFile, PythonModule>();
/** Files that could not be parsed within budget: tried once, never again in the run. */
const refused = new WeakMap<ProjectFile, ParseBudgetError>();

/**
 * Parses `file` once (the result is cached per file object, so several rules share it). Throws
 * `ParseBudgetError` for a file nested deeper than any real source or slower to parse than its budget.
 */
export function parsePythonModule(file: ProjectFile): PythonModule {
  const cached = cache.get(file);
  if (cached) return cached;
  const module = buildModule(file);
  cache.set(file, module);
  return module;
}

/**
 * Reads `file` for one question and lets its tree go: how the server rules look through every
 * Python file for the few that build a server, without keeping a tree per file alive.
 */
export function withPythonModule<T>(file: ProjectFile, read: (module: PythonModule) => T): T {
  return read(cache.get(file) ?? buildModule(file));
}

/** Parses with Lezer in steps, so a file that takes too long is abandoned at its deadline. */
function parseWithinBudget(file: ProjectFile): Tree {
  const known = refused.get(file);
  if (known) throw known;
  const excess = findExcessNesting(file.text, 'python');
  const fail = (why: string): never => {
    const error = new ParseBudgetError(`${file.path} was not parsed: ${why}`);
    refused.set(file, error);
    parseClock().skipped.add(error.message);
    throw error;
  };
  if (excess) fail(`it nests brackets deeper than ${excess.limit} levels (CPython refuses more than 200)`);
  const deadline = parseClock().fileDeadline();
  const parse = parser.startParse(file.text);
  for (;;) {
    const tree = parse.advance();
    if (tree) return tree;
    if (performance.now() > deadline) fail('it took longer than the parse budget');
  }
}

/** The keyword argument `name` of a call. */
export function keywordArg(call: PyCall, name: string): PyArg | undefined {
  return call.args.find((arg) => arg.name === name);
}

/** The `index`-th positional argument of a call. */
export function positionalArg(call: PyCall, index: number): PyArg | undefined {
  return call.args.filter((arg) => arg.name === undefined)[index];
}

const UNKNOWN: PyValue = { kind: 'unknown' };

function buildModule(file: ProjectFile): PythonModule {
  const source = file.text;
  const tree = parseWithinBudget(file);
  const text = (node: SyntaxNode): string => source.slice(node.from, node.to);
  const calls: PyCall[] = [];
  const assigns: PyAssign[] = [];
  const imports = new Map<string, string>();
  const cursor = tree.cursor();
  do {
    const node = cursor.node;
    if (node.name === 'CallExpression') calls.push(readCall(node, text));
    else if (node.name === 'AssignStatement') assigns.push(...readAssign(node, text));
    else if (node.name === 'ImportStatement') readImport(node, text, imports);
  } while (cursor.next());

  // A name assigned once at module level is a constant; assigned twice, nobody can tell statically.
  const counts = new Map<string, number>();
  for (const a of assigns) if (a.target && !a.target.includes('.')) counts.set(a.target, (counts.get(a.target) ?? 0) + 1);
  const constants = new Map<string, SyntaxNode>();
  for (const a of assigns) if (a.topLevel && a.target && counts.get(a.target) === 1) constants.set(a.target, a.value);

  const qualify = (dotted: string): string => {
    const [head, ...rest] = dotted.split('.');
    const target = imports.get(head ?? '');
    return target ? [target, ...rest].join('.') : dotted;
  };

  const evaluate = (node: SyntaxNode, depth = 0): PyValue => {
    if (depth > 8) return UNKNOWN;
    switch (node.name) {
      case 'String':
        return decodeString(text(node));
      case 'Number': {
        const n = Number(text(node).replace(/_/g, ''));
        return Number.isFinite(n) ? { kind: 'number', value: n } : UNKNOWN;
      }
      case 'Boolean':
        return { kind: 'boolean', value: text(node) === 'True' };
      case 'None':
        return { kind: 'none' };
      case 'VariableName': {
        const value = constants.get(text(node));
        return value ? evaluate(value, depth + 1) : UNKNOWN;
      }
      case 'ParenthesizedExpression': {
        const inner = node.firstChild?.nextSibling;
        return inner ? evaluate(inner, depth + 1) : UNKNOWN;
      }
      case 'ArrayExpression':
      case 'TupleExpression': {
        const items: PyValue[] = [];
        for (let child = node.firstChild; child; child = child.nextSibling) if (!['[', ']', '(', ')', ','].includes(child.name)) items.push(evaluate(child, depth + 1));
        return { kind: 'list', items };
      }
      case 'BinaryExpression': {
        // `os.getenv("PORT") or 8000`: the right side is the default.
        const [left, op, right] = [node.firstChild, node.firstChild?.nextSibling, node.lastChild];
        if (left && right && op && text(op) === 'or') {
          const env = envName(left, depth);
          if (env) return { ...evaluate(right, depth + 1), fromEnv: env };
        }
        return UNKNOWN;
      }
      case 'CallExpression': {
        const call = readCall(node, text);
        const first = call.args[0];
        if ((call.dotted === 'int' || call.dotted === 'str' || call.dotted === 'float') && first && first.name === undefined) {
          const inner = evaluate(first.node, depth + 1);
          if (inner.kind !== 'string' && inner.kind !== 'number') return inner.fromEnv ? { kind: 'unknown', fromEnv: inner.fromEnv } : UNKNOWN;
          const converted = call.dotted === 'str' ? String(inner.value) : Number(inner.value);
          if (typeof converted === 'number' && !Number.isFinite(converted)) return UNKNOWN;
          return { kind: typeof converted === 'number' ? 'number' : 'string', value: converted, ...(inner.fromEnv ? { fromEnv: inner.fromEnv } : {}) };
        }
        const qualified = call.dotted ? qualify(call.dotted) : '';
        if (qualified === 'os.environ.get' || qualified === 'os.getenv') {
          const name = call.args[0] ? evaluate(call.args[0].node, depth + 1) : UNKNOWN;
          const fallback = call.args[1] ?? call.args.find((a) => a.name === 'default');
          const env = typeof name.value === 'string' ? name.value : '?';
          return fallback ? { ...evaluate(fallback.node, depth + 1), fromEnv: env } : { kind: 'unknown', fromEnv: env };
        }
        return UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  };

  const envName = (node: SyntaxNode, depth: number): string | undefined => {
    if (node.name === 'CallExpression') return evaluate(node, depth + 1).fromEnv;
    if (node.name === 'MemberExpression' && node.getChild('[')) {
      const object = node.firstChild;
      if (object && qualify(text(object).replace(/\s+/g, '')) === 'os.environ') {
        const key = node.getChild('String');
        return key ? String(decodeString(text(key)).value ?? '?') : '?';
      }
    }
    return undefined;
  };

  return { file, tree, lines: new LineIndex(source), calls, assigns, imports, text, evaluate: (node) => evaluate(node), qualify };
}

function readCall(node: SyntaxNode, text: (n: SyntaxNode) => string): PyCall {
  const callee = node.firstChild as SyntaxNode;
  const dotted = dottedName(callee, text);
  let method = dotted?.split('.').pop() ?? '';
  let receiver: SyntaxNode | undefined;
  if (callee.name === 'MemberExpression') {
    receiver = callee.firstChild ?? undefined;
    const property = callee.lastChild;
    if (property?.name === 'PropertyName') method = text(property);
  }
  const args: PyArg[] = [];
  let hasSpread = false;
  const list = node.getChild('ArgList');
  if (list) {
    // Arguments are the runs of children between commas; a keyword argument is `name = value`.
    let group: SyntaxNode[] = [];
    const flush = (): void => {
      if (group.length === 0) return;
      const first = group[0] as SyntaxNode;
      const last = group[group.length - 1] as SyntaxNode;
      if (first.name === '*' || first.name === '**') hasSpread = true;
      else if (group.length >= 3 && first.name === 'VariableName' && group[1]?.name === 'AssignOp') args.push({ name: text(first), node: last, from: first.from, to: last.to });
      else args.push({ node: first, from: first.from, to: last.to });
      group = [];
    };
    for (let child = list.firstChild; child; child = child.nextSibling) {
      if (child.name === '(' || child.name === ')' || child.name === 'Comment') continue;
      if (child.name === ',') flush();
      else group.push(child);
    }
    flush();
  }
  return { node, ...(dotted ? { dotted } : {}), method, ...(receiver ? { receiver } : {}), args, hasSpread };
}

function readAssign(node: SyntaxNode, text: (n: SyntaxNode) => string): PyAssign[] {
  const parts: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name !== 'Comment') parts.push(child);
  const value = parts[parts.length - 1];
  if (!value) return [];
  const topLevel = node.parent?.name === 'Script';
  const out: PyAssign[] = [];
  // `a = b = value`: every node followed by `=` is a target; `x: int = 5` has a TypeDef in between.
  for (let i = 0; i < parts.length - 1; i++) {
    const next = parts[i + 1];
    const target = parts[i] as SyntaxNode;
    if (next?.name !== 'AssignOp' && next?.name !== 'TypeDef') continue;
    if (next.name === 'AssignOp' && text(next) !== '=') continue;
    const dotted = dottedName(target, text);
    out.push({ ...(dotted ? { target: dotted } : {}), targetNode: target, value, topLevel });
  }
  return out;
}

function readImport(node: SyntaxNode, text: (n: SyntaxNode) => string, imports: Map<string, string>): void {
  const tokens: Array<{ name: string; text: string }> = [];
  for (let child = node.firstChild; child; child = child.nextSibling) tokens.push({ name: child.name, text: text(child) });
  const isFrom = tokens[0]?.name === 'from';
  const importAt = tokens.findIndex((t) => t.name === 'import');
  if (isFrom) {
    const module = tokens.slice(1, importAt).map((t) => t.text).join('');
    const names = tokens.slice(importAt + 1).filter((t) => t.name !== '(' && t.name !== ')');
    for (let i = 0; i < names.length; i++) {
      const current = names[i];
      if (current?.name !== 'VariableName') continue;
      const alias = names[i + 1]?.name === 'as' ? names[i + 2]?.text : undefined;
      imports.set(alias ?? current.text, `${module}.${current.text}`);
      if (alias) i += 2;
    }
    return;
  }
  // `import a.b.c as x` binds x to a.b.c; `import a.b.c` binds only `a`.
  let dotted: string[] = [];
  const flush = (alias?: string): void => {
    if (dotted.length === 0) return;
    if (alias) imports.set(alias, dotted.join('.'));
    else imports.set(dotted[0] as string, dotted[0] as string);
    dotted = [];
  };
  for (let i = importAt + 1; i < tokens.length; i++) {
    const token = tokens[i] as { name: string; text: string };
    if (token.name === 'VariableName') dotted.push(token.text);
    else if (token.name === 'as') {
      flush(tokens[i + 1]?.text);
      i += 1;
    } else if (token.name === ',') flush();
  }
  flush();
}

/** `a.b.c` for a chain of names, else undefined. */
function dottedName(node: SyntaxNode, text: (n: SyntaxNode) => string): string | undefined {
  if (node.name === 'VariableName') return text(node);
  if (node.name !== 'MemberExpression' || node.getChild('[')) return undefined;
  const object = node.firstChild;
  const property = node.lastChild;
  if (!object || property?.name !== 'PropertyName') return undefined;
  const head = dottedName(object, text);
  return head ? `${head}.${text(property)}` : undefined;
}

/** The value of a Python string literal (prefixes, triple quotes, common escapes); f-strings are unknown. */
export function decodeString(literal: string): PyValue {
  const match = /^([rRbBuU]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(literal);
  if (!match) return UNKNOWN;
  const [, prefix = '', , body = ''] = match;
  if (/[fF]/.test(prefix)) return UNKNOWN;
  if (/[rR]/.test(prefix)) return { kind: 'string', value: body };
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
  return { kind: 'string', value: body.replace(/\\(.)/g, (_, c: string) => escapes[c] ?? `\\${c}`) };
}
