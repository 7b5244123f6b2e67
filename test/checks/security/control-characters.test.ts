import { controlCharacters } from '../../../src/checks/security/control-characters.js';
import { exchange, initOk, testCheck } from '../../helpers/check-tester.js';

testCheck(controlCharacters, {
  valid: [
    { name: 'clean answers', observations: { init: initOk(), 'get-stream': exchange({ label: 'GET (Accept: text/event-stream)', method: 'GET', status: 405 }) } },
    { name: 'an empty list of kinds is clean', observations: { init: initOk({ unsafeCharacters: [] }) } },
  ],
  invalid: [
    {
      name: 'OSC title and CSI clear-screen in serverInfo',
      observations: { init: initOk({ unsafeCharacters: ['ESC', 'BEL'] }) },
      codes: ['CONTROL_CHARACTERS_IN_RESPONSE'],
      severities: ['warning'],
      args: { probe: 'POST initialize', detail: 'ESC (ANSI/OSC escape sequences), BEL in one answer' },
    },
    {
      name: 'C1 bytes in a header of the tools/list answer and bidi overrides in the GET error',
      observations: {
        init: initOk(),
        'no-session': initOk({ label: 'POST tools/list (no Mcp-Session-Id)', unsafeCharacters: ['C1'] }),
        'get-stream': exchange({ label: 'GET (Accept: text/event-stream)', method: 'GET', status: 405, unsafeCharacters: ['bidi'] }),
      },
      codes: ['CONTROL_CHARACTERS_IN_RESPONSE'],
      args: { probe: 'POST tools/list (no Mcp-Session-Id)' },
      message: /C1 controls .* bidirectional overrides in 2 answers/,
    },
  ],
});
