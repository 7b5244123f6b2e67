import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** Prefix of every folder the tests create under the system temp folder; the run's teardown looks for it. */
export const TEMP_PREFIX = 'mcp-doctor-';

/** The `mcp-doctor-*` entries of the system temp folder. */
export function listTempFolders(dir = tmpdir()): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(TEMP_PREFIX));
}

/** Entries present after a run that were not there before it. */
export function leftBehind(before: readonly string[], after: readonly string[]): string[] {
  const seen = new Set(before);
  return after.filter((name) => !seen.has(name)).sort();
}

/**
 * Vitest global setup: warns when a run leaves `mcp-doctor-*` folders in the temp folder. It only warns,
 * because other runs on the same machine share that folder; .ci/run, alone on its machine, fails on them.
 */
export default function setup(): () => void {
  const before = listTempFolders();
  return () => {
    const left = leftBehind(before, listTempFolders());
    if (left.length > 0) console.warn(`\n${left.length} ${TEMP_PREFIX}* temp folder${left.length === 1 ? '' : 's'} appeared in ${tmpdir()} during this run (a test that does not clean up, or another run on this machine): ${left.join(', ')}`);
  };
}
