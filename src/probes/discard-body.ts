/** A response body that may still be streaming (an undici `BodyReadable`). */
export interface DiscardableBody {
  on(event: 'error', listener: () => void): unknown;
  destroy(): void;
}

/**
 * Releases a response body that may still be streaming. Destroying an unfinished undici body
 * emits `RequestAbortedError`; without a listener that would crash the process, so one is attached
 * first.
 */
export function discard(body: DiscardableBody): void {
  body.on('error', () => undefined);
  body.destroy();
}
