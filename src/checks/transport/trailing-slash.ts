import { defineCheck, type FindingSpec } from '../../engine/definitions.js';
import { evidenceOf, isRedirect } from '../evidence.js';

/**
 * Clients configured with the other slash form get a Starlette 307; its `Location` can downgrade
 * to `http://` behind a TLS terminator (matrix P25, §3.3 j).
 */
export const trailingSlash = defineCheck({
  id: 'trailing-slash',
  title: 'The other slash form of the path (/mcp vs /mcp/) works without a redirect',
  area: 'transport',
  needs: ['path-variant'],
  dependsOn: ['endpoint-speaks-mcp'],
  codes: ['TRAILING_SLASH_REDIRECT'],
  run({ 'path-variant': variant }, ctx): FindingSpec | undefined {
    if (!isRedirect(variant)) return undefined;
    const location = variant.headers.location ?? '';
    let downgrade = false;
    try {
      downgrade = new URL(ctx.target.url).protocol === 'https:' && new URL(location, variant.url).protocol === 'http:';
    } catch {
      downgrade = false;
    }
    return {
      code: 'TRAILING_SLASH_REDIRECT',
      severity: downgrade ? 'error' : 'info',
      args: { status: variant.status, probe: variant.label, location },
      evidence: evidenceOf(variant),
    };
  },
});
