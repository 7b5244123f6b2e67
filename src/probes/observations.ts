import type { AuthDiscoveryObservation, TokenAcquisitionObservation } from './auth/auth-observations.js';
import type { CognitoConfigObservation } from './auth/cognito-config.js';
import type { ServerAuthObservation } from './auth/server-auth-probes.js';
import type { WaitOutcome } from '../engine/wait-until-ready.js';
import type { AwsAccess } from './aws/aws-runtime.js';
import type { ControlPlaneObservation } from './aws/control-plane.js';
import type { HttpExchange, HttpPort } from './http-exchange.js';
import type { NetworkFacts } from './network-config.js';
import type { TokenObservation } from './token.js';

/** One step of the SDK session: did it work, and if not, what the client said. */
export interface SessionStep {
  ok: boolean;
  error?: string;
  /** JSON-RPC error code when the server answered with one. */
  errorCode?: number;
  /** HTTP status when the transport failed on one. */
  httpStatus?: number;
  /**
   * The container's status when AgentCore answered the step with its -32010 wrapper ("Received
   * error (N) from runtime"), which the SDK client cannot parse (`id: null`) and reports as a schema error.
   */
  containerStatus?: number;
}

/** A list operation, with pagination followed. */
export interface ListStep extends SessionStep {
  count: number;
  pages: number;
  names: string[];
  /** The server repeated a cursor; pagination was stopped. */
  cursorLoop?: boolean;
}

/** What the official SDK client saw in a full session. */
export interface McpSessionObservation {
  connect: SessionStep;
  protocolVersion?: string;
  serverInfo?: { name: string; version: string };
  capabilities: string[];
  /** The server issued an `Mcp-Session-Id`. */
  sessionIssued: boolean;
  ping?: SessionStep;
  tools?: ListStep;
  /** Undefined when the server does not declare the capability. */
  resources?: ListStep;
  prompts?: ListStep;
  toolCall?: SessionStep & { name: string; isError?: boolean };
  requests: number;
  /** Sequential round trips the session took. */
  rounds: number;
}

/** Every observation a probe can produce, keyed by probe id. */
export interface Observations {
  'init': HttpExchange;
  'accept-none': HttpExchange;
  'accept-wildcard': HttpExchange;
  'accept-json': HttpExchange;
  'accept-sse': HttpExchange;
  'content-type-plain': HttpExchange;
  'host-foreign': HttpExchange;
  'path-variant': HttpExchange;
  'get-stream': HttpExchange;
  'delete-no-session': HttpExchange;
  'no-session': HttpExchange;
  'foreign-session': HttpExchange;
  'bogus-protocol-version': HttpExchange;
  'mcp-session': McpSessionObservation;
  'token': TokenObservation;
  'control-plane': ControlPlaneObservation;
  'token-acquisition': TokenAcquisitionObservation;
  'discovery': AuthDiscoveryObservation;
  'cognito-config': CognitoConfigObservation;
  'server-auth': ServerAuthObservation;
  'readiness': WaitOutcome | { waited: false };
  'network': NetworkFacts;
}

/** A probe id. */
export type ProbeId = keyof Observations;

/** The I/O handles one run's probes share. */
export interface ProbeRuntime {
  http: HttpPort;
  /** AWS access (credential chain, region), created on first use; undefined with `--no-aws`. */
  aws?: () => Promise<AwsAccess>;
}
