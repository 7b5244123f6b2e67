import type { IncomingMessage, ServerResponse } from 'node:http';

/** The request-handling half of a local server: one instance per started server. */
export interface HttpHandler {
  /** Answers (or deliberately never answers) one request. Throwing yields a bare 500. */
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
  /** Releases per-instance state (open MCP sessions, timers); called on stop. */
  close?(): Promise<void> | void;
}
