import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findViolations, importsOf, layerOf, readImportGraph, SOURCE_ROOT, type ImportEdge, type LayerRule } from './import-graph.js';

/**
 * The direction of every import in src (docs/engine.md, "Dependency rule"). The model is the
 * bottom: it imports nothing of the project. Probes never import the engine, checks never import
 * probe code, renderers never reach probes, and only the CLI parses flags.
 */
const RULES: Record<string, LayerRule> = {
  model: { layers: [], noPackages: true },
  catalog: { layers: ['model'], noPackages: true },
  version: { layers: [] },
  // Wording helpers (counts in agreement) that every layer that writes text may use.
  text: { layers: [], noPackages: true },
  security: { layers: ['model'] },
  sim: { layers: [] },
  targets: { layers: ['model', 'catalog', 'security'] },
  probes: { layers: ['model', 'security', 'text', 'version'] },
  checks: { layers: ['model', 'catalog', 'security', 'text'] },
  report: { layers: ['model', 'catalog', 'security', 'text', 'version'] },
  engine: { layers: ['model', 'catalog', 'checks', 'probes', 'security', 'targets', 'version'] },
  token: { layers: ['model', 'catalog', 'checks', 'engine', 'probes', 'security', 'targets'] },
  config: { layers: ['model', 'engine', 'security'] },
  // Lint names a project's stack with the same pure fingerprint a diagnosis uses.
  lint: { layers: ['model', 'catalog', 'checks', 'engine', 'security', 'text', 'version'] },
  demo: { layers: ['model', 'engine', 'probes', 'security', 'sim', 'targets', 'teardown', 'version'] },
  // The teardown audit: its own read-only AWS calls and its own runner, like probes and engine together.
  teardown: { layers: ['model', 'catalog', 'engine', 'probes', 'security', 'targets', 'version'] },
  // The conformance runner: requirements over its own wire probes, with the engine's post-processing.
  conformance: { layers: ['model', 'catalog', 'engine', 'probes', 'security', 'targets', 'version'] },
  // `mcp-doctor logs`: the container-log reader and matcher a failed diagnosis uses, on its own.
  logs: { layers: ['model', 'catalog', 'checks', 'engine', 'probes', 'security', 'targets', 'text', 'version'] },
  rehearse: { layers: ['model', 'catalog', 'demo', 'engine', 'probes', 'security', 'sim', 'targets', 'version'] },
  index: { layers: ['model', 'catalog', 'checks', 'conformance', 'engine', 'logs', 'probes', 'report', 'security'] },
  cli: { layers: ['model', 'catalog', 'checks', 'config', 'conformance', 'demo', 'engine', 'lint', 'logs', 'probes', 'rehearse', 'report', 'security', 'sim', 'targets', 'teardown', 'text', 'token', 'version'] },
};

/** Packages with one home: network libraries in probes (and the simulation), yargs in the CLI, chalk in renderers. */
const PACKAGE_OWNERS: Record<string, readonly string[]> = {
  yargs: ['cli'],
  chalk: ['report'],
  undici: ['probes', 'sim'],
  jose: ['probes', 'sim'],
  'proxy-agent': ['probes'],
  '@modelcontextprotocol/sdk': ['probes', 'sim'],
  '@aws-sdk/client-bedrock-agentcore-control': ['probes', 'teardown'],
  '@aws-sdk/client-cognito-identity-provider': ['probes', 'teardown'],
  '@aws-sdk/client-lambda': ['probes', 'teardown'],
  '@aws-sdk/client-cloudformation': ['teardown'],
  '@aws-sdk/client-ecr': ['teardown'],
  '@aws-sdk/client-codebuild': ['teardown'],
  '@aws-sdk/client-iam': ['teardown'],
  '@aws-sdk/client-cloudwatch-logs': ['probes', 'teardown'],
  '@aws-sdk/credential-providers': ['probes'],
  '@smithy/signature-v4': ['probes', 'sim'],
  '@smithy/protocol-http': ['probes', 'sim'],
  '@aws-crypto/sha256-js': ['probes', 'sim'],
};

const graph = readImportGraph(SOURCE_ROOT);

/** Files reachable from the files of `layer` through any import. */
function reachableFrom(edges: readonly ImportEdge[], layer: string): Set<string> {
  const next = new Map<string, string[]>();
  for (const edge of edges) if (edge.kind === 'file') next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const seen = new Set<string>();
  const stack = [...next.keys()].filter((file) => layerOf(file) === layer);
  while (stack.length > 0) {
    const file = stack.pop() as string;
    for (const to of next.get(file) ?? []) {
      if (seen.has(to)) continue;
      seen.add(to);
      stack.push(to);
    }
  }
  return seen;
}

