import { defineProbe } from '../model/contracts.js';
import { networkOf } from './network-config.js';

/**
 * The run's network settings as an observation (no I/O): which proxies, which extra roots, and
 * whether the environment turns certificate checks off for other Node programs.
 */
export const networkProbe = defineProbe({
  id: 'network',
  title: 'read the network settings (proxies, extra CA roots, TLS verification)',
  needs: [],
  run: (ctx) => Promise.resolve(networkOf(ctx.runtime.http.options.network).facts),
});
