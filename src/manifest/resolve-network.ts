// Networks after VMs resolve: a Bridge's nat/dhcp, then every NIC on a dhcp bridge gets its static
// lease (pinned, else derived from its MAC: hash, then probe in (vm, nic) order, outside the dynamic
// range) and its port forwards, with host ports unique per (address, protocol) over all VMs.
import { createHash } from 'node:crypto';
import type { DesiredState, ResolvedBridge, ResolvedNic, ResolvedPortForward } from '../model/resolved.js';
import type { DocumentIndex } from './documents.js';
import type { Reporter } from './reporter.js';
import { resolveBridgeNetwork } from './resolve-network-bridges.js';
import { formatIpv4, isHostAddress, parseIpv4, parseIpv4Cidr } from './resolve-network-ipv4.js';

export const DEFAULT_FORWARD_ADDRESS = '127.0.0.1';

interface NicRef {
  vm: string;
  index: number;
  nic: ResolvedNic;
  bridge?: ResolvedBridge;
}

function nicRefs(state: DesiredState): NicRef[] {
  const bridges = new Map(state.bridges.map((b) => [b.meta.name, b]));
  const vms = [...state.vms].sort((a, b) => (a.meta.name < b.meta.name ? -1 : a.meta.name > b.meta.name ? 1 : 0));
  return vms.flatMap((vm) =>
    vm.nics.map((nic, index) => {
      const bridge = nic.bridge ? bridges.get(nic.bridge) : undefined;
      return { vm: vm.meta.name, index, nic, ...(bridge ? { bridge } : {}) };
    }),
  );
}

/** Where a derived address starts probing: a hash of the MAC over the subnet's host addresses. */
function hashOffset(mac: string, size: number): number {
  return createHash('sha256').update(mac).digest().readUInt32BE(0) % size;
}

export function resolveNetworks(state: DesiredState, index: DocumentIndex, reporter: Reporter): void {
  for (const b of state.bridges) {
    const entry = index.Bridge.get(b.meta.name);
    if (entry) resolveBridgeNetwork(b, entry.doc, entry.source, reporter);
  }
  const refs = nicRefs(state);
  const taken = new Map<string, Map<number, string>>();
  for (const b of state.bridges)
    if (b.dhcp) taken.set(b.meta.name, new Map([[parseIpv4(b.dhcp.address)!, `the bridge ${b.meta.name} itself`]]));
  const forwards = new Map<string, string>();
  // Pinned addresses and ports first: a derived address never takes a pinned one.
  for (const ref of refs) {
    const entry = index.VirtualMachine.get(ref.vm);
    const doc = entry?.doc.spec.nics?.[ref.index];
    if (!entry || !doc) continue;
    const at = ['spec', 'nics', ref.index];
    const dhcp = ref.bridge?.dhcp;
    const here = `${ref.vm} nics[${ref.index}]`;
    if (doc.address !== undefined) {
      const a = parseIpv4(doc.address)!;
      const subnet = dhcp ? parseIpv4Cidr(`${dhcp.address}/${dhcp.prefixLength}`)! : undefined;
      const error = (code: string, message: string) => reporter.error(entry.source, [...at, 'address'], code, message);
      if (!dhcp || !subnet)
        error('nic.address-no-dhcp', 'a pinned address needs the NIC on a bridge with `dhcp`; add `dhcp: true` to its Bridge');
      else if (!isHostAddress(subnet, a))
        error('nic.address-outside', `address ${doc.address} is not a host address of the bridge's subnet ${dhcp.subnet}`);
      else if (a >= parseIpv4(dhcp.rangeStart)! && a <= parseIpv4(dhcp.rangeEnd)!)
        error(
          'nic.address-in-range',
          `address ${doc.address} is inside the dynamic range ${dhcp.rangeStart}-${dhcp.rangeEnd}; pin one outside it or move \`dhcp.range\``,
        );
      else {
        const owners = taken.get(ref.bridge!.meta.name)!;
        const previous = owners.get(a);
        if (previous)
          error(
            previous.startsWith('the bridge') ? 'nic.address-bridge' : 'nic.address-duplicate',
            `address ${doc.address} is already ${previous.startsWith('the bridge') ? 'the address of' : 'pinned by'} ${previous}`,
          );
        else {
          owners.set(a, here);
          ref.nic.address = doc.address;
        }
      }
    }
    if (doc.ports?.length) {
      if (!dhcp) {
        reporter.error(
          entry.source,
          [...at, 'ports'],
          'ports.no-dhcp',
          'port forwards need the NIC on a bridge with `dhcp` (the forward targets its static lease)',
        );
        continue;
      }
      const ports: ResolvedPortForward[] = [];
      doc.ports.forEach((p, j) => {
        const forward: ResolvedPortForward = {
          host: p.host,
          guest: p.guest,
          protocol: p.protocol ?? 'tcp',
          address: p.address ?? DEFAULT_FORWARD_ADDRESS,
        };
        const key = (address: string) => `${address}:${forward.host}/${forward.protocol}`;
        const clash =
          forward.address === '0.0.0.0'
            ? [...forwards.keys()].find((k) => k.endsWith(`:${forward.host}/${forward.protocol}`))
            : forwards.has(key(forward.address))
              ? key(forward.address)
              : forwards.has(key('0.0.0.0'))
                ? key('0.0.0.0')
                : undefined;
        if (clash)
          return reporter.error(
            entry.source,
            [...at, 'ports', j, 'host'],
            'ports.duplicate',
            `host port ${key(forward.address)} is already forwarded to ${forwards.get(clash)}; pick another host port`,
          );
        forwards.set(key(forward.address), here);
        ports.push(forward);
      });
      ref.nic.ports = ports;
    }
  }
  for (const ref of refs) {
    const dhcp = ref.bridge?.dhcp;
    if (!dhcp || ref.nic.address || index.VirtualMachine.get(ref.vm)?.doc.spec.nics?.[ref.index]?.address !== undefined) continue;
    const subnet = parseIpv4Cidr(`${dhcp.address}/${dhcp.prefixLength}`)!;
    const [start, end] = [parseIpv4(dhcp.rangeStart)!, parseIpv4(dhcp.rangeEnd)!];
    const owners = taken.get(ref.bridge!.meta.name)!;
    const hosts = subnet.size - 2;
    const first = hashOffset(ref.nic.mac, hosts);
    let found: number | undefined;
    for (let k = 0; k < hosts && found === undefined; k++) {
      const candidate = subnet.network + 1 + ((first + k) % hosts);
      if ((candidate < start || candidate > end) && !owners.has(candidate)) found = candidate;
    }
    if (found === undefined) {
      const entry = index.VirtualMachine.get(ref.vm)!;
      reporter.error(
        entry.source,
        ['spec', 'nics', ref.index],
        'nic.address-exhausted',
        `no address of ${dhcp.subnet} is left outside the dynamic range ${dhcp.rangeStart}-${dhcp.rangeEnd}; shrink \`dhcp.range\``,
      );
      continue;
    }
    owners.set(found, `${ref.vm} nics[${ref.index}]`);
    ref.nic.address = formatIpv4(found);
  }
}
