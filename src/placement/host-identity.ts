// Who this host is for placement: its name plus labels given on the command line and the ones
// tshyve detects (`tshyve.dev/kvm`: hardware, pvm or none), so a spec can say "only where KVM is real".
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import type { HostIdentity } from './host-filter.js';

export const KVM_LABEL = 'tshyve.dev/kvm';

export function detectKvmKind(): 'hardware' | 'pvm' | 'none' {
  if (!existsSync('/dev/kvm')) return 'none';
  return existsSync('/sys/module/kvm_pvm') ? 'pvm' : 'hardware';
}

export function hostIdentity(name?: string, labels: Record<string, string> = {}): HostIdentity {
  return { name: name ?? hostname(), labels: { [KVM_LABEL]: detectKvmKind(), ...labels } };
}
