import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { evidenceOf } from '../evidence.js';

/** A server that echoes the bearer token leaks it into every log that keeps responses. */
export const tokenReflection = defineCheck({
  id: 'token-reflection',
  title: 'The server never echoes the bearer token',
  area: 'security',
  needs: ['init'],
  uses: ['accept-none', 'accept-wildcard', 'accept-json', 'accept-sse', 'content-type-plain', 'get-stream', 'delete-no-session', 'no-session', 'foreign-session', 'bogus-protocol-version', 'path-variant', 'host-foreign'],
  codes: ['TOKEN_REFLECTED'],
  appliesTo: (ctx) => (ctx.hasToken ? true : 'no bearer token was sent'),
  run(obs): FindingSpec | undefined {
    const reflected = Object.values(obs).filter((e: HttpExchange | undefined): e is HttpExchange => e?.tokenReflected === true);
    const first = reflected[0];
    if (!first) return undefined;
    return { code: 'TOKEN_REFLECTED', args: { probe: first.label, detail: `${reflected.length} response(s)` }, evidence: evidenceOf(first) };
  },
});
