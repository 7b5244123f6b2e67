/**
 * Keeps a run's requests to one endpoint under a per-second quota. AgentCore throttles an endpoint
 * at 25 requests per second (100 in some revisions of its limits page, agentcore-contract §5), and
 * a diagnosis that sends its legacy and 2026-07-28 probes at once would otherwise throttle itself
 * and report its own burst as the server's fault. Starts are spaced evenly rather than admitted in
 * bursts: a burst that leaves late (a busy event loop, a slow signer) lands in the next window.
 */
export class RequestPacer {
  readonly #interval: number;
  #next = 0;

  /** @param limit requests that may start per second */
  constructor(limit: number) {
    this.#interval = 1_000 / limit;
  }

  /** Resolves when one more request may start; rejects when `signal` aborts first. */
  async admit(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const now = performance.now();
    const slot = Math.max(now, this.#next);
    this.#next = slot + this.#interval;
    if (slot > now) await sleep(slot - now, signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted(): void {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}
