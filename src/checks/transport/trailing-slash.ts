import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import { describeRedirect, evidenceOf, isRedirect } from '../evidence.js';

/**
 * Clients configured with the other slash form get a Starlette 307; its `Location` can downgrade
 * to `http://` behind a TLS terminator (matrix P25, §3.3 j).
 */
export const trailingSlash = defineCheck({
  id: 'trailing-slash',
  title: 'The other slash form of the path (/mcp vs /mcp/) works without a redirect',
  area: 'transport',
  needs: ['path-variant', 'mcp-answer'],
  codes: ['TRAILING_SLASH_REDIRECT'],
  run({ 'path-variant': variant }): FindingSpec | undefined {
    if (!isRedirect(variant)) return undefined;
    const { location, slashOnly, downgrade } = describeRedirect(variant);
    // A redirect of every path elsewhere (a login gateway) is judged on the target URL itself.
    if (!slashOnly) return undefined;
    return {
      code: 'TRAILING_SLASH_REDIRECT',
      severity: downgrade ? 'error' : 'info',
      args: { status: variant.status, probe: variant.label, location },
      evidence: evidenceOf(variant),
    };
  },
});
