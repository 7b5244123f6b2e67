import type { AwsCallError } from '../../model/observations.js';

/**
 * Missing credentials or permissions are not findings about the runtime: the control-plane checks
 * are skipped with a reason that names the missing permission, and the data plane is still probed.
 */
export function controlPlaneSkipReason(error: AwsCallError | undefined): true | string {
  if (!error) return true;
  if (error.kind === 'no-credentials') return `no AWS credentials were found (${error.message}); grant ${error.permission} and configure credentials to run this check`;
  if (error.kind === 'access-denied') return `the control plane refused ${error.permission} (${error.name}); grant that permission to run this check`;
  if (error.kind === 'network') return `the control plane could not be reached (${error.name}: ${error.message})`;
  if (error.kind === 'other') return `the control plane answered ${error.name}: ${error.message}`;
  return true;
}
