import { randomAlphanumeric } from './issuer.js';
import type { CustomJwtAuthorizer, RuntimeStatus, ServerProtocol, SimEndpointConfig, SimRuntime, SimRuntimeConfig } from './types.js';

/**
 * The runtimes registered in a simulation, in the control plane's terms (agentcore-contract §6):
 * ids `<name>-<10 alphanumerics>`, ARNs `arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>`
 * (§1.2), versions, endpoints (qualifiers) and statuses.
 */

/** A runtime endpoint (qualifier) as the simulation keeps it. */
export interface EndpointRecord {
  name: string;
  status: RuntimeStatus;
  failureReason?: string;
  createdAt: Date;
  lastUpdatedAt: Date;
}

/** A runtime as the simulation keeps it: the effective configuration plus bookkeeping. */
export interface RuntimeRecord {
  arn: string;
  runtimeId: string;
  name: string;
  accountId: string;
  region: string;
  /** `agentRuntimeVersion`, a counter starting at 1. */
  version: number;
  createdAt: Date;
  lastUpdatedAt: Date;
  status: RuntimeStatus;
  failureReason?: string;
  description?: string;
  serverProtocol: ServerProtocol;
  requireMMDSV2: boolean;
  /** Effective authorizer (discoveryUrl and allowedClients defaults applied); undefined = SigV4. */
  authorizer?: CustomJwtAuthorizer & { discoveryUrl: string };
  requestHeaderAllowlist?: string[];
  endpoints: Map<string, EndpointRecord>;
  containerUrl?: string;
  /** `roleArn` (the execution role); undefined = the simulation's default role name. */
  roleArn?: string;
  /** `agentRuntimeArtifact.containerConfiguration.containerUri`; undefined = the toolkit's default repository name. */
  containerUri?: string;
  /** Session ids that already have a warm microVM (§3.1): requests on them skip the cold start. */
  warmSessions: Set<string>;
}

/** A parsed runtime ARN. */
export interface RuntimeArn {
  partition: string;
  region: string;
  accountId: string;
  runtimeId: string;
}

const NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;
const DISCOVERY_PATTERN = /^.+\/\.well-known\/openid-configuration$/;

/**
 * Parses a runtime ARN (6 colon parts, resource `runtime/<id>`, §1.2). An endpoint ARN
 * (`…:runtime/<id>/runtime-endpoint/<name>`) is not a runtime ARN and yields undefined.
 */
export function parseRuntimeArn(arn: string): RuntimeArn | undefined {
  const parts = arn.split(':');
  if (parts.length !== 6) return undefined;
  const [prefix, partition, service, region, accountId, resource] = parts as [string, string, string, string, string, string];
  if (prefix !== 'arn' || service !== 'bedrock-agentcore' || !resource.startsWith('runtime/')) return undefined;
  const runtimeId = resource.slice('runtime/'.length);
  if (!runtimeId || runtimeId.includes('/')) return undefined;
  return { partition, region, accountId, runtimeId };
}

/** Builds a runtime ARN. */
export function runtimeArn(region: string, accountId: string, runtimeId: string): string {
  return `arn:aws:bedrock-agentcore:${region}:${accountId}:runtime/${runtimeId}`;
}

/** Defaults the registry applies to new runtimes. */
export interface RegistryDefaults {
  region: string;
  accountId: string;
  /** The simulation issuer's discovery URL. */
  discoveryUrl: string;
  /** The simulation's default app client, for an authorizer configured with no check at all. */
  clientId: string;
  /** Builds the DEFAULT-qualifier invocation URL of an ARN. */
  invocationUrl(arn: string): string;
}

/** The runtimes of one simulation. */
export class RuntimeRegistry {
  private readonly byArnMap = new Map<string, RuntimeRecord>();

  constructor(private readonly defaults: RegistryDefaults) {}

  /** Registers a runtime; throws on what CreateAgentRuntime would reject. */
  add(config: SimRuntimeConfig): SimRuntime {
    if (!NAME_PATTERN.test(config.name)) throw new Error(`Invalid runtime name ${JSON.stringify(config.name)}: must match [a-zA-Z][a-zA-Z0-9_]{0,47}`);
    const accountId = config.accountId ?? this.defaults.accountId;
    const runtimeId = config.runtimeId ?? `${config.name}-${randomAlphanumeric(10, true)}`;
    for (const existing of this.byArnMap.values()) {
      if (existing.runtimeId === runtimeId) throw new Error(`Runtime id ${runtimeId} already exists`);
      if (existing.name === config.name && existing.accountId === accountId) throw new Error(`Runtime name ${config.name} already exists`);
    }
    const now = new Date();
    const record: RuntimeRecord = {
      arn: runtimeArn(this.defaults.region, accountId, runtimeId),
      runtimeId,
      name: config.name,
      accountId,
      region: this.defaults.region,
      version: 1,
      createdAt: now,
      lastUpdatedAt: now,
      status: 'READY',
      serverProtocol: 'MCP',
      requireMMDSV2: true,
      endpoints: new Map(),
      warmSessions: new Set(),
    };
    this.apply(record, config, true);
    this.byArnMap.set(record.arn, record);

    const registry = this;
    return {
      arn: record.arn,
      runtimeId,
      name: record.name,
      invocationUrl: this.defaults.invocationUrl(record.arn),
      update(patch: Partial<SimRuntimeConfig>): void {
        registry.update(record, patch);
      },
    };
  }

