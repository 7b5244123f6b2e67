import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { describeControl, evidenceWithControl, refusedAgainstControl } from '../differential.js';
import { detailOf, evidenceOf, says, statusIn } from '../evidence.js';

/**
 * python-sdk ≥ 1.10 answers a wrong Content-Type with 400 `Invalid Content-Type header` before it
 * checks Accept; the TypeScript SDK answers 415 (matrix P6, §3.3 b). The text/plain probe is judged
 * against the compliant initialize, which differs only in Content-Type: an Express app whose JSON
 * parser skips the body answers `400 No valid session ID provided`, which names no header at all.
 */
export const contentType = defineCheck({
  id: 'content-type',
  title: 'Content-Type handling',
  area: 'transport',
  needs: ['init', 'mcp-answer'],
  uses: ['content-type-plain'],
  codes: ['CONTENT_TYPE_REJECTED'],
  run({ init, 'content-type-plain': plain }): FindingSpec | undefined {
    if (rejectsContentType(init)) {
      return { code: 'CONTENT_TYPE_REJECTED', severity: 'error', args: { status: init.status, probe: init.label, detail: detailOf(init) }, evidence: evidenceOf(init) };
    }
    if (!plain) return undefined;
    if (refusedAgainstControl(plain, init)) {
      return {
        code: 'CONTENT_TYPE_REJECTED',
        args: { status: plain.status, probe: plain.label, detail: detailOf(plain), control: describeControl(init, 'with `Content-Type: application/json`') },
        evidence: evidenceWithControl(plain, init),
      };
    }
    // Without a served control only the known answers can be attributed.
    if (rejectsContentType(plain)) return { code: 'CONTENT_TYPE_REJECTED', args: { status: plain.status, probe: plain.label, detail: detailOf(plain) }, evidence: evidenceOf(plain) };
    return undefined;
  },
});

/** The answer refuses the request for its Content-Type (415, or 400 naming Content-Type). */
export function rejectsContentType(exchange: HttpExchange): boolean {
  return statusIn(exchange, 415) || (statusIn(exchange, 400) && says(exchange, /Content-Type/i));
}
