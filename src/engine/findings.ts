import { catalog, resolveSeverity } from '../catalog/catalog.js';
import { orderAdvice, type AdviceContext } from '../catalog/stacks.js';
import type { FindingSpec } from '../model/contracts.js';
import type { Evidence, Finding, Profile, SpecReference } from '../model/report.js';

/**
 * Turns a check's `FindingSpec` into a finding with the catalog's prose: causes and fixes for the
 * detected stack and toolchain first, each library-specific line labelled with its library.
 */
export function createFinding(spec: FindingSpec, checkId: string, profile: Profile, checkSpec?: SpecReference, advice: AdviceContext = {}): Finding {
  const entry = catalog[spec.code];
  const finding: Finding = {
    code: spec.code,
    severity: spec.severity ?? resolveSeverity(spec.code, profile),
    checkId,
    title: entry.title,
    message: entry.summary(spec.args ?? {}),
    remediation: orderAdvice(entry.remediation, advice),
    causes: orderCausesByEvidence(orderAdvice(entry.causes, advice), spec.evidence),
    docs: `docs/codes/${spec.code}.md`,
  };
  const reference = 'spec' in entry ? entry.spec : checkSpec;
  if (reference) finding.spec = reference;
  if (spec.evidence) finding.evidence = spec.evidence;
  return finding;
}

/**
 * The catalog's causes with those the evidence names first: a cause quoting an error text in
 * backticks (`EADDRINUSE`, `ValueError: Unknown transport`) that appears in the evidence is what
 * happened, so it becomes the "likely cause" a terminal shows. The rest keep the catalog's order.
 */
export function orderCausesByEvidence(causes: readonly string[], evidence: Evidence | undefined): string[] {
  const seen = [evidence?.detail, evidence?.bodyExcerpt].filter((text): text is string => Boolean(text)).join('\n').toLowerCase();
  if (!seen) return [...causes];
  const named = (cause: string): boolean => [...cause.matchAll(/`([^`]{4,})`/g)].some((match) => seen.includes((match[1] as string).toLowerCase()));
  return [...causes.filter(named), ...causes.filter((cause) => !named(cause))];
}
