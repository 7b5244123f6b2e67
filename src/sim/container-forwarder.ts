import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { delay } from './context.js';

/**
 * The hop from the AgentCore front door to the container (agentcore-contract §2.4, §3.1). A
 * request on a new session id is a cold start: the platform waits for the new microVM, retrying
 * refused connections and 5xx answers until the init deadline, and only then gives up (§5 row
 * "Container never becomes healthy … 424"). A warm session gets one attempt.
 */

/** One request to forward. */
export interface ForwardRequest {
  /** The container URL; undefined = nothing listens. */
  url: string | undefined;
  headers: Record<string, string>;
  body: Buffer;
  /** True when no warm microVM holds this session. */
  coldStart: boolean;
  /** Deadline for a cold start to produce response headers. */
  initTimeoutMs: number;
  /** Deadline for a warm session to produce response headers. */
  requestTimeoutMs: number;
}

/** What came back from the container. */
export type ForwardOutcome =
  | { kind: 'response'; status: number; headers: Record<string, string | string[] | undefined>; body: Readable & { dump(): Promise<void> } }
  | { kind: 'init-timeout' }
  | { kind: 'request-timeout' }
  | { kind: 'stopped' };

type Attempt = Extract<ForwardOutcome, { kind: 'response' }> | { kind: 'timeout' } | { kind: 'connect-error' } | { kind: 'stopped' };

/** Pause between cold-start attempts. */
const RETRY_INTERVAL_MS = 50;
const TIMEOUT = Symbol('timeout');

/** Forwards requests to containers over a private undici dispatcher that `close()` tears down. */
export class ContainerForwarder {
  private readonly agent = new Agent({ keepAliveTimeout: 1_000, keepAliveMaxTimeout: 1_000 });
  private readonly active = new Set<AbortController>();

  constructor(private readonly stopSignal: AbortSignal) {}

  /** Forwards one request, with cold-start semantics when `coldStart` is set. */
  async forward(req: ForwardRequest): Promise<ForwardOutcome> {
    if (!req.coldStart && req.url !== undefined) {
      const attempt = await this.attempt(req.url, req, req.requestTimeoutMs);
      if (attempt.kind === 'response' || attempt.kind === 'stopped') return attempt;
      if (attempt.kind === 'timeout') return { kind: 'request-timeout' };
      // A refused connection on a warm session means its microVM is gone: the next one cold-starts.
    }
    return this.coldStart(req);
  }

  /** Aborts every request and stream in flight and closes the dispatcher's sockets. */
  async close(): Promise<void> {
    for (const controller of this.active) controller.abort();
    this.active.clear();
    await this.agent.destroy();
  }

  private async coldStart(req: ForwardRequest): Promise<ForwardOutcome> {
    const deadline = Date.now() + req.initTimeoutMs;
    for (;;) {
      const remaining = deadline - Date.now();
      if (this.stopSignal.aborted) return { kind: 'stopped' };
      if (remaining <= 0) return { kind: 'init-timeout' };
      if (req.url === undefined) {
        await delay(remaining, this.stopSignal);
        continue;
      }
      const attempt = await this.attempt(req.url, req, remaining);
      if (attempt.kind === 'stopped') return attempt;
      if (attempt.kind === 'timeout') return { kind: 'init-timeout' };
      if (attempt.kind === 'response') {
        // A 5xx while the session starts counts as failed initialisation and is retried (§2.4).
        if (attempt.status < 500) return attempt;
        await attempt.body.dump().catch(() => undefined);
      }
      await delay(Math.min(RETRY_INTERVAL_MS, Math.max(0, deadline - Date.now())), this.stopSignal);
    }
  }

  private async attempt(url: string, req: ForwardRequest, timeoutMs: number): Promise<Attempt> {
    const controller = new AbortController();
    const onStop = (): void => controller.abort();
    this.stopSignal.addEventListener('abort', onStop, { once: true });
    this.active.add(controller);
    const release = (): void => {
      this.active.delete(controller);
      this.stopSignal.removeEventListener('abort', onStop);
    };
    const timer = setTimeout(() => controller.abort(TIMEOUT), timeoutMs);
    try {
      const response = await request(url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        dispatcher: this.agent,
        signal: controller.signal,
        // The deadline above governs the headers; an SSE body may stay quiet for as long as it likes.
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      clearTimeout(timer);
      response.body.once('close', release);
      return { kind: 'response', status: response.statusCode, headers: response.headers, body: response.body };
    } catch {
      clearTimeout(timer);
      release();
      if (controller.signal.reason === TIMEOUT) return { kind: 'timeout' };
      if (this.stopSignal.aborted) return { kind: 'stopped' };
      return { kind: 'connect-error' };
    }
  }
}
