import type { Evidence } from '../../src/model/report.js';

/**
 * The facts a finding's message states, checked against its evidence: a message may only state
 * what the evidence shows. Returns what contradicts; empty when the message holds.
 */
export function messageContradictions(message: string, evidence: Evidence | undefined): string[] {
  if (!evidence) return [];
  const problems: string[] = [];
  const seen = [evidence.request, evidence.bodyExcerpt, evidence.detail, evidence.control?.request, evidence.control?.bodyExcerpt].filter((t): t is string => Boolean(t)).join('\n');
  const statuses = new Set([evidence.status, evidence.control?.status].filter((s): s is number => s !== undefined));
  // Through AgentCore the container's status is quoted in a -32010 body: `Received error (404) from runtime`.
  for (const match of seen.matchAll(/\b([1-5]\d\d)\b/g)) statuses.add(Number(match[1]));
  if (evidence.status !== undefined || evidence.control?.status !== undefined) {
    for (const match of message.matchAll(/(?:^|got |HTTP |answered |\()([1-5]\d\d)\b(?! ms)/g)) {
      const status = Number(match[1]);
      if (!statuses.has(status)) problems.push(`the message names status ${status}, which the evidence does not show (${[...statuses].join(', ') || 'none'})`);
    }
  }
  const control = /whereas the same request [^;]*? got (\d{3})\b/.exec(message);
  if (control && Number(control[1]) !== evidence.control?.status) problems.push(`the message gives the control status ${control[1]}, the evidence ${evidence.control?.status ?? 'no control'}`);
  if (control && !evidence.control) problems.push('the message compares with a control exchange that the evidence does not show');
  if (/\bno byte\b/.test(message) && evidence.bodyExcerpt) problems.push(`the message says no byte arrived, the evidence shows ${JSON.stringify(evidence.bodyExcerpt.slice(0, 40))}`);
  for (const match of message.matchAll(/`Host: ([^`]+)`/g)) {
    if (evidence.request && !evidence.request.includes(match[1] as string) && !evidence.request.includes(`host: ${match[1]}`)) {
      // The URL's own Host is in the request URL; a made-up one is in the request headers.
      problems.push(`the message names Host ${match[1]}, which the evidence's request does not carry`);
    }
  }
  return problems;
}
