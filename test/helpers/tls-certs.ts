import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FixtureDefinition, RecordedRequest } from '../../fixtures/fixture-types.js';

const run = promisify(execFile);

/**
 * Certificates made at test time with the system `openssl` (never committed): a private CA with a
 * leaf for 127.0.0.1/localhost, and a self-signed leaf for the same names.
 */
export interface TestPki {
  dir: string;
  /** Path of the CA certificate (PEM), for `--ca-file` and `NODE_EXTRA_CA_CERTS`. */
  caFile: string;
  /** A leaf signed by the CA. */
  leaf: { key: string; cert: string };
  /** A leaf that signs itself (no CA can vouch for it). */
  selfSigned: { key: string; cert: string };
  /** Removes the directory. */
  cleanup(): Promise<void>;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const LEAF_EXTENSIONS = 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n';

/** Creates a CA, a CA-signed leaf and a self-signed leaf in a fresh temp dir. */
export async function createTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-doctor-pki-'));
  const p = (name: string): string => join(dir, name);
  await writeFile(p('leaf.ext'), LEAF_EXTENSIONS);
  await run('openssl', ['req', '-x509', ...EC_KEY, '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '2', '-subj', '/CN=mcp-doctor test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await run('openssl', ['req', '-new', ...EC_KEY, '-keyout', p('leaf.key'), '-out', p('leaf.csr'), '-subj', '/CN=localhost']);
  await run('openssl', ['x509', '-req', '-in', p('leaf.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('leaf.pem'), '-days', '2', '-extfile', p('leaf.ext')]);
  await run('openssl', ['req', '-x509', ...EC_KEY, '-keyout', p('self.key'), '-out', p('self.pem'), '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']);
  const read = (name: string): Promise<string> => readFile(p(name), 'utf8');
  return {
    dir,
    caFile: p('ca.pem'),
    leaf: { key: await read('leaf.key'), cert: await read('leaf.pem') },
    selfSigned: { key: await read('self.key'), cert: await read('self.pem') },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A fixture served over HTTPS on 127.0.0.1 and a free port. */
export interface HttpsFixture {
  url: string;
  origin: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

/** Serves a fixture definition over HTTPS with the given key pair, recording every request. */
export async function startHttpsFixture(definition: FixtureDefinition, credentials: { key: string; cert: string }): Promise<HttpsFixture> {
  const handler = definition.create();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(credentials, (req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } });
    Promise.resolve(handler.handle(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that refuses the certificate resets the handshake; that is the expected outcome here.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `https://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    url: `${origin}${definition.path}`,
    origin,
    requests,
    stop: () =>
      (stopped ??= (async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await handler.close?.();
      })()),
  };
}
