import { createRequire } from 'node:module';

/** Replaced by the version string when `scripts/bundle.mjs` builds the executable. */
declare const MCP_DOCTOR_BUNDLED_VERSION: string | undefined;

/** The package version: inlined into the bundle, read from package.json next to `dist/` otherwise. */
export const TOOL_VERSION: string =
  typeof MCP_DOCTOR_BUNDLED_VERSION === 'string' ? MCP_DOCTOR_BUNDLED_VERSION : (createRequire(import.meta.url)('../package.json') as { version: string }).version;
