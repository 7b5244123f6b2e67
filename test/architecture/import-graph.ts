import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@babel/parser';

/**
 * The project's import graph, read with a real TypeScript parser: static imports, re-exports,
 * dynamic `import()`, `import('…')` types and module augmentations, type-only ones included (a type
 * import is a dependency too: it is what tied the engine and the probes together).
 */

/** One import of one source file. */
export interface ImportEdge {
  /** The importing file, relative to the source root, with `/` separators. */
  from: string;
  /** A relative import resolved against the source root (`model/report.ts`), or a package name. */
  to: string;
  kind: 'file' | 'package';
  /** Every name it brings in is a type (`import type`, `export type`, `import('…')` in a type). */
  typeOnly: boolean;
}

/** Where a file sits: its folder under the source root, or its own name for top-level files. */
export function layerOf(file: string): string {
  const parts = file.split('/');
  return parts.length === 1 ? (parts[0] as string).replace(/\.ts$/, '') : (parts[0] as string);
}

/** The imports of one file's text (`file` is relative to the source root). */
export function importsOf(file: string, text: string): ImportEdge[] {
  const program = parse(text, { sourceType: 'module', plugins: ['typescript'], createImportExpressions: true }).program;
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean): void => {
    if (specifier.startsWith('node:')) return;
    if (specifier.startsWith('.')) {
      const to = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
      edges.push({ from: file, to, kind: 'file', typeOnly });
    } else {
      const parts = specifier.split('/');
      const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
      edges.push({ from: file, to: name, kind: 'package', typeOnly });
    }
  };
  visit(program, (node) => {
    switch (node.type) {
      case 'ImportDeclaration': {
        const specifiers = node.specifiers as Array<{ importKind?: string }>;
        const typeOnly = node.importKind === 'type' || (specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type'));
        add(stringOf(node.source), typeOnly);
        break;
      }
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
        if (node.source) add(stringOf(node.source), node.exportKind === 'type');
        break;
      case 'ImportExpression': {
        const source = node.source as BabelNode;
        if (source.type === 'StringLiteral') add(stringOf(source), false);
        break;
      }
      case 'TSImportType':
        add(stringOf(node.argument as BabelNode), true);
        break;
      case 'TSModuleDeclaration': {
        const id = node.id as BabelNode;
        if (id.type === 'StringLiteral') add(stringOf(id), true);
        break;
      }
      default:
        break;
    }
  });
  return edges;
}

/** Every `.ts` file under `root` with its imports. */
export function readImportGraph(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) edges.push(...importsOf(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8')));
    }
  };
  walk(root);
  return edges;
}

/** What a layer may import: other layers, and packages. */
export interface LayerRule {
  /** Layers it may import besides itself. */
  layers: readonly string[];
  /** Packages it may import at run time (type-only imports of packages are always allowed). */
  packages?: readonly string[];
  /** Packages it may not import even for types. */
  noPackages?: boolean;
}

/** A broken rule, as one line a developer can act on. */
export function findViolations(edges: readonly ImportEdge[], rules: Readonly<Record<string, LayerRule>>, packageOwners: Readonly<Record<string, readonly string[]>>): string[] {
  const problems: string[] = [];
  for (const edge of edges) {
    const from = layerOf(edge.from);
    const rule = rules[from];
    if (edge.kind === 'file') {
      const to = layerOf(edge.to);
      if (to === from) continue;
      if (!rule) problems.push(`${edge.from} imports ${edge.to}, but layer "${from}" has no rule`);
      else if (!rule.layers.includes(to)) problems.push(`${edge.from} imports ${edge.to}: layer "${from}" may not depend on "${to}"`);
      continue;
    }
    if (rule?.noPackages && !edge.typeOnly) problems.push(`${edge.from} imports package ${edge.to} at run time: layer "${from}" holds types and pure functions only`);
    const owners = packageOwners[edge.to];
    if (owners && !edge.typeOnly && !owners.includes(from)) problems.push(`${edge.from} imports ${edge.to}: only ${owners.join(', ')} may`);
  }
  return problems;
}

interface BabelNode {
  type: string;
  [key: string]: unknown;
}

function stringOf(node: unknown): string {
  const value = (node as { value?: unknown; literal?: { value?: unknown } }).value ?? (node as { literal?: { value?: unknown } }).literal?.value;
  if (typeof value !== 'string') throw new Error(`not a string literal: ${JSON.stringify(node).slice(0, 80)}`);
  return value;
}

function visit(node: unknown, fn: (node: BabelNode) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) visit(child, fn);
    return;
  }
  if (!node || typeof node !== 'object' || typeof (node as BabelNode).type !== 'string') return;
  const babel = node as BabelNode;
  fn(babel);
  for (const [key, value] of Object.entries(babel)) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments') continue;
    if (value && typeof value === 'object') visit(value, fn);
  }
}

/** The project's `src` folder. */
export const SOURCE_ROOT = fileURLToPath(new URL('../../src', import.meta.url));
