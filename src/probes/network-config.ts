import type { LookupFunction } from 'node:net';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { UsageError } from '../model/errors.js';
import type { NetworkFacts } from '../model/observations.js';
import type { ProxySettings, NetworkConfig } from '../model/runtime.js';
import { FileReadError, readBoundedTextSync } from '../security/read-bounded.js';

/**
 * The one place that decides how the doctor reaches the network, so that corporate settings apply
 * to every request: the undici dispatcher of the data plane, discovery, JWKS and OAuth fetches, and
 * the Node agents behind every AWS SDK client (which ignores proxy variables by itself,
 * reliability-security §1.6).
 *
 * - Proxies come from `http_proxy`/`https_proxy`/`no_proxy` (lower-case wins over upper-case, as in
 *   undici's EnvHttpProxyAgent); HTTPS targets are tunnelled with CONNECT, so a proxy never sees
 *   their headers; plain-HTTP targets are forwarded in absolute form, as curl does.
 * - `--ca-file` adds PEM roots. Node ignores `NODE_EXTRA_CA_CERTS` for a connection that sets `ca`
 *   (§1.5), so the set handed over is Node's roots + `NODE_EXTRA_CA_CERTS` + the file.
 * - Certificates are always verified on the doctor's own connections, even when
 *   `NODE_TLS_REJECT_UNAUTHORIZED=0` is set (reliability-security §8 S4); that setting is reported.
 */

// Built-ins are taken when a run needs them, not imported. An ESM import of `node:http` reads
// every export to build its namespace, and on Node 22 the lazy `WebSocket` export loads Node's
// bundled copy of undici (~20 ms); `node:tls` and `node:https` cost ~10 ms to load, and a
// diagnosis over plain HTTP without `--ca-file` or AWS calls needs neither.

/** What the user chose. */
export interface NetworkOptions {
  /** `--ca-file`: a PEM bundle added to the trusted roots. */
  caFile?: string;
  /** Where proxy and TLS variables are read. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Ignore the proxy variables: for runs that never leave loopback (the demo), which a proxy cannot reach. */
  direct?: boolean;
}

/** Reads the proxy variables; a lower-case variable wins even when empty (undici's rule). */
export function readProxySettings(env: NodeJS.ProcessEnv): ProxySettings {
  const pick = (name: string): string | undefined => {
    const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const out: ProxySettings = {};
  const http = pick('http_proxy');
  const https = pick('https_proxy');
  const noProxy = pick('no_proxy');
  if (http !== undefined) out.httpProxy = http;
  if (https !== undefined) out.httpsProxy = https;
  if (noProxy !== undefined) out.noProxy = noProxy;
  return out;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * The proxy for `url`, with undici's EnvHttpProxyAgent semantics so the AWS SDK path and the undici
 * path agree: `https:` uses `https_proxy`, else `http_proxy`; `no_proxy` is a comma or space
 * separated list of hosts (exact), `.suffix`/`*.suffix` (any subdomain), optional `:port`; `*`
 * bypasses every proxy.
 */
export function proxyForUrl(url: string, proxies: ProxySettings): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const proxy = parsed.protocol === 'https:' ? (proxies.httpsProxy ?? proxies.httpProxy) : parsed.protocol === 'http:' ? proxies.httpProxy : undefined;
  if (proxy === undefined) return undefined;
  return bypassesProxy(parsed, proxies.noProxy) ? undefined : proxy;
}

function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  if (noProxy === undefined) return false;
  if (noProxy === '*') return true;
  const hostname = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(url.port, 10) || DEFAULT_PORTS[url.protocol] || 0;
  for (const raw of noProxy.split(/[,\s]/)) {
    if (!raw) continue;
    const match = /(.+):(\d+)$/.exec(raw);
    const entryHost = (match ? (match[1] as string) : raw).toLowerCase();
    const entryPort = match ? Number.parseInt(match[2] as string, 10) : 0;
    if (entryPort && entryPort !== port) continue;
    if (/^[.*]/.test(entryHost)) {
      if (hostname.endsWith(entryHost.replace(/^\*/, ''))) return true;
    } else if (hostname === entryHost) {
      return true;
    }
  }
  return false;
}

/** A proxy URL without its credentials, for display. */
export function maskProxyUrl(proxy: string): string {
  const url = parseProxyUrl(proxy);
  // Not a URL: show nothing of it, it may be `user:pass@host` without a scheme.
  if (!url) return '(unparsable proxy URL)';
  if (!url.username && !url.password) return proxy;
  url.username = '***';
  url.password = '';
  return url.href;
}

/** A proxy URL with a scheme and an authority; `user:pass@host` would parse as scheme `user:`. */
function parseProxyUrl(proxy: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy)) return undefined;
  try {
    return new URL(proxy);
  } catch {
    return undefined;
  }
}

