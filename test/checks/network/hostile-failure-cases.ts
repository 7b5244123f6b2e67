import type { InvalidCase } from '../../helpers/check-tester.js';
import type { NetworkErrorKind } from '../../../src/model/observations.js';
import { exchange } from '../../helpers/check-tester.js';

/**
 * endpoint-reachable cases for failures after the connection was made: what the hostile-server
 * suite (issue 6) produces. Kept apart so the shared table gains them with one line.
 */
const failed = (kind: NetworkErrorKind, code: string, message: string, status?: number) =>
  exchange({ outcome: 'network-error', error: { kind, code, message }, ...(status === undefined ? {} : { status, headers: { 'content-type': 'application/json' } }) });

/** Invalid cases for the endpoint-reachable table. */
export const hostileFailureCases: Array<InvalidCase<'init', never>> = [
    {
      name: 'an SSH banner instead of a status line',
      observations: { init: failed('protocol', 'HTTPParserError', 'Response does not match the HTTP/1.1 protocol (Expected HTTP/, RTSP/ or ICE/)') },
      codes: ['MALFORMED_HTTP_RESPONSE'],
      severities: ['error'],
      message: /could not be parsed as HTTP\/1\.1: Response does not match/,
    },
    {
      name: 'a chunk size that is not hexadecimal, after a 200',
      observations: { init: failed('protocol', 'HTTPParserError', 'Response does not match the HTTP/1.1 protocol (Invalid character in chunk size)', 200) },
      codes: ['MALFORMED_HTTP_RESPONSE'],
    },
    {
      name: 'ten thousand response headers',
      observations: { init: failed('too-large', 'UND_ERR_HEADERS_OVERFLOW', 'Headers Overflow Error') },
      codes: ['RESPONSE_TOO_LARGE'],
      severities: ['error'],
      message: /in its header block/,
    },
    {
      name: 'a 1 GiB body cut at the cap',
      observations: { init: failed('too-large', 'RESPONSE_TOO_LARGE', 'the body passed the 4194304-byte cap before it ended', 200) },
      codes: ['RESPONSE_TOO_LARGE'],
      message: /passed mcp-doctor's size limit and was cut off unread \(the body passed the 4194304-byte cap/,
    },
    {
      name: 'a reset after the headers (crash mid-response)',
      observations: { init: failed('reset', 'ECONNRESET', 'read ECONNRESET', 200) },
      codes: ['RESPONSE_INTERRUPTED'],
      severities: ['error'],
      args: { status: 200, errorCode: 'ECONNRESET' },
      message: /began \(HTTP 200\), then the connection was reset/,
    },
    {
      name: 'a clean close before the announced length',
      observations: { init: failed('reset', 'UND_ERR_SOCKET', 'other side closed', 200) },
      codes: ['RESPONSE_INTERRUPTED'],
      message: /was closed before the body was complete/,
    },
    {
      name: 'a close before any status is still the docker-proxy empty reply',
      observations: { init: failed('reset', 'UND_ERR_SOCKET', 'other side closed') },
      codes: ['CONNECTION_REFUSED'],
    },
];
