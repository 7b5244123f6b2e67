import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { createNetworkConfig, loadCaFile, maskProxyUrl, proxyForUrl, readProxySettings } from '../../src/probes/network-config.js';
import { fifo } from '../helpers/special-files.js';
import { createTestPki, type TestPki } from '../helpers/tls-certs.js';

const P = 'http://proxy.corp:3128';
const S = 'http://secure-proxy.corp:3129';

describe('readProxySettings', () => {
  it.each([
    { name: 'upper case only', env: { HTTP_PROXY: P, NO_PROXY: 'a' }, want: { httpProxy: P, noProxy: 'a' } },
    { name: 'lower case wins', env: { http_proxy: P, HTTP_PROXY: S, https_proxy: S, HTTPS_PROXY: P }, want: { httpProxy: P, httpsProxy: S } },
    { name: 'an empty lower-case variable switches the upper-case one off', env: { http_proxy: '', HTTP_PROXY: P }, want: {} },
    { name: 'no_proxy lower case wins', env: { no_proxy: 'x', NO_PROXY: 'y' }, want: { noProxy: 'x' } },
    { name: 'nothing set', env: {}, want: {} },
  ])('$name', ({ env, want }) => {
    expect(readProxySettings(env)).toEqual(want);
  });
});

describe('proxyForUrl (undici EnvHttpProxyAgent semantics)', () => {
  it.each([
    { url: 'http://api.example.com/mcp', proxies: { httpProxy: P }, want: P },
    { url: 'https://api.example.com/mcp', proxies: { httpProxy: P }, want: P },
    { url: 'https://api.example.com/mcp', proxies: { httpProxy: P, httpsProxy: S }, want: S },
    { url: 'http://api.example.com/mcp', proxies: { httpsProxy: S }, want: undefined },
    { url: 'https://api.example.com/mcp', proxies: { httpsProxy: S, noProxy: 'api.example.com' }, want: undefined },
    { url: 'https://api.example.com/mcp', proxies: { httpsProxy: S, noProxy: 'example.com' }, want: S },
    { url: 'https://api.example.com/mcp', proxies: { httpsProxy: S, noProxy: '.example.com' }, want: undefined },
    { url: 'https://api.example.com/mcp', proxies: { httpsProxy: S, noProxy: '*.example.com' }, want: undefined },
    { url: 'https://api.example.com/mcp', proxies: { httpsProxy: S, noProxy: 'other, api.example.com:443' }, want: undefined },
    { url: 'https://api.example.com:8443/mcp', proxies: { httpsProxy: S, noProxy: 'api.example.com:443' }, want: S },
    { url: 'http://127.0.0.1:9/mcp', proxies: { httpProxy: P, noProxy: 'localhost 127.0.0.1' }, want: undefined },
    { url: 'https://API.Example.COM/mcp', proxies: { httpsProxy: S, noProxy: 'api.example.com' }, want: undefined },
    { url: 'https://anything/mcp', proxies: { httpsProxy: S, noProxy: '*' }, want: undefined },
    { url: 'not a url', proxies: { httpsProxy: S }, want: undefined },
  ])('$url with $proxies → $want', ({ url, proxies, want }) => {
    expect(proxyForUrl(url, proxies)).toBe(want);
  });
});

describe('createNetworkConfig proxies', () => {
  it.each([
    { name: 'from the environment', options: { env: { HTTPS_PROXY: S, NO_PROXY: 'internal.corp' } }, url: 'https://api.example.com/mcp', want: S },
    { name: 'NO_PROXY honoured', options: { env: { HTTPS_PROXY: S, NO_PROXY: 'internal.corp' } }, url: 'https://internal.corp/mcp', want: undefined },
    { name: 'direct ignores every proxy variable (the loopback demo)', options: { env: { HTTPS_PROXY: S, http_proxy: P }, direct: true }, url: 'https://api.example.com/mcp', want: undefined },
  ])('$name', ({ options, url, want }) => {
    expect(createNetworkConfig(options).proxyFor(url)).toBe(want);
  });
});

describe('maskProxyUrl and proxy secrets', () => {
  it.each([
    { proxy: 'http://alice:s3cret-pass@proxy.corp:3128', shown: 'http://***@proxy.corp:3128/' },
    { proxy: 'http://proxy.corp:3128', shown: 'http://proxy.corp:3128' },
    { proxy: 'alice:s3cret-pass@proxy.corp', shown: '(unparsable proxy URL)' },
  ])('$proxy', ({ proxy, shown }) => {
    expect(maskProxyUrl(proxy)).toBe(shown);
    const network = createNetworkConfig({ env: { HTTPS_PROXY: proxy } });
    expect(JSON.stringify(network.facts)).not.toContain('s3cret-pass');
    if (proxy.includes('s3cret-pass')) expect(network.secrets.some((s) => s.includes('s3cret-pass'))).toBe(true);
  });
});

describe('loadCaFile and the trusted roots', () => {
  let pki: TestPki;
  let dir: string;
  beforeAll(async () => {
    pki = await createTestPki();
    dir = await mkdtemp(join(tmpdir(), 'mcp-doctor-ca-'));
    await writeFile(join(dir, 'empty.pem'), 'nothing here\n');
    await writeFile(join(dir, 'broken.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    fifo(join(dir, 'bundle.pem'));
  });
  afterAll(async () => {
    await pki.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    { name: 'missing file', file: () => join(dir, 'absent.pem'), error: /cannot be read \(no such file\)/ },
    { name: 'a directory', file: () => dir, error: /cannot be read \(is a directory\)/ },
    // stat() says 0 bytes for a device: only counting what is read stops it.
    { name: 'a device that never ends', file: () => '/dev/zero', error: /cannot be read \(is a character device, not a regular file\)/ },
    { name: 'a FIFO', file: () => join(dir, 'bundle.pem'), error: /cannot be read \(is a FIFO \(named pipe\), not a regular file\)/ },
    { name: 'no PEM block', file: () => join(dir, 'empty.pem'), error: /holds no PEM certificate/ },
    { name: 'a broken certificate', file: () => join(dir, 'broken.pem'), error: /certificate 1 of 1 is not a valid PEM certificate/ },
  ])('$name is a one-line usage error', ({ file, error }) => {
    const attempt = (): unknown => loadCaFile(file());
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(error);
  });

  it('adds the file to the default roots and NODE_EXTRA_CA_CERTS instead of replacing them', async () => {
    const extra = join(dir, 'extra.pem');
    await writeFile(extra, pki.selfSigned.cert);
    const network = createNetworkConfig({ caFile: pki.caFile, env: { NODE_EXTRA_CA_CERTS: extra } });
    expect(network.ca?.length).toBe(rootCertificates.length + 2);
    expect(network.ca).toContain(pki.selfSigned.cert.trim());
    expect(network.facts.caFile).toEqual({ path: pki.caFile, certificates: 1 });
    expect(network.facts.extraCaCerts).toBe(extra);
    expect(createNetworkConfig({ env: {} }).ca).toBeUndefined();
  });

  it.each([
    { env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' }, disabled: true },
    { env: { NODE_TLS_REJECT_UNAUTHORIZED: '1' }, disabled: false },
    { env: {}, disabled: false },
  ])('NODE_TLS_REJECT_UNAUTHORIZED in $env is reported as disabled=$disabled', ({ env, disabled }) => {
    expect(createNetworkConfig({ env }).facts.tlsVerificationDisabledByEnv).toBe(disabled);
  });
});
