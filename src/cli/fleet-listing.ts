import type { RuntimeListing } from '../probes/aws/list-runtimes.js';
import { sanitizeText } from '../security/sanitize-text.js';
import { countOf } from '../text/count-of.js';

/**
 * The line `--all` prints about what it found: how many MCP runtimes, and why the others were left
 * out. A runtime whose GetAgentRuntime failed (throttled, denied) is named as such with the first
 * reason, so a quota or permission problem does not pass for "not MCP".
 */
export function summarizeListing(listing: Pick<RuntimeListing, 'arns' | 'skipped'>, region: string): string {
  const unreadable = listing.skipped.filter((s) => !s.reason.startsWith('serverProtocol ') && !s.reason.startsWith('name '));
  const ordinary = listing.skipped.length - unreadable.length;
  const [firstFailure] = unreadable;
  const notes = [
    ...(ordinary > 0 ? [`${ordinary} left out: not MCP or filtered`] : []),
    ...(firstFailure ? [`${countOf(unreadable.length, 'runtime')} could not be described (${sanitizeText(firstFailure.reason, 200)})`] : []),
  ];
  return `mcp-doctor: --all found ${countOf(listing.arns.length, 'MCP runtime')} in ${region}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}
