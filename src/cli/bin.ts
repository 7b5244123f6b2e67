#!/usr/bin/env node
import module from 'node:module';
import { setFlagsFromString } from 'node:v8';

/**
 * The `mcp-doctor` executable. It answers `--version` and plain `explain` queries itself, so they
 * start in about the time of `node -e 0` (no yargs, no engine, no SDKs); anything else loads the
 * full command line (`main.js`), which parses `process.argv` and runs on import.
 */

/** `--version` and `explain [words…]`, `explain --list`, exactly as the full CLI answers them. */
async function answerFast(args: readonly string[]): Promise<number | undefined> {
  if (args.length === 1 && args[0] === '--version') {
    const { TOOL_VERSION } = await import('../version.js');
    const { writeStdout } = await import('../report/write.js');
    await writeStdout(`${TOOL_VERSION}\n`);
    return 0;
  }
  if (args[0] !== 'explain') return undefined;
  // `explain -- -32022`: after `--` every word is the query; a JSON-RPC code alone (`-32022`) is one too.
  const rest = args[1] === '--' ? args.slice(2) : args.slice(1);
  const list = args[1] !== '--' && rest.length === 1 && rest[0] === '--list';
  // Any other flag (--checks, --help, a typo yargs must reject) goes through the full parser.
  if (!list && args[1] !== '--' && rest.some((word) => word.startsWith('-') && !/^-\d+$/.test(word))) return undefined;
  const [{ writeStdout }, { listCodes, renderExplain }] = await Promise.all([import('../report/write.js'), import('../report/explain.js')]);
  if (list || rest.length === 0) {
    const { FINDING_CODES } = await import('../catalog/codes.js');
    await writeStdout(listCodes(FINDING_CODES));
    return 0;
  }
  const { explainExitCode, resolveExplainQuery } = await import('../catalog/explain-query.js');
  const result = resolveExplainQuery(rest.join(' '));
  await writeStdout(renderExplain(result));
  return explainExitCode(result);
}

const fast = await answerFast(process.argv.slice(2));
if (fast === undefined) {
  // Node ≥ 22.1 keeps compiled code on disk (NODE_DISABLE_COMPILE_CACHE=1 turns it off): most of a
  // diagnosis's CPU time is compiling the SDKs, so later runs start much sooner. Node 20 has no cache.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // undici parses HTTP with a WebAssembly module that V8 would also compile with its optimizing
  // tier on background threads: about 30 MB of peak memory and 150 ms of CPU for a parser that
  // reads a few kilobytes per run. The baseline compiler alone is plenty. Set before undici loads.
  setFlagsFromString('--liftoff-only');
  // A run lasts a second or a few minutes: V8's top tier (TurboFan) compiles code that seldom runs
  // long enough to repay it, and the young generation grows to 16 MB for allocations that die young
  // anyway. Turning off the one and capping the other takes about 15 MB off a diagnosis's peak at
  // the same speed (`npm run bench`); Maglev still optimizes the hot paths of a long fleet run.
  setFlagsFromString('--max-opt=2');
  setFlagsFromString('--semi-space-growth-factor=1');
  // zod (under the MCP SDK) compiles a parser with `new Function` for each object schema the first
  // time it parses with it: for the few messages a run reads, the compiling costs more than it
  // saves (about 10 ms of a diagnosis). zod reads this global configuration when it loads; the
  // library API leaves it alone.
  const zodGlobal = globalThis as { __zod_globalConfig?: Record<string, unknown> };
  zodGlobal.__zod_globalConfig = { ...zodGlobal.__zod_globalConfig, jitless: true };
  await import('./main.js');
} else {
  process.exitCode = fast;
}
