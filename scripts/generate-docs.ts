/**
 * `npm run docs`: regenerates the code pages and their table, then every sample output in README.md
 * and docs/ from real runs of the built CLI (see scripts/doc-samples.ts). Run `npm run build` first.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSamples, REPO_ROOT, renderSample, replaceSamples } from './doc-samples.js';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : []));
}

// The code pages and their table first (that script writes them when imported, from the repository root).
process.chdir(REPO_ROOT);
await import('./generate-code-docs.js');
let samples = 0;
for (const file of [join(REPO_ROOT, 'README.md'), ...markdownFiles(join(REPO_ROOT, 'docs'))]) {
  const text = readFileSync(file, 'utf8');
  const blocks = findSamples(text);
  if (blocks.length === 0) continue;
  const bodies: string[] = [];
  for (const block of blocks) bodies.push(await renderSample(block.spec));
  writeFileSync(file, replaceSamples(text, bodies));
  samples += blocks.length;
}
process.stdout.write(`wrote ${samples} sample outputs\n`);
