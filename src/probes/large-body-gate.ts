/**
 * A body past LARGE_BODY_BYTES is read, decoded and parsed by few requests at a time across the
 * whole process. Parsing a 4 MiB JSON page costs tens of megabytes for a moment; a fleet whose
 * targets all send such pages at once (an endless paginator on four targets) would stack those
 * moments into hundreds. Small bodies, which is every healthy answer, never wait.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Bodies up to this size never wait for a slot. */
export const LARGE_BODY_BYTES = 256 * 1024;
/** Large bodies handled at the same time, process-wide. */
export const LARGE_BODY_SLOTS = 2;

/** A counting semaphore whose waits end when their signal aborts. */
export class LargeBodyGate {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(slots = LARGE_BODY_SLOTS) {
    this.#free = slots;
  }

  /** Waits for a slot; resolves with its release function (safe to call more than once). */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.#free > 0) {
      this.#free -= 1;
      return this.#releaser();
    }
    signal?.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const index = this.#waiting.indexOf(wake);
        if (index !== -1) this.#waiting.splice(index, 1);
        reject(signal?.reason);
      };
      this.#waiting.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return this.#releaser();
  }

  /** Slots free right now (for tests). */
  get free(): number {
    return this.#free;
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      collectGarbageSoon();
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter.
      if (next) next();
      else this.#free += 1;
    };
  }
}

/** The process's gate. */
export const largeBodyGate = new LargeBodyGate();

/**
 * V8 lets garbage pile up until its heap has grown well past what is live: megabyte pages parsed
 * back to back leave several of them uncollected at once. A large body done is the moment to
 * collect, so the peak follows live data (tens of megabytes), not the allocation rate.
 */
let collect: (() => void) | undefined | null;
let pending = false;
function collectGarbageSoon(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  if (!collect || pending) return;
  pending = true;
  setImmediate(() => {
    pending = false;
    collect?.();
  });
}
