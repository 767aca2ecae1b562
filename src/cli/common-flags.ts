// Checks of flag values several verbs share: `--netns NAME` and `--host NAME --host-label k=v`.
import { TshyveError } from '../errors.js';
import { NETNS_PATTERN } from '../host/operations.js';
import { parseHostLabels, type HostIdentity } from '../placement/host-filter.js';
import { hostIdentity } from '../placement/host-identity.js';

/** A network namespace name as `ip netns` accepts it, checked before it reaches a command. */
export function checkNetns(name: string): string {
  if (!NETNS_PATTERN.test(name)) throw new TshyveError('TSHYVE_USAGE', `--netns ${JSON.stringify(name)} is not a valid namespace name`);
  return name;
}

/** This host for placement: `--host` (default the hostname), `--host-label` pairs and detected labels. */
export function hostFromFlags(values: { host?: string | undefined; 'host-label'?: string[] | undefined }): HostIdentity {
  try {
    return hostIdentity(values.host, parseHostLabels(values['host-label'] ?? []));
  } catch (error) {
    throw new TshyveError('TSHYVE_USAGE', (error as Error).message);
  }
}
