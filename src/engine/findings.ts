import { catalog, resolveSeverity } from '../catalog/catalog.js';
import type { FindingSpec } from './definitions.js';
import type { Finding, Profile, SpecReference } from './types.js';

/** Turns a check's `FindingSpec` into a finding with the catalog's prose. */
export function createFinding(spec: FindingSpec, checkId: string, profile: Profile, checkSpec?: SpecReference): Finding {
  const entry = catalog[spec.code];
  const finding: Finding = {
    code: spec.code,
    severity: spec.severity ?? resolveSeverity(spec.code, profile),
    checkId,
    title: entry.title,
    message: entry.summary(spec.args ?? {}),
    remediation: [...entry.remediation],
    causes: [...entry.causes],
    docs: `docs/codes/${spec.code}.md`,
  };
  const reference = 'spec' in entry ? entry.spec : checkSpec;
  if (reference) finding.spec = reference;
  if (spec.evidence) finding.evidence = spec.evidence;
  return finding;
}
