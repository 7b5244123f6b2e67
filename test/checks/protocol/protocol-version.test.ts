import { protocolVersion } from '../../../src/checks/protocol/protocol-version.js';
import { exchange, initOk, jsonRpcErrorJson, testCheck } from '../../helpers/check-tester.js';

testCheck(protocolVersion, {
  valid: [
    { name: 'the offered 2025-11-25 is echoed', observations: { init: initOk() } },
    { name: 'an older server answers 2025-06-18', observations: { init: initOk({}, '2025-06-18') } },
    { name: 'an older server answers 2025-03-26', observations: { init: initOk({}, '2025-03-26') } },
    { name: 'a legacy server answers 2024-11-05', observations: { init: initOk({}, '2024-11-05') } },
    {
      name: 'a failed initialize negotiated nothing (judged by initialize)',
      observations: { init: exchange({ status: 400, headers: { 'content-type': 'application/json' }, bodyExcerpt: jsonRpcErrorJson(-32602, 'Unsupported protocol version', 1) }) },
    },
  ],
  invalid: [
    {
      name: 'a pre-release version string',
      observations: { init: initOk({}, '2025-10-01-draft') },
      codes: ['PROTOCOL_VERSION_UNSUPPORTED'],
      severities: ['error'],
      args: { version: '2025-10-01-draft', variants: '2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05' },
      message: /protocolVersion `2025-10-01-draft`/,
    },
    {
      name: 'a hard-coded SDK version instead of a protocol revision',
      observations: { init: initOk({}, '1.0') },
      codes: ['PROTOCOL_VERSION_UNSUPPORTED'],
    },
  ],
});
