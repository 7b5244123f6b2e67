import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { invocationUrl, parseRuntimeArn } from '../../src/targets/arn.js';
import { PARTITIONS } from '../../src/targets/regions.js';
import { resolveTargetInput } from '../../src/targets/resolve.js';
import { hostileString, runs, timeoutFor } from './runs.js';

/** Runs `fn`; returns its value, or the UsageError it threw; any other throw fails the property. */
function totalOrUsage<T>(fn: () => T): T | UsageError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw new Error(`expected a result or a UsageError, got ${String(error)}`);
  }
}

/** A one-line message a terminal shows safely. */
function expectOneLine(error: UsageError): void {
  expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  expect(error.message.length).toBeLessThan(600);
}

const partitionRegion = fc.constantFrom(...Object.entries(PARTITIONS).flatMap(([partition, info]) => info.regions.map((region) => ({ partition, region }))));
const alnum = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: min, maxLength: max });
const word = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'), minLength: min, maxLength: max });
const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
/** Runtime ids from the grammar: a letter, up to 47 word characters, a hyphen, 1–64 alphanumerics. */
const runtimeId = fc.tuple(letter, word(0, 47), alnum(1, 64)).map(([first, rest, suffix]) => `${first}${rest}-${suffix}`);
const accountId = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 });
const validArn = fc.record({ pr: partitionRegion, accountId, runtimeId }).map(({ pr, accountId: account, runtimeId: id }) => ({
  arn: `arn:${pr.partition}:bedrock-agentcore:${pr.region}:${account}:runtime/${id}`,
  partition: pr.partition,
  region: pr.region,
  accountId: account,
  runtimeId: id,
}));

/** Near-miss ARNs: a valid one with one field swapped for something hostile or confusable. */
const nearMiss = fc
  .tuple(
    validArn,
    fc.nat({ max: 6 }),
    fc.oneof(
      hostileString(24),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', ' ', '', ':', '/', 'runtime', 'runtime/', 'gateway/x', 'arn', 'ARN', 'aws ', 'us-east-1\n'),
    ),
  )
  .map(([valid, field, replacement]) => {
    const parts = ['arn', valid.partition, 'bedrock-agentcore', valid.region, valid.accountId, `runtime/${valid.runtimeId}`];
    if (field < parts.length) parts[field] = replacement;
    else parts.push(replacement);
    return parts.join(':');
  });

describe('ARN parser properties', { timeout: timeoutFor(1, 30) }, () => {
  it('is total: any string gives a parsed ARN or a one-line UsageError', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString(200), fc.string({ unit: 'binary' }), nearMiss, nearMiss.map((a) => `${a}/runtime-endpoint/DEFAULT`)), (input) => {
        const result = totalOrUsage(() => parseRuntimeArn(input));
        if (result instanceof UsageError) expectOneLine(result);
        else expect(result.arn).toBe(input);
      }),
      runs(),
    );
  });

  it('accepts every grammar-generated runtime ARN and round-trips its fields', () => {
    fc.assert(
      fc.property(validArn, (valid) => {
        const parsed = parseRuntimeArn(valid.arn);
        expect(parsed).toEqual(valid);
        expect(`arn:${parsed.partition}:bedrock-agentcore:${parsed.region}:${parsed.accountId}:runtime/${parsed.runtimeId}`).toBe(valid.arn);
      }),
      runs(),
    );
  });

  it('rejects a valid ARN once a field is replaced by something that breaks the grammar', () => {
    fc.assert(
      fc.property(nearMiss, (input) => {
        const result = totalOrUsage(() => parseRuntimeArn(input));
        // A replacement can happen to be valid again (another region, another id): then it must round-trip.
        if (!(result instanceof UsageError)) {
          expect(/^arn:[a-z-]+:bedrock-agentcore:[a-z0-9-]+:\d{12}:runtime\/[A-Za-z][A-Za-z0-9_]*-[A-Za-z0-9]+$/.test(input)).toBe(true);
        }
      }),
      runs(),
    );
  });

  it('puts the ARN into the invocation path as exactly one URL-encoded segment', () => {
    fc.assert(
      fc.property(validArn, fc.constantFrom('http://127.0.0.1:9', 'https://bedrock-agentcore.us-east-1.amazonaws.com/', 'https://h.example/base//'), word(1, 48), (valid, base, qualifier) => {
        const url = new URL(invocationUrl(base, valid.arn, qualifier));
        const segments = url.pathname.split('/').filter(Boolean);
        expect(segments.slice(-3)).toEqual(['runtimes', encodeURIComponent(valid.arn), 'invocations']);
        expect(decodeURIComponent(segments.at(-2) as string)).toBe(valid.arn);
        expect(url.searchParams.get('qualifier')).toBe(qualifier);
        expect(url.pathname).not.toContain('//');
      }),
      runs(),
    );
  });

  it('resolves any target string and qualifier to a target or a one-line UsageError', () => {
    fc.assert(
      fc.property(
        fc.oneof(validArn.map((v) => v.arn), nearMiss, hostileString(80), fc.webUrl()),
        fc.option(fc.oneof(word(1, 48), hostileString(70)), { nil: undefined }),
        (input, qualifier) => {
          const result = totalOrUsage(() => resolveTargetInput(input, { env: {}, ...(qualifier === undefined ? {} : { qualifier }) }));
          if (result instanceof UsageError) expectOneLine(result);
          else expect(() => new URL(result.url)).not.toThrow();
        },
      ),
      runs(),
    );
  });
});
