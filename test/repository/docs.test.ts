import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findSamples, renderSample, replaceSamples, splitArgs, stabilizeSample } from '../../scripts/doc-samples.js';
import { anchorsOf, brokenLinks, documentationFiles, linksOf } from '../helpers/markdown-links.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const files = documentationFiles(ROOT);

describe('README and docs/', () => {
  it('every relative link resolves (file and heading)', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((file) => brokenLinks(file, ROOT))).toEqual([]);
  });

  it('the link check finds a missing file, a missing heading and a link out of the repository', () => {
    const dir = makeTempDir('links');
    writeFileSync(join(dir, 'a.md'), '# Title\n\n## Exit codes\n\n[ok](#exit-codes) [ok](b.md#b) [bad](#nope) [gone](missing.md) [up](../../etc/passwd) [web](https://example.com/x.md) `[code](not-a-link.md)`\n');
    writeFileSync(join(dir, 'b.md'), '# B\n');
    expect(brokenLinks(join(dir, 'a.md'), dir).map((b) => b.replace(/^[^:]*: /, ''))).toEqual(['#nope (no such heading)', 'missing.md (no such file)', '../../etc/passwd (no such file)']);
    expect(anchorsOf('# A\n## `explain` (offline)\n## A\n```\n# not a heading\n```\n')).toEqual(new Set(['a', 'explain-offline', 'a-1']));
    expect(linksOf('[x](y.md "title") ![i](img.png)\n[ref]: ./z.md\n')).toEqual(['y.md', 'img.png', './z.md']);
  });

  it('the README is for newcomers: at most about 250 lines, the quick start and where to go next', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
    expect(readme).toContain('npm ci');
    expect(readme).toContain('npm start');
    for (const page of ['agentcore-targets.md', 'auth.md', 'ci-gating.md', 'lint-and-rehearse.md', 'simulation.md', 'security.md', 'json-report.md', 'codes/README.md']) expect(readme).toContain(`(docs/${page})`);
    expect(readme).toMatch(/`explain` exits 0 when at least one code matched, 1 when nothing did, 2 on a usage error/);
  });
});

describe('sample outputs (npm run docs)', () => {
  it('stabilizeSample replaces only what differs between runs', () => {
    const run = (port: number, id: string, client: string, ms: number) =>
      `at http://127.0.0.1:${port}/runtimes/runtime%2Fdemo_id_token-${id}/x (aud ${client}) exp 2026-12-07T12:57:58.000Z · ${ms} ms\n${ROOT}fixtures`;
    expect(stabilizeSample(run(44473, 'RTHgPnKEIE', 'zk9df0z9ekvndx9e5re6ovmsak', 4666))).toBe(stabilizeSample(run(40865, 'yeclFRvttz', 'lxydjca0q37q5vqa136iwktbyu', 4907)));
    expect(stabilizeSample('1 error, 0 warnings · 16/39 checks passed · HOST_HEADER_REJECTED')).toBe('1 error, 0 warnings · 16/39 checks passed · HOST_HEADER_REJECTED');
  });

  it('finds, splits and replaces sample blocks', () => {
    const text = 'a\n<!-- sample: explain "Invalid Host header" -->\nold\n<!-- /sample -->\nb\n';
    const [block] = findSamples(text);
    expect(splitArgs(block!.spec)).toEqual(['explain', 'Invalid Host header']);
    expect(replaceSamples(text, ['new\n'])).toBe('a\n<!-- sample: explain "Invalid Host header" -->\nnew\n<!-- /sample -->\nb\n');
    expect(() => findSamples('<!-- sample: demo -->\nno end')).toThrow(/no <!-- \/sample -->/);
  });

  const samples = files.flatMap((file) => findSamples(readFileSync(file, 'utf8')).map((block) => [`${relative(ROOT, file)}: ${block.spec}`, block] as const));

  it('README and docs hold samples from real runs', () => {
    expect(samples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(samples)('%s is current (run `npm run docs` after a change to the output)', async (_name, block) => {
    expect(await renderSample(block.spec)).toBe(block.body);
  }, 180_000);
});
