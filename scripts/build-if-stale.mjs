/**
 * Runs `npm run build` only when the build's inputs changed since the last build, so a repeated
 * `npm start` or `npm test` does not pay for tsc and esbuild again. The inputs are the sources, the
 * package and lock files, the TypeScript configuration and the bundle scripts; their hash is kept in
 * dist/.build-stamp by the last step of `npm run build`. `--force` builds regardless.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Files and folders whose contents decide what the build produces. */
export const BUILD_INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/bundle.mjs', 'scripts/defer-module.mjs', 'scripts/undici-subset.mjs'];
/** Where the hash of the last successful build's inputs is kept. */
export const STAMP_FILE = join('dist', '.build-stamp');
/** Outputs that must exist for a build to count as current. */
export const BUILD_OUTPUTS = [join('dist', 'index.js'), join('dist', 'bundle', 'mcp-doctor.js')];

/** The files under `path` (relative to `root`), or `path` itself when it is a file. */
function listFiles(root, path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((name) => listFiles(root, join(path, name)));
}

/** Hash of every build input's path and contents under `root`. */
export function hashBuildInputs(root) {
  const hash = createHash('sha256');
  for (const file of BUILD_INPUTS.flatMap((input) => listFiles(root, input)).sort()) {
    hash.update(relative(root, join(root, file)).split(sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** True when the outputs exist and were built from inputs with exactly this hash. */
export function isBuildCurrent(root, inputHash = hashBuildInputs(root)) {
  if (!BUILD_OUTPUTS.every((output) => existsSync(join(root, output)))) return false;
  const stamp = join(root, STAMP_FILE);
  return existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === inputHash;
}

/** Records that the outputs under `root` were built from inputs with this hash. */
export function writeBuildStamp(root, inputHash) {
  writeFileSync(join(root, STAMP_FILE), `${inputHash}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (process.argv.includes('--stamp')) {
    // The last step of `npm run build`: a plain build counts as current too.
    writeBuildStamp(root, hashBuildInputs(root));
  } else if (process.argv.includes('--force') || !isBuildCurrent(root)) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const build = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}
