/**
 * Bundles the executable (`src/cli/bin.ts`) into `dist/bundle/`: the entry `mcp-doctor.js` and
 * chunks that load only when a command needs them. Node spends most of a diagnosis compiling and
 * resolving thousands of small modules; fewer, larger files and tree-shaken SDKs start faster and
 * take less memory. `dist/bundle-meta.json` (not published) says which package each chunk holds,
 * for the start-up test and `npm run bench`. Runs after `tsc`, which still builds the library API.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { 'mcp-doctor': 'src/cli/bin.ts' },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // The ES module builds of the SDKs tree-shake; CommonJS-only packages fall back to `main`.
  mainFields: ['module', 'main'],
  // proxy-agent loads a PAC interpreter's WebAssembly from a path next to its own files, and only
  // with a proxy configured: it stays a package resolved from node_modules at run time.
  external: ['proxy-agent'],
  define: { MCP_DOCTOR_BUNDLED_VERSION: JSON.stringify(version) },
  // CommonJS dependencies call require() for Node built-ins, which an ES module scope lacks.
  banner: { js: "import { createRequire as __mcpDoctorCreateRequire } from 'node:module';\nconst require = __mcpDoctorCreateRequire(import.meta.url);" },
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(`${root}dist/bundle-meta.json`, JSON.stringify(result.metafile));
