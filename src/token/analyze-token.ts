import { predictAuthorizer } from '../checks/auth/predict-authorizer.js';
import { createFinding } from '../engine/findings.js';
import type { RuntimeAuthorizer } from '../model/observations.js';
import type { TokenAnalysis } from '../model/token-analysis.js';
import { decodeTokenUnverified } from '../probes/token.js';

/** What to compare the token with, fetched by the caller. */
export interface TokenContext {
  now: number;
  verification?: TokenAnalysis['verification'];
  runtime?: { arn: string; authorizer?: RuntimeAuthorizer; skipReason?: string };
}

/** Analyses a token: decode, times, and the predicted authorizer verdict when a runtime is known. */
export function analyzeToken(token: string, source: string, ctx: TokenContext): TokenAnalysis {
  const decoded = decodeTokenUnverified(token);
  const analysis: TokenAnalysis = { schemaVersion: 1, source, length: token.length, decoded, times: [], findings: [] };
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    const value = decoded.claims?.[claim];
    if (value !== undefined) analysis.times.push({ claim, iso: new Date(value * 1000).toISOString(), relative: describeRelative(value - ctx.now) });
  }
  if (ctx.verification) {
    analysis.verification = ctx.verification;
    // A key set that could not be fetched or read means the signature was never checked: that is
    // a finding, never "no problem found".
    const { outcome, discoveryUrl, problem } = ctx.verification;
    if (outcome !== 'ok') {
      const code = outcome === 'invalid' ? 'DISCOVERY_INVALID' : 'DISCOVERY_UNREACHABLE';
      const profile = ctx.runtime ? 'agentcore' : 'generic';
      analysis.findings.push(createFinding({ code, args: { url: discoveryUrl, ...(problem ? { detail: problem } : {}) }, evidence: { request: `GET ${discoveryUrl} (no credentials)`, ...(problem ? { detail: problem } : {}) } }, 'token', profile));
    }
  }
  const authorizer = ctx.runtime?.authorizer;
  if (ctx.runtime) {
    analysis.runtime = { arn: ctx.runtime.arn, ...(authorizer ? { authorizer: authorizer.kind } : {}), ...(ctx.runtime.skipReason ? { skipReason: ctx.runtime.skipReason } : {}) };
  }
  const issuer = ctx.verification?.issuer;
  const signature = ctx.verification?.signature as 'verified' | 'unknown-kid' | 'bad-signature' | 'alg-not-allowed' | 'alg-none' | undefined;
  const predictionCtx = { now: ctx.now, ...(issuer ? { discoveredIssuer: issuer } : {}), ...(signature ? { signature } : {}) };
  if (authorizer?.kind === 'jwt') {
    for (const p of predictAuthorizer(decoded, authorizer, predictionCtx)) analysis.findings.push(createFinding({ code: p.code, args: { detail: p.detail }, ...(p.severity ? { severity: p.severity } : {}) }, 'token', 'agentcore'));
  } else if (authorizer?.kind === 'sigv4') {
    analysis.findings.push(createFinding({ code: 'AUTH_MODE_MISMATCH', args: { detail: 'The runtime uses IAM (SigV4) authorization: it accepts no bearer token' } }, 'token', 'agentcore'));
  } else {
    // Without a runtime, judge what a token can be judged on alone: form, time, signature, issuer.
    const generic = predictAuthorizer(decoded, { kind: 'jwt', discoveryUrl: ctx.verification?.discoveryUrl ?? '' }, predictionCtx);
    for (const p of generic) analysis.findings.push(createFinding({ code: p.code, args: { detail: p.detail }, ...(p.severity ? { severity: p.severity } : {}) }, 'token', 'generic'));
  }
  return analysis;
}

function describeRelative(seconds: number): string {
  const abs = Math.abs(seconds);
  const amount = abs < 120 ? `${abs} s` : abs < 7200 ? `${Math.round(abs / 60)} min` : abs < 172_800 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86_400)} days`;
  return seconds >= 0 ? `in ${amount}` : `${amount} ago`;
}
