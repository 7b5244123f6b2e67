import fc from 'fast-check';

/**
 * Shared settings for the property suites. `npm test` runs a few hundred cases per property with a
 * fixed seed; `npm run fuzz` raises `FUZZ_RUNS`. Every failure prints its seed and shrink path, and
 * `FUZZ_SEED=<seed> FUZZ_PATH=<path>` replays exactly that case.
 */

const DEFAULT_SEED = 20_260_601;

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

/** Seed of every property in this run (`FUZZ_SEED`, else a fixed one, so CI failures replay). */
export const FUZZ_SEED = intFromEnv('FUZZ_SEED', DEFAULT_SEED);

/** Multiplier from `FUZZ_RUNS`: the base count of cheap properties (default 200). */
const BASE_RUNS = intFromEnv('FUZZ_RUNS', 200);

// Long runs say up front how to replay them; fast-check adds seed and path to any failure.
if (process.env.FUZZ_RUNS) console.log(`fuzz: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${BASE_RUNS} (replay a failure with FUZZ_SEED=<seed> FUZZ_PATH=<path>)`);

/**
 * fast-check parameters for one property. `scale` shrinks the count for costly properties (a
 * server round trip per case): a property with scale 0.05 runs 10 cases by default and 500 under
 * `FUZZ_RUNS=10000`.
 */
export function runs(scale = 1): fc.Parameters<unknown> {
  const numRuns = Math.max(1, Math.round(BASE_RUNS * scale));
  const path = process.env.FUZZ_PATH;
  return { seed: FUZZ_SEED, numRuns, ...(path ? { path } : {}) };
}

/** The vitest timeout for a property of `scale`: generous, proportional to the run count. */
export function timeoutFor(scale: number, msPerRun: number): number {
  return 30_000 + Math.round(BASE_RUNS * scale * msPerRun);
}

/**
 * Strings a hostile server might send: C0/C1 controls, ESC sequences, noncharacters, lone
 * surrogates, CDATA terminators, markup, bidi overrides and zero-width characters, mixed with
 * ordinary text and full Unicode.
 */
export const hostileString = (maxLength = 64): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 8 }),
        fc.string({ maxLength: 8 }),
        fc.constantFrom(
          '\u001b[31m',
          '\u001b]8;;http://evil.example\u0007',
          '\u009b2J',
          '\u0000',
          '\u0007',
          '\u007f',
          '\u0085',
          '\uFFFE',
          '\uFFFF',
          '\uFEFF',
          '\uD800',
          '\uDFFF',
          '\uDBFF\uDFFF',
          '\u202E',
          '\u2066',
          '\u200B',
          ']]>',
          '<![CDATA[',
          '<script>alert(1)</script>',
          '</td></tr></table>',
          '<!--',
          '-->',
          '&amp;',
          '&#0;',
          '"\'<>&',
          '|',
          '\\|',
          '`',
          '```',
          '[x](javascript:alert(1))',
          '![i](http://evil.example/i.png)',
          '<img src=x onerror=alert(1)>',
          '\r\n',
          '\n\n',
          '\r',
          '::error::',
          '%0A',
          '::add-mask::x',
          '\t',
        ),
        fc.integer({ min: 0, max: 0x10ffff }).map((cp) => (cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp))),
      ),
      { maxLength: Math.max(1, Math.ceil(maxLength / 4)) },
    )
    .map((parts) => parts.join('').slice(0, maxLength));
