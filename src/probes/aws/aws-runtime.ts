import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { networkOf } from '../network-config.js';
import type { NetworkConfig, AwsSettings, AwsAccess } from '../../model/runtime.js';

/** Builds the run's AWS access. */
export async function createAwsAccess(settings: AwsSettings): Promise<AwsAccess> {
  const fromEnvironment = environmentCredentials(settings.profile);
  // Static keys in the environment (CI) are the chain's answer; loading the chain would only cost start-up time.
  const chain = fromEnvironment ? () => Promise.resolve(fromEnvironment) : await nodeProviderChain(settings);
  let pending: Promise<AwsCredentialIdentity> | undefined;
  let failure: string | undefined;
  const credentials: AwsCredentialIdentityProvider = () => {
    pending ??= chain().then((resolved) => {
      settings.onSecret?.(resolved.secretAccessKey);
      if (resolved.sessionToken) settings.onSecret?.(resolved.sessionToken);
      return resolved;
    });
    return pending;
  };
  return {
    settings,
    credentials,
    async tryCredentials() {
      try {
        return await credentials();
      } catch (error) {
        failure = error instanceof Error ? error.message.split('\n')[0] : String(error);
        return undefined;
      }
    },
    get credentialsError() {
      return failure;
    },
  };
}

/**
 * The first link of the SDK's default chain (`fromEnv`), read the same way: static keys from
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (+ session token, expiration, scope, account), used
 * only when no profile is named, since a profile takes precedence over them in the chain.
 */
function environmentCredentials(profile: string | undefined): AwsCredentialIdentity | undefined {
  const env = process.env;
  if (profile || env.AWS_PROFILE || !env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    ...(env.AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(env.AWS_CREDENTIAL_EXPIRATION) } : {}),
    ...(env.AWS_CREDENTIAL_SCOPE ? { credentialScope: env.AWS_CREDENTIAL_SCOPE } : {}),
    ...(env.AWS_ACCOUNT_ID ? { accountId: env.AWS_ACCOUNT_ID } : {}),
  };
}

/** The SDK's default Node chain (environment, SSO, shared config, process, web identity, metadata). */
async function nodeProviderChain(settings: AwsSettings): Promise<AwsCredentialIdentityProvider> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  // SSO and STS calls of the chain go through the same proxies and roots as every other request.
  const requestHandler = await networkOf(settings.network).awsRequestHandler({ timeoutMs: settings.timeoutMs });
  return fromNodeProviderChain({ ...(settings.profile ? { profile: settings.profile } : {}), clientConfig: { requestHandler } });
}
