/**
 * What the bundled executable takes from undici, in place of the package's `index.js`. That file
 * loads every part of undici when it loads: mock agents, cache stores, WebSocket, EventSource,
 * cookies, retry and SOCKS agents, all interceptors and `fetch` with its WebIDL machinery: about
 * 30 ms of a diagnosis's start-up on Node 22. The doctor sends every request with `request` on an
 * `Agent` (or `EnvHttpProxyAgent`), its `fetch` port included; this module loads only those.
 * `scripts/bundle.mjs` resolves the bare `undici` specifier here; the library build (`tsc`) keeps
 * importing the package itself.
 *
 * A name the project imports from `undici` that is not exported here fails the bundle ("No
 * matching export"), and a file undici moves fails it too ("Could not resolve").
 */
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import api from 'undici/lib/api/index.js';

// `index.js` gives every dispatcher its `request`, `stream`, … methods this way; without it an
// `Agent` can only `dispatch`.
Object.assign(Dispatcher.prototype, api);

export { default as Agent } from 'undici/lib/dispatcher/agent.js';
export { default as EnvHttpProxyAgent } from 'undici/lib/dispatcher/env-http-proxy-agent.js';

/**
 * undici's `request(url, options)` for the doctor's calls, which always name their dispatcher:
 * the package's version falls back to a global agent, which would carry none of the doctor's
 * limits, so a missing one is a bug here.
 * @param {string | URL} url where to send the request
 * @param {{ dispatcher: import('undici').Dispatcher } & Record<string, unknown>} options undici request options
 * @returns {Promise<import('undici').Dispatcher.ResponseData>} the response
 */
export function request(url, options) {
  const { dispatcher, ...rest } = options ?? {};
  if (!dispatcher) throw new TypeError('mcp-doctor: every request names its dispatcher');
  const target = new URL(url);
  return dispatcher.request({ ...rest, origin: target.origin, path: `${target.pathname}${target.search}`, method: rest.method ?? 'GET' });
}
