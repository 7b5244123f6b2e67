import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * Verifies AWS Signature Version 4 on requests to the simulated services, by re-signing the
 * request with the simulation's static secret over exactly the headers the client signed. The
 * failure names and messages are the ones AWS front ends answer with.
 */

/** The static credentials the simulation accepts. */
export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The parts of a received request that take part in the signature. */
export interface SignedRequestParts {
  method: string;
  /** The path exactly as it came over the wire (still percent-encoded). */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
}

/** What the service expects of the signature. */
export interface SigV4Expectation {
  /** Signing name: `bedrock-agentcore` for both AgentCore planes, `cognito-idp` for Cognito (§1.1). */
  service: string;
  region: string;
  credentials: StaticCredentials;
  /** @default new Date() */
  now?: Date;
}

/** AWS authentication failure names. */
export type SigV4FailureType = 'MissingAuthenticationTokenException' | 'IncompleteSignatureException' | 'UnrecognizedClientException' | 'InvalidSignatureException';

/** The verdict on a request's signature. */
export type SigV4Result = { ok: true; accessKeyId: string } | { ok: false; errorType: SigV4FailureType; message: string };

/** The fields of an `AWS4-HMAC-SHA256` Authorization header. */
export interface ParsedSigV4Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** AWS rejects signatures dated more than 15 minutes away from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

/** True when the Authorization value is a SigV4 header (what the AWS SDKs send). */
export function isSigV4Authorization(value: string | undefined): boolean {
  return value !== undefined && value.trimStart().startsWith(`${ALGORITHM} `);
}

/** Parses an `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header; undefined when incomplete. */
export function parseSigV4Authorization(value: string): ParsedSigV4Authorization | undefined {
  const rest = value.trim().slice(ALGORITHM.length).trim();
  const fields = new Map<string, string>();
  for (const part of rest.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) return undefined;
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') return undefined;
  const [accessKeyId, date, region, service] = scope as [string, string, string, string, string];
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';').filter(Boolean), signature };
}

/** Verifies the request's SigV4 Authorization header against the static credentials. */
export async function verifySigV4(request: SignedRequestParts, expectation: SigV4Expectation): Promise<SigV4Result> {
  const header = request.headers.authorization;
  const authorization = Array.isArray(header) ? header[0] : header;
  if (!authorization) return { ok: false, errorType: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  const parsed = isSigV4Authorization(authorization) ? parseSigV4Authorization(authorization) : undefined;
  if (!parsed) {
    // AWS echoes the whole header here; only the scheme is repeated so a bearer token never leaks.
    const scheme = authorization.trim().split(/\s+/)[0] ?? '';
    return {
      ok: false,
      errorType: 'IncompleteSignatureException',
      message: `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${scheme}`,
    };
  }
  if (parsed.accessKeyId !== expectation.credentials.accessKeyId) {
    return { ok: false, errorType: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
  }
  if (parsed.service !== expectation.service) {
    return { ok: false, errorType: 'InvalidSignatureException', message: `Credential should be scoped to correct service: '${expectation.service}'. ` };
  }
  if (parsed.region !== expectation.region) {
    return { ok: false, errorType: 'InvalidSignatureException', message: 'Credential should be scoped to a valid region. ' };
  }
  const amzDate = headerString(request.headers['x-amz-date']);
  const signingDate = amzDate ? parseAmzDate(amzDate) : undefined;
  if (!amzDate || !signingDate || !amzDate.startsWith(parsed.date)) {
    return { ok: false, errorType: 'IncompleteSignatureException', message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header." };
  }
  const now = expectation.now ?? new Date();
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    return { ok: false, errorType: 'InvalidSignatureException', message: `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(new Date(now.getTime() - MAX_SKEW_MS))} (${formatAmzDate(now)} - 15 min.)` };
  }

  // A signed x-amz-content-sha256 only vouches for the body if it is the body's hash.
  const declaredHash = headerString(request.headers['x-amz-content-sha256']);
  const bodyMatches = declaredHash === undefined || declaredHash === 'UNSIGNED-PAYLOAD' || declaredHash === createHash('sha256').update(request.body).digest('hex');
  const expected = await computeSignature(request, parsed, signingDate, expectation);
  const given = Buffer.from(parsed.signature, 'utf8');
  const wanted = Buffer.from(expected, 'utf8');
  if (!bodyMatches || given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return {
      ok: false,
      errorType: 'InvalidSignatureException',
      message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return { ok: true, accessKeyId: parsed.accessKeyId };
}

async function computeSignature(request: SignedRequestParts, parsed: ParsedSigV4Authorization, signingDate: Date, expectation: SigV4Expectation): Promise<string> {
  // Only the headers the client listed take part, so unsigned hop-by-hop headers cannot break it.
  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    const value = headerString(request.headers[name]);
    if (value !== undefined) headers[name] = value;
  }
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(request.query.keys())) {
    const values = request.query.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  const signer = new SignatureV4({
    credentials: expectation.credentials,
    region: parsed.region,
    service: parsed.service,
    sha256: Sha256,
    // The client's own x-amz-content-sha256 (when signed) is part of `headers`; never add one.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({ method: request.method, protocol: 'http:', hostname: 'simulation.invalid', path: request.rawPath, query, headers, body: request.body }),
    { signingDate, signableHeaders: new Set(parsed.signedHeaders) },
  );
  const value = headerString((signed.headers as Record<string, string>).authorization) ?? '';
  return /Signature=([0-9a-f]+)/.exec(value)?.[1] ?? '';
}

function headerString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
