import type { OriginLimiter } from '../model/runtime.js';

/**
 * A counting semaphore per origin. Requests past the cap wait in order; one whose signal aborts
 * while it waits leaves the queue. A fleet shares one limiter, so many runtimes behind one
 * AgentCore endpoint never send it more than the cap at once.
 */
export function createOriginLimiter(maxPerOrigin: number): OriginLimiter {
  if (!Number.isInteger(maxPerOrigin) || maxPerOrigin < 1) throw new RangeError(`maxPerOrigin must be a positive integer, got ${maxPerOrigin}`);
  const origins = new Map<string, { active: number; waiting: Array<() => void> }>();

  const releaser = (origin: string): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const state = origins.get(origin);
      if (!state) return;
      const next = state.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays the same.
      if (next) next();
      else if (--state.active === 0) origins.delete(origin);
    };
  };

  return {
    maxPerOrigin,
    active: (origin) => origins.get(origin)?.active ?? 0,
    acquire(origin, signal) {
      if (signal?.aborted) return Promise.reject(abortError(signal));
      let state = origins.get(origin);
      if (!state) {
        state = { active: 0, waiting: [] };
        origins.set(origin, state);
      }
      if (state.active < maxPerOrigin) {
        state.active++;
        return Promise.resolve(releaser(origin));
      }
      const queue = state.waiting;
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          const index = queue.indexOf(grant);
          if (index >= 0) queue.splice(index, 1);
          reject(abortError(signal as AbortSignal));
        };
        const grant = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(releaser(origin));
        };
        queue.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('aborted while waiting for a request slot', 'AbortError');
}
