/**
 * Bundles the executable (`src/cli/bin.ts`) into `dist/bundle/`: the entry `mcp-doctor.js` and
 * chunks that load only when a command needs them. Node spends most of a diagnosis compiling and
 * resolving thousands of small modules; fewer, larger files and tree-shaken SDKs start faster and
 * take less memory. `dist/bundle-meta.json` (not published) says which package each chunk holds,
 * for the start-up test and `npm run bench`. Runs after `tsc`, which still builds the library API.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { constants as http2Constants } from 'node:http2';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { deferDefaultExport, rewriteSource } from './defer-module.mjs';

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
  plugins: [undiciSubset(), deferStringWidth(), sdkHeaders(), lazyHttp2()],
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
/**
 * Points every bare `undici` import at `undici-subset.mjs`, which loads only the dispatchers and
 * the `request` API a diagnosis uses.
 */
function undiciSubset() {
  const subset = fileURLToPath(new URL('./undici-subset.mjs', import.meta.url));
  return {
    name: 'undici-subset',
    setup(bundler) {
      bundler.onResolve({ filter: /^undici$/ }, () => ({ path: subset }));
    },
  };
}

/**
 * string-width builds an `Intl.Segmenter` and Unicode-property regular expressions
 * (`/^\p{RGI_Emoji}$/v`) when its module loads: about 25 ms of CPU, a third of the CLI's own
 * start-up, paid by every run through yargs although only help and usage text is ever measured.
 * Each copy of the package (yargs, cliui and wrap-ansi pin different majors) is bundled with that
 * work deferred to its first call.
 */
function deferStringWidth() {
  return checkedRewrites('defer-string-width', [{ file: /[\\/]node_modules[\\/](?:.+[\\/])?string-width[\\/]index\.js$/, rewrite: deferDefaultExport }]);
}

/**
 * Node ships its own copy of undici behind the `Headers`, `fetch` and `Response` globals; the first
 * touch of any of them loads it: about 20 ms of CPU and 13 MB of memory, for a second HTTP client
 * the doctor never sends a request with. The MCP SDK's HTTP client transport builds request headers
 * with the global `Headers`; in the bundle it gets the doctor's own (`src/probes/fetch-response.ts`,
 * the same class the doctor's `fetch` port answers with), so a diagnosis runs on one HTTP client.
 */
function sdkHeaders() {
  const fetchResponseModule = fileURLToPath(new URL('../src/probes/fetch-response.ts', import.meta.url));
  return checkedRewrites(
    'sdk-headers',
    ['client[\\\\/]streamableHttp', 'shared[\\\\/]transport'].map((name) => ({
      file: new RegExp(`[\\\\/]@modelcontextprotocol[\\\\/]sdk[\\\\/]dist[\\\\/]esm[\\\\/]${name}\\.js$`),
      rewrite: (source, path) => rewriteSource(source, path, { prepend: `import { FetchHeaders as Headers } from ${JSON.stringify(fetchResponseModule)};\n`, uses: /\b(?:new|instanceof) Headers\b/ }),
    })),
  );
}

/**
 * undici's HTTP/2 client loads `node:http2`, and with it `node:tls`, when its module loads: about
 * 10 ms of every run's start-up, for ten protocol constants and an `http2.connect` the doctor never
 * calls (it speaks HTTP/1.1; `allowH2` stays off). The bundle inlines the constants, read from
 * `node:http2` at build time, and loads the module on the first HTTP/2 connect.
 */
function lazyHttp2() {
  return checkedRewrites('lazy-http2', [
    {
      file: /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client-h2\.js$/,
      rewrite: (source, path) => {
        const names = [...new Set(source.match(/\b(?:HTTP2|NGHTTP2)_[A-Z0-9_]+\b/g) ?? [])].filter((name) => name in http2Constants);
        const constants = JSON.stringify(Object.fromEntries(names.map((name) => [name, http2Constants[name]])));
        return rewriteSource(source, path, {
          from: "  http2 = require('node:http2')",
          to: `  http2 = { constants: ${constants}, connect: (...args) => require('node:http2').connect(...args) }`,
        });
      },
    },
  ]);
}

/**
 * Edits dependencies' sources as they are bundled: each rule's `rewrite` gets the text of the file
 * its `file` pattern matches. A rule that matched no file fails the build: a dependency moved, and
 * the saving would silently be lost.
 * @param {string} name the plugin's name, for errors
 * @param {{ file: RegExp, rewrite: (source: string, path: string) => string }[]} rules the edits
 */
function checkedRewrites(name, rules) {
  const applied = new Set();
  return {
    name,
    setup(bundler) {
      for (const rule of rules) {
        bundler.onLoad({ filter: rule.file }, async (args) => {
          const contents = rule.rewrite(await readFile(args.path, 'utf8'), args.path);
          applied.add(rule);
          return { contents, loader: 'js', resolveDir: dirname(args.path) };
        });
      }
      bundler.onEnd(() => ({ errors: rules.filter((rule) => !applied.has(rule)).map((rule) => ({ text: `${name}: no bundled file matched ${rule.file}` })) }));
    },
  };
}

writeFileSync(`${root}dist/bundle-meta.json`, JSON.stringify(result.metafile));
