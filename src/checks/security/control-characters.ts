import { defineCheck, type FindingSpec } from '../../model/contracts.js';
import type { HttpExchange } from '../../model/observations.js';
import { evidenceOf } from '../evidence.js';

/** What each kind of control character can do on a terminal, for the finding's detail. */
const KIND_NAMES: Record<string, string> = {
  ESC: 'ESC (ANSI/OSC escape sequences)',
  BEL: 'BEL',
  C0: 'other C0 controls',
  C1: 'C1 controls (such as the 8-bit CSI 0x9B)',
  bidi: 'bidirectional overrides',
};

/**
 * Terminal injection (reliability-security §5, §8 S7): text a server sends (names, descriptions,
 * errors, header values) must not carry escape sequences, C1 controls or bidi overrides. The
 * doctor strips them from every output either way; this check says that the server sent them.
 */
export const controlCharacters = defineCheck({
  id: 'control-characters',
  title: 'Server text carries no terminal control characters',
  area: 'security',
  needs: ['init'],
  uses: ['get-stream', 'delete-no-session', 'no-session'],
  codes: ['CONTROL_CHARACTERS_IN_RESPONSE'],
  run({ init, 'get-stream': get, 'delete-no-session': del, 'no-session': list }): FindingSpec | undefined {
    const exchanges = [init, list, get, del].filter((e): e is HttpExchange => e !== undefined);
    const dirty = exchanges.filter((e) => (e.unsafeCharacters?.length ?? 0) > 0);
    const first = dirty[0];
    if (!first) return undefined;
    const kinds = [...new Set(dirty.flatMap((e) => e.unsafeCharacters ?? []))];
    const detail = `${kinds.map((k) => KIND_NAMES[k] ?? k).join(', ')} in ${dirty.length === 1 ? 'one answer' : `${dirty.length} answers`}`;
    return { code: 'CONTROL_CHARACTERS_IN_RESPONSE', args: { probe: first.label, detail }, evidence: evidenceOf(first) };
  },
});
