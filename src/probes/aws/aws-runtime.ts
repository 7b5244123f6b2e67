import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * AWS access for one run: the standard credential chain (environment, shared config and SSO
 * profiles, process, web identity, container and instance metadata) resolved at most once, and
 * the settings every AWS client of the run shares. The SDK is imported lazily so URL targets never
 * load it.
 */
export interface AwsSettings {
  region: string;
  /** Named profile from the shared config (`--aws-profile`, else `AWS_PROFILE`). */
  profile?: string;
  /** Per-request deadline. */
  timeoutMs: number;
}

/** A credential provider that memoises the first answer (success or failure). */
export interface AwsAccess {
  settings: AwsSettings;
  credentials: AwsCredentialIdentityProvider;
  /** Resolves credentials, or undefined when the chain has none (never throws). */
  tryCredentials(): Promise<AwsCredentialIdentity | undefined>;
  /** Why `tryCredentials` found none. */
  readonly credentialsError: string | undefined;
}

/** Builds the run's AWS access. */
export async function createAwsAccess(settings: AwsSettings): Promise<AwsAccess> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  const chain = fromNodeProviderChain(settings.profile ? { profile: settings.profile } : {});
  let pending: Promise<AwsCredentialIdentity> | undefined;
  let failure: string | undefined;
  const credentials: AwsCredentialIdentityProvider = () => {
    pending ??= chain();
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