describe('dependency rule', () => {
  it('reads the whole source tree', () => {
    expect(graph.some((e) => e.from === 'engine/run-doctor.ts' && e.to === 'probes/index.ts')).toBe(true);
    expect(graph.filter((e) => e.from.startsWith('checks/')).length).toBeGreaterThan(30);
  });

  it('every layer imports only the layers below it, and every package stays in its layer', () => {
    expect(findViolations(graph, RULES, PACKAGE_OWNERS)).toEqual([]);
  });

  it('the model imports nothing else of the project, not even types', () => {
    const outward = graph.filter((e) => layerOf(e.from) === 'model' && e.kind === 'file' && layerOf(e.to) !== 'model');
    expect(outward).toEqual([]);
  });

  it('renderers never reach probes or the engine, even through another module', () => {
    const reached = [...reachableFrom(graph, 'report')].filter((file) => ['probes', 'engine', 'checks', 'cli'].includes(layerOf(file)));
    expect(reached).toEqual([]);
  });

  it('checks reach no probe code', () => {
    expect([...reachableFrom(graph, 'checks')].filter((file) => layerOf(file) === 'probes')).toEqual([]);
  });

  it('the command line lives in src/cli: the only top-level files are the library entry and the version', () => {
    const topLevel = readdirSync(SOURCE_ROOT, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
    expect(topLevel.sort()).toEqual(['index.ts', 'version.ts']);
  });

  it('target resolution has one home: only src/targets defines target and ARN resolvers (the simulation parses its own, as AWS does)', () => {
    const definers: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts') && /^export (async )?function (resolveTarget\w*|parse\w*Arn\w*|looksLike\w*)\(/m.test(readFileSync(path, 'utf8'))) definers.push(relative(SOURCE_ROOT, path).split(sep).join('/'));
      }
    };
    walk(SOURCE_ROOT);
    expect(definers.filter((file) => !['targets', 'sim'].includes(layerOf(file)))).toEqual([]);
    expect(definers).toContain('targets/resolve.ts');
  });
});

describe('import graph reader', () => {
  it('sees static, re-exported, dynamic, type-position and augmenting imports, and which are type-only', () => {
    const text = [
      "import { a, type B } from '../probes/x.js';",
      "import type { C } from './y.js';",
      "import { type D } from 'undici';",
      "export { e } from '../engine/z.js';",
      "export type { F } from '../report/w.js';",
      "import 'chalk';",
      "const m = await import('../cli/main.js');",
      "type G = import('@smithy/types').Provider<string>;",
      "declare module '../model/finding-code.js' { interface K {} }",
      "import { readFile } from 'node:fs';",
    ].join('\n');
    expect(importsOf('checks/sub/file.ts', text)).toEqual([
      { from: 'checks/sub/file.ts', to: 'checks/probes/x.ts', kind: 'file', typeOnly: false },
      { from: 'checks/sub/file.ts', to: 'checks/sub/y.ts', kind: 'file', typeOnly: true },
      { from: 'checks/sub/file.ts', to: 'undici', kind: 'package', typeOnly: true },
      { from: 'checks/sub/file.ts', to: 'checks/engine/z.ts', kind: 'file', typeOnly: false },
      { from: 'checks/sub/file.ts', to: 'checks/report/w.ts', kind: 'file', typeOnly: true },
      { from: 'checks/sub/file.ts', to: 'chalk', kind: 'package', typeOnly: false },
      { from: 'checks/sub/file.ts', to: 'checks/cli/main.ts', kind: 'file', typeOnly: false },
      { from: 'checks/sub/file.ts', to: '@smithy/types', kind: 'package', typeOnly: true },
      { from: 'checks/sub/file.ts', to: 'checks/model/finding-code.ts', kind: 'file', typeOnly: true },
    ]);
    expect(importsOf('checks/file.ts', "import { x } from '../../probes/y.js';")[0]?.to).toBe('../probes/y.ts');
    expect(importsOf('checks/a/file.ts', "import { x } from '../../probes/y.js';")[0]?.to).toBe('probes/y.ts');
  });

  it('flags each kind of broken rule with a line that names the file and the rule', () => {
    const edge = (from: string, to: string, kind: ImportEdge['kind'] = 'file', typeOnly = false): ImportEdge => ({ from, to, kind, typeOnly });
    const problems = findViolations(
      [
        edge('probes/a.ts', 'engine/b.ts', 'file', true),
        edge('probes/a.ts', 'model/c.ts'),
        edge('probes/a.ts', 'probes/d.ts'),
        edge('model/a.ts', 'undici', 'package'),
        edge('model/a.ts', 'undici', 'package', true),
        edge('engine/a.ts', 'chalk', 'package'),
        edge('report/a.ts', 'chalk', 'package'),
        edge('newlayer/a.ts', 'model/b.ts'),
      ],
      { probes: { layers: ['model'] }, model: { layers: [], noPackages: true }, engine: { layers: ['model'] }, report: { layers: [] } },
      { chalk: ['report'] },
    );
    expect(problems).toEqual([
      'probes/a.ts imports engine/b.ts: layer "probes" may not depend on "engine"',
      'model/a.ts imports package undici at run time: layer "model" holds types and pure functions only',
      'engine/a.ts imports chalk: only report may',
      'newlayer/a.ts imports model/b.ts, but layer "newlayer" has no rule',
    ]);
  });
});
