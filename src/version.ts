import { createRequire } from 'node:module';

/** The package version, read from package.json next to `dist/`. */
export const TOOL_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
