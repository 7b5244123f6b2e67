import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the bundled executable's files hold, from the metafile `scripts/bundle.mjs` writes: turns
 * the files a run loaded into the packages it loaded (bundled into a chunk or resolved from
 * node_modules). Shared by `npm run bench` and the start-up test.
 */

/** The part of esbuild's metafile this reads. */
export interface BundleMetafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)/;

/** `dist/bundle-meta.json` of the last build. */
export function readBundleMetafile(): BundleMetafile {
  return JSON.parse(readFileSync(`${ROOT}dist/bundle-meta.json`, 'utf8')) as BundleMetafile;
}

/** A loaded file (a `file:` URL, or a path absolute or relative to the project) as a project path. */
function toProjectPath(file: string): string {
  const path = file.startsWith('file:') ? fileURLToPath(file) : file;
  return isAbsolute(path) ? relative(ROOT, path) : path;
}

/** The packages, sorted and unique, inside the given loaded files. */
export function packagesInLoadedFiles(files: Iterable<string>, metafile: BundleMetafile): string[] {
  const names = new Set<string>();
  for (const file of files) {
    const path = toProjectPath(file);
    const output = metafile.outputs[path];
    // A file outside the bundle is a module resolved from node_modules at run time.
    for (const source of output ? Object.keys(output.inputs) : [path]) {
      const match = PACKAGE.exec(source);
      if (match?.[1]) names.add(match[1]);
    }
  }
  return [...names].sort();
}
