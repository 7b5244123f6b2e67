import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { describeControl, evidenceWithControl, outcomeClass, refusedAgainstControl } from '../differential.js';
import { detailOf, evidenceOf, statusIn } from '../evidence.js';

/**
 * A 406 for the compliant Accept header breaks every client; a refusal of the non-compliant
 * variants (each differs from the compliant initialize only in Accept) is the server being right,
 * and explains the 406 a user saw with curl (matrix P1–P5).
 */
export const acceptNegotiation = defineCheck({
  id: 'accept-negotiation',
  title: 'Accept negotiation works for compliant clients',
  area: 'transport',
  needs: ['init', 'mcp-answer'],
  uses: ['accept-none', 'accept-wildcard', 'accept-json', 'accept-sse'],
  codes: ['ACCEPT_NEGOTIATION_BROKEN', 'ACCEPT_HEADER_REQUIRED'],
  run(obs): FindingSpec[] {
    const { init } = obs;
    if (statusIn(init, 406)) {
      return [{ code: 'ACCEPT_NEGOTIATION_BROKEN', args: { status: 406, probe: init.label, detail: detailOf(init) }, evidence: evidenceOf(init) }];
    }
    const variants: Array<[string, HttpExchange | undefined]> = [
      ['none', obs['accept-none']],
      ['*/*', obs['accept-wildcard']],
      ['application/json', obs['accept-json']],
      ['text/event-stream', obs['accept-sse']],
    ];
    const rejected = variants.filter(([, exchange]) => statusIn(exchange, 406) || refusedAgainstControl(exchange, init));
    const first = rejected[0]?.[1];
    if (!first) return [];
    const sameStatus = rejected.filter(([, exchange]) => exchange?.status === first.status);
    const served = outcomeClass(init) === 'served';
    return [
      {
        code: 'ACCEPT_HEADER_REQUIRED',
        args: {
          status: first.status,
          variants: sameStatus.map(([name]) => name).join(', '),
          detail: detailOf(first),
          ...(served ? { control: describeControl(init, 'with `Accept: application/json, text/event-stream`') } : {}),
        },
        evidence: served ? evidenceWithControl(first, init) : evidenceOf(first),
      },
    ];
  },
});

