// A VM's guest addresses: per NIC, the unexpired dnsmasq lease of its MAC on its bridge
// (networks/<bridge>/leases), else the NIC's static address; and where its SSH port is reached.
import type { ResolvedNic, ResolvedVm } from '../model/resolved.js';
import { readFrozenSpec } from './applied-vm.js';
import { activeLease, readLeases } from './dhcp-leases.js';
import { bridgeServicePaths, statePaths } from './paths.js';
import { vmFiles } from './vm-files.js';

/** The NIC fields of the network services, read when the resolved spec carries them. */
type NetworkedNic = ResolvedNic & {
  address?: string;
  ports?: { host: number; guest: number; protocol?: 'tcp' | 'udp'; address?: string }[];
};

export interface NicAddress {
  nic: number;
  mac: string;
  bridge: string | null;
  address: string | null;
  /** `lease`: the guest took it from dnsmasq; `static`: the address its bridge's DHCP would hand out. */
  source: 'lease' | 'static' | null;
  hostname: string | null;
}

export async function guestAddresses(stateDir: string, vm: Pick<ResolvedVm, 'nics'>, nowMs = Date.now()): Promise<NicAddress[]> {
  const paths = statePaths(stateDir);
  return Promise.all(
    vm.nics.map(async (n, nic) => {
      const static_ = (n as NetworkedNic).address ?? null;
      const lease = n.bridge ? activeLease(await readLeases(bridgeServicePaths(paths, n.bridge).leases), n.mac, nowMs) : undefined;
      return {
        nic,
        mac: n.mac,
        bridge: n.bridge ?? null,
        address: lease?.ip ?? static_,
        source: lease ? 'lease' : static_ ? 'static' : null,
        hostname: lease?.hostname ?? null,
      } satisfies NicAddress;
    }),
  );
}

/** Per NIC, the addresses of the VM as last applied to the state directory (none without its frozen spec). */
export async function appliedVmAddresses(stateDir: string, name: string, nowMs = Date.now()): Promise<NicAddress[]> {
  const vm = await readFrozenSpec(vmFiles(stateDir, name));
  return vm ? guestAddresses(stateDir, vm, nowMs) : [];
}

/** The address `ps` shows: the first NIC's that has one. */
export function primaryAddress(addresses: NicAddress[]): string | null {
  return addresses.find((a) => a.address !== null)?.address ?? null;
}

export interface SshEndpoint {
  host: string;
  port: number;
  /** `forward`: a host port forwarded to the guest's 22; `guest`: the guest address itself. */
  via: 'forward' | 'guest';
}

/** A TCP forward to guest port 22 wins (it is reachable from the host's side); else the guest address, port 22. */
export function sshEndpoint(vm: Pick<ResolvedVm, 'nics'>, addresses: NicAddress[]): SshEndpoint | undefined {
  for (const n of vm.nics as NetworkedNic[]) {
    const forward = (n.ports ?? []).find((p) => p.guest === 22 && (p.protocol ?? 'tcp') === 'tcp');
    if (forward) return { host: forward.address ?? '127.0.0.1', port: forward.host, via: 'forward' };
  }
  const address = primaryAddress(addresses);
  return address ? { host: address, port: 22, via: 'guest' } : undefined;
}