function proxyCredentials(proxy: string | undefined): string[] {
  if (proxy === undefined) return [];
  const url = parseProxyUrl(proxy);
  if (!url) return [proxy];
  return [url.username, url.password, decodeURIComponent(url.username), decodeURIComponent(url.password), `${url.username}:${url.password}`].filter((s) => s.length > 0 && s !== ':');
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const MAX_CA_FILE_BYTES = 10 * 1024 * 1024;

/** Reads a PEM bundle; anything but readable PEM certificates is a one-line usage error. */
export function loadCaFile(path: string): string[] {
  let text: string;
  try {
    // `stat` says 0 bytes for /dev/zero: the cap counts what is read.
    text = readBoundedTextSync(path, { label: '--ca-file', maxBytes: MAX_CA_FILE_BYTES });
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    throw new UsageError(`--ca-file ${path} cannot be read (${error.reason})`);
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new UsageError(`--ca-file ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  blocks.forEach((pem, index) => {
    try {
      new (process.getBuiltinModule('node:crypto').X509Certificate)(pem);
    } catch {
      throw new UsageError(`--ca-file ${path}: certificate ${index + 1} of ${blocks.length} is not a valid PEM certificate`);
    }
  });
  return blocks;
}

/** `NODE_EXTRA_CA_CERTS`, read the way Node does at start; Node itself warns when it cannot. */
function extraCaCertificates(env: NodeJS.ProcessEnv): string[] {
  const path = env.NODE_EXTRA_CA_CERTS;
  if (!path) return [];
  try {
    return readBoundedTextSync(path, { label: 'NODE_EXTRA_CA_CERTS', maxBytes: MAX_CA_FILE_BYTES }).match(PEM_BLOCK) ?? [];
  } catch {
    return [];
  }
}

/** Builds the network settings of a run; a bad `--ca-file` throws a UsageError. */
export function createNetworkConfig(options: NetworkOptions = {}): NetworkConfig {
  const env = options.env ?? process.env;
  const proxies = options.direct ? {} : readProxySettings(env);
  const fileCerts = options.caFile === undefined ? undefined : loadCaFile(options.caFile);
  const ca = fileCerts === undefined ? undefined : [...process.getBuiltinModule('node:tls').rootCertificates, ...extraCaCertificates(env), ...fileCerts];
  const facts: NetworkFacts = { tlsVerificationDisabledByEnv: env.NODE_TLS_REJECT_UNAUTHORIZED === '0' };
  if (proxies.httpProxy !== undefined) facts.httpProxy = maskProxyUrl(proxies.httpProxy);
  if (proxies.httpsProxy !== undefined) facts.httpsProxy = maskProxyUrl(proxies.httpsProxy);
  if (proxies.noProxy !== undefined) facts.noProxy = proxies.noProxy;
  if (options.caFile !== undefined && fileCerts) facts.caFile = { path: options.caFile, certificates: fileCerts.length };
  if (env.NODE_EXTRA_CA_CERTS) facts.extraCaCerts = env.NODE_EXTRA_CA_CERTS;
  // Explicit `rejectUnauthorized: true` is what keeps NODE_TLS_REJECT_UNAUTHORIZED=0 from applying.
  const tls = { rejectUnauthorized: true, ...(ca ? { ca: [...ca] } : {}) };
  const anyProxy = proxies.httpProxy !== undefined || proxies.httpsProxy !== undefined;
  return {
    proxies,
    ca,
    facts,
    secrets: [...proxyCredentials(proxies.httpProxy), ...proxyCredentials(proxies.httpsProxy)],
    proxyFor: (url) => proxyForUrl(url, proxies),
    dispatcher(settings) {
      const common = {
        headersTimeout: settings.timeoutMs,
        bodyTimeout: settings.timeoutMs,
        keepAliveTimeout: settings.keepAliveTimeout ?? 1_000,
        connect: { timeout: settings.timeoutMs, ...tls, ...(settings.lookup ? { lookup: settings.lookup } : {}) },
      };
      if (!anyProxy) return new Agent(common);
      return new EnvHttpProxyAgent({
        ...common,
        // Explicit values: '' means "none" here, where undefined would make undici read process.env.
        httpProxy: proxies.httpProxy ?? '',
        httpsProxy: proxies.httpsProxy ?? proxies.httpProxy ?? '',
        noProxy: proxies.noProxy ?? '',
        proxyTunnel: false,
        requestTls: { timeout: settings.timeoutMs, ...tls },
        proxyTls: { timeout: settings.timeoutMs, ...tls },
      });
    },
    async awsRequestHandler(settings) {
      const agentOptions = { keepAlive: true, ...tls };
      const { Agent: HttpAgent } = process.getBuiltinModule('node:http');
      const { Agent: HttpsAgent } = process.getBuiltinModule('node:https');
      const timeouts = { connectionTimeout: settings.timeoutMs, requestTimeout: settings.timeoutMs, throwOnRequestTimeout: true };
      // proxy-agent costs ~80 ms of CPU to load: only a run that has a proxy pays for it.
      if (!anyProxy) {
        const { NodeHttpHandler } = await import('@smithy/node-http-handler');
        return new NodeHttpHandler({ ...timeouts, httpAgent: new HttpAgent({ keepAlive: true }), httpsAgent: new HttpsAgent(agentOptions) });
      }
      const [{ NodeHttpHandler }, { ProxyAgent }] = await Promise.all([import('@smithy/node-http-handler'), import('proxy-agent')]);
      const agent = new ProxyAgent({
        ...agentOptions,
        getProxyForUrl: (url: string) => proxyForUrl(url, proxies) ?? '',
        httpAgent: new HttpAgent({ keepAlive: true }),
        httpsAgent: new HttpsAgent(agentOptions),
      });
      return new NodeHttpHandler({ ...timeouts, httpAgent: agent, httpsAgent: agent });
    },
  };
}

let processDefault: NetworkConfig | undefined;

/**
 * The given settings, or the process-wide default (environment proxies, Node's roots): a caller
 * that was handed no settings still honours the proxy variables.
 */
export function networkOf(config: NetworkConfig | undefined): NetworkConfig {
  if (config) return config;
  processDefault ??= createNetworkConfig();
  return processDefault;
}
