import type { AwsAccess, RequestSigner } from '../../model/runtime.js';

/** A signer that adds `authorization`, `x-amz-date` (and the session token) to a request. */
export async function createSigV4Signer(access: AwsAccess): Promise<RequestSigner> {
  const [{ SignatureV4 }, { Sha256 }, { HttpRequest }] = await Promise.all([
    import('@smithy/signature-v4'),
    import('@aws-crypto/sha256-js'),
    import('@smithy/protocol-http'),
  ]);
  const signer = new SignatureV4({ service: 'bedrock-agentcore', region: access.settings.region, credentials: access.credentials, sha256: Sha256 });
  return async ({ method, url, headers, body }) => {
    const u = new URL(url);
    const query: Record<string, string> = {};
    u.searchParams.forEach((value, key) => {
      query[key] = value;
    });
    const request = new HttpRequest({
      method,
      protocol: u.protocol,
      hostname: u.hostname,
      ...(u.port ? { port: Number(u.port) } : {}),
      path: u.pathname,
      query,
      headers: { ...headers, host: u.host },
      ...(body === undefined ? {} : { body }),
    });
    const signed = await signer.sign(request);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) out[k.toLowerCase()] = String(v);
    delete out.host;
    return out;
  };
}
