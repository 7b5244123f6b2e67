import { describe, expect, it } from 'vitest';
import { createFinding, orderCausesByEvidence } from '../../src/engine/findings.js';

const CAUSES = ['Uses `transport="http"` (`ValueError: Unknown transport`).', 'Not on PATH (`ENOENT`).', 'A missing module (`ModuleNotFoundError`).', 'Port in use (`EADDRINUSE`).', 'A short span (`x`) never counts.'];

describe('orderCausesByEvidence: the cause the evidence names comes first', () => {
  it.each<[string, { detail?: string; bodyExcerpt?: string } | undefined, number[]]>([
    ['no evidence keeps the catalog order', undefined, [0, 1, 2, 3, 4]],
    ['evidence naming nothing keeps it too', { detail: 'exited with code 1' }, [0, 1, 2, 3, 4]],
    ['a spawn failure', { detail: 'could not start: spawn uvx ENOENT' }, [1, 0, 2, 3, 4]],
    ['case does not matter, the body counts', { bodyExcerpt: "modulenotfounderror: No module named 'mcp'" }, [2, 0, 1, 3, 4]],
    ['two named causes keep their relative order', { detail: 'OSError EADDRINUSE', bodyExcerpt: 'ValueError: Unknown transport: http' }, [0, 3, 1, 2, 4]],
    ['spans under four characters are ignored', { detail: 'x' }, [0, 1, 2, 3, 4]],
  ])('%s', (_name, evidence, order) => {
    expect(orderCausesByEvidence(CAUSES, evidence)).toEqual(order.map((i) => CAUSES[i]));
  });

  it('createFinding applies it to the catalog entry', () => {
    const finding = createFinding({ code: 'SERVER_EXITED_AT_STARTUP', evidence: { detail: 'could not start: spawn nonexistent ENOENT' } }, 'rehearsal-startup', 'agentcore');
    expect(finding.causes[0]).toContain('`ENOENT`');
    const crash = createFinding({ code: 'SERVER_EXITED_AT_STARTUP', evidence: { detail: 'exit code 1; last output: ModuleNotFoundError: No module named mcp' } }, 'rehearsal-startup', 'agentcore');
    expect(crash.causes[0]).toContain('ModuleNotFoundError');
  });
});