  /** The runtime with this exact ARN. */
  byArn(arn: string): RuntimeRecord | undefined {
    return this.byArnMap.get(arn);
  }

  /** The runtime with this id in this account. */
  byId(runtimeId: string, accountId: string): RuntimeRecord | undefined {
    for (const record of this.byArnMap.values()) if (record.runtimeId === runtimeId && record.accountId === accountId) return record;
    return undefined;
  }

  /** Deletes a runtime (DeleteAgentRuntime done elsewhere); false when it was not there. */
  remove(arn: string): boolean {
    return this.byArnMap.delete(arn);
  }

  /** Every runtime of the account, oldest first. */
  list(accountId: string): RuntimeRecord[] {
    return [...this.byArnMap.values()].filter((record) => record.accountId === accountId);
  }

  private update(record: RuntimeRecord, patch: Partial<SimRuntimeConfig>): void {
    for (const key of ['name', 'runtimeId', 'accountId'] as const) {
      if (patch[key] !== undefined && patch[key] !== record[key]) throw new Error(`A runtime's ${key} cannot change`);
    }
    this.apply(record, patch, false);
    record.lastUpdatedAt = new Date();
    // Status, endpoints and the container are not configuration: only real changes make a new version.
    const configKeys: (keyof SimRuntimeConfig)[] = ['serverProtocol', 'requireMMDSV2', 'customJWTAuthorizer', 'requestHeaderAllowlist', 'description'];
    if (configKeys.some((key) => key in patch)) record.version += 1;
  }

  private apply(record: RuntimeRecord, patch: Partial<SimRuntimeConfig>, creating: boolean): void {
    if (patch.status !== undefined) record.status = patch.status;
    if ('failureReason' in patch) record.failureReason = patch.failureReason;
    if ('description' in patch) record.description = patch.description;
    if (patch.serverProtocol !== undefined) record.serverProtocol = patch.serverProtocol;
    if (patch.requireMMDSV2 !== undefined) record.requireMMDSV2 = patch.requireMMDSV2;
    if ('customJWTAuthorizer' in patch) record.authorizer = patch.customJWTAuthorizer ? this.effectiveAuthorizer(patch.customJWTAuthorizer) : undefined;
    if ('requestHeaderAllowlist' in patch) record.requestHeaderAllowlist = patch.requestHeaderAllowlist ? [...patch.requestHeaderAllowlist] : undefined;
    if ('roleArn' in patch) record.roleArn = patch.roleArn;
    if ('containerUri' in patch) record.containerUri = patch.containerUri;
    if ('containerUrl' in patch) {
      record.containerUrl = patch.containerUrl;
      // A new container image means new microVMs: no session stays warm across it.
      record.warmSessions.clear();
    }
    if (patch.endpoints !== undefined || creating) {
      const now = new Date();
      const wanted: Record<string, SimEndpointConfig> = patch.endpoints ?? { DEFAULT: { status: 'READY' } };
      const next = new Map<string, EndpointRecord>();
      for (const [name, endpoint] of Object.entries(wanted)) {
        const previous = record.endpoints.get(name);
        next.set(name, {
          name,
          status: endpoint.status ?? 'READY',
          ...(endpoint.failureReason !== undefined ? { failureReason: endpoint.failureReason } : {}),
          createdAt: previous?.createdAt ?? now,
          lastUpdatedAt: now,
        });
      }
      record.endpoints = next;
    }
  }

  private effectiveAuthorizer(authorizer: CustomJwtAuthorizer): CustomJwtAuthorizer & { discoveryUrl: string } {
    const discoveryUrl = authorizer.discoveryUrl ?? this.defaults.discoveryUrl;
    if (!DISCOVERY_PATTERN.test(discoveryUrl)) throw new Error(`discoveryUrl must end in /.well-known/openid-configuration: ${discoveryUrl}`);
    const hasCheck = [authorizer.allowedClients, authorizer.allowedAudience, authorizer.allowedScopes, authorizer.customClaims].some((list) => list !== undefined);
    // AgentCore requires at least one check; the AWS samples' choice (allowedClients = [app client]) fills the gap (§4.3).
    return { ...structuredClone(authorizer), discoveryUrl, ...(hasCheck ? {} : { allowedClients: [this.defaults.clientId] }) };
  }
}
