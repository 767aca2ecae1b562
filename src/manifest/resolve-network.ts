// Networks after VMs resolve: a Bridge's nat/dhcp, then every NIC on a dhcp bridge gets its static
// lease (pinned, else derived from its MAC: hash, then probe in (vm, nic) order, outside the dynamic
// range) and its port forwards, with host ports unique per (address, protocol) over all VMs.
import { createHash } from 'node:crypto';
import type { DesiredState, ResolvedBridge, ResolvedDhcp, ResolvedNic, ResolvedPortForward } from '../model/resolved.js';
import type { Nic } from '../model/spec-types.generated.js';
import type { DocumentIndex } from './documents.js';
import type { SourceDocument } from './parse-yaml.js';
import type { DocPath, Reporter } from './reporter.js';
import { resolveBridgeNetwork } from './resolve-network-bridges.js';
import { formatIpv4, isHostAddress, parseIpv4, parseIpv4Cidr } from './resolve-network-ipv4.js';

export const DEFAULT_FORWARD_ADDRESS = '127.0.0.1';
const ANY_ADDRESS = '0.0.0.0';

interface NicRef {
  vm: string;
  index: number;
  nic: ResolvedNic;
  doc: Nic;
  source: SourceDocument;
  dhcp?: ResolvedDhcp;
  /** Addresses already given on this NIC's bridge → who holds them. */
  owners?: Map<number, string>;
}

/** Every NIC, in VM-name then NIC order: the order addresses are claimed in, whatever the file order. */
function nicRefs(state: DesiredState, index: DocumentIndex): NicRef[] {
  const bridges = new Map<string, ResolvedBridge>(state.bridges.map((b) => [b.meta.name, b]));
  const owners = new Map(state.bridges.map((b) => [b.meta.name, new Map<number, string>()]));
  const vms = [...state.vms].sort((a, b) => (a.meta.name < b.meta.name ? -1 : a.meta.name > b.meta.name ? 1 : 0));
  return vms.flatMap((vm) => {
    const entry = index.VirtualMachine.get(vm.meta.name);
    if (!entry) return [];
    return vm.nics.flatMap((nic, i) => {
      const doc = entry.doc.spec.nics?.[i];
      if (!doc) return [];
      const bridge = nic.bridge ? bridges.get(nic.bridge) : undefined;
      const dhcp = bridge?.dhcp;
      return [
        { vm: vm.meta.name, index: i, nic, doc, source: entry.source, ...(dhcp ? { dhcp, owners: owners.get(bridge.meta.name)! } : {}) },
      ];
    });
  });
}

const label = (ref: NicRef) => `${ref.vm} nics[${ref.index}]`;
const subnetOf = (dhcp: ResolvedDhcp) => parseIpv4Cidr(`${dhcp.address}/${dhcp.prefixLength}`)!;
const inRange = (dhcp: ResolvedDhcp, a: number) => a >= parseIpv4(dhcp.rangeStart)! && a <= parseIpv4(dhcp.rangeEnd)!;

function claimPinned(ref: NicRef, address: string, reporter: Reporter): void {
  const error = (code: string, message: string) => reporter.error(ref.source, ['spec', 'nics', ref.index, 'address'], code, message);
  const { dhcp, owners } = ref;
  if (!dhcp || !owners)
    return error('nic.address-no-dhcp', 'a pinned address needs the NIC on a bridge with `dhcp`; add `dhcp: true` to its Bridge');
  const a = parseIpv4(address)!;
  if (!isHostAddress(subnetOf(dhcp), a))
    return error('nic.address-outside', `address ${address} is not a host address of the bridge's subnet ${dhcp.subnet}`);
  if (a === parseIpv4(dhcp.address))
    return error('nic.address-bridge', `address ${address} is the bridge's own (the guests' router and DNS server); pin another`);
  if (inRange(dhcp, a))
    return error(
      'nic.address-in-range',
      `address ${address} is inside the dynamic range ${dhcp.rangeStart}-${dhcp.rangeEnd}; pin one outside it or move \`dhcp.range\``,
    );
  const previous = owners.get(a);
  if (previous) return error('nic.address-duplicate', `address ${address} is already pinned by ${previous}`);
  owners.set(a, label(ref));
  ref.nic.address = address;
}

/** Where a derived address starts probing: a hash of the MAC over the subnet's host addresses. */
function hashOffset(mac: string, size: number): number {
  return createHash('sha256').update(mac).digest().readUInt32BE(0) % size;
}

function deriveAddress(ref: NicRef, reporter: Reporter): void {
  const { dhcp, owners } = ref;
  if (!dhcp || !owners) return;
  const subnet = subnetOf(dhcp);
  const bridgeAddress = parseIpv4(dhcp.address)!;
  const hosts = subnet.size - 2;
  const first = hashOffset(ref.nic.mac, hosts);
  for (let k = 0; k < hosts; k++) {
    const candidate = subnet.network + 1 + ((first + k) % hosts);
    if (candidate === bridgeAddress || inRange(dhcp, candidate) || owners.has(candidate)) continue;
    owners.set(candidate, label(ref));
    ref.nic.address = formatIpv4(candidate);
    return;
  }
  reporter.error(
    ref.source,
    ['spec', 'nics', ref.index],
    'nic.address-exhausted',
    `no address of ${dhcp.subnet} is left outside the dynamic range ${dhcp.rangeStart}-${dhcp.rangeEnd}; shrink \`dhcp.range\``,
  );
}

/** The forward already holding this host port: same address, or either side on every address. */
function clashingForward(forwards: Map<string, string>, f: ResolvedPortForward): string | undefined {
  const suffix = `:${f.host}/${f.protocol}`;
  if (f.address === ANY_ADDRESS) return [...forwards.keys()].find((k) => k.endsWith(suffix));
  return [`${f.address}${suffix}`, `${ANY_ADDRESS}${suffix}`].find((k) => forwards.has(k));
}

function resolvePorts(ref: NicRef, forwards: Map<string, string>, reporter: Reporter): void {
  const at: DocPath = ['spec', 'nics', ref.index, 'ports'];
  if (!ref.dhcp)
    return reporter.error(
      ref.source,
      at,
      'ports.no-dhcp',
      'port forwards need the NIC on a bridge with `dhcp` (the forward targets its static lease)',
    );
  const ports: ResolvedPortForward[] = [];
  ref.doc.ports!.forEach((p, j) => {
    const f: ResolvedPortForward = {
      host: p.host,
      guest: p.guest,
      protocol: p.protocol ?? 'tcp',
      address: p.address ?? DEFAULT_FORWARD_ADDRESS,
    };
    const key = `${f.address}:${f.host}/${f.protocol}`;
    const clash = clashingForward(forwards, f);
    if (clash)
      return reporter.error(
        ref.source,
        [...at, j, 'host'],
        'ports.duplicate',
        `host port ${key} is already forwarded to ${forwards.get(clash)}; pick another host port`,
      );
    forwards.set(key, label(ref));
    ports.push(f);
  });
  ref.nic.ports = ports;
}

export function resolveNetworks(state: DesiredState, index: DocumentIndex, reporter: Reporter): void {
  for (const b of state.bridges) {
    const entry = index.Bridge.get(b.meta.name);
    if (entry) resolveBridgeNetwork(b, entry.doc, entry.source, reporter);
  }
  const refs = nicRefs(state, index);
  const forwards = new Map<string, string>();
  // Pinned addresses first: a derived address never takes a pinned one.
  for (const ref of refs) {
    if (ref.doc.address !== undefined) claimPinned(ref, ref.doc.address, reporter);
    if (ref.doc.ports?.length) resolvePorts(ref, forwards, reporter);
  }
  for (const ref of refs) if (ref.doc.address === undefined) deriveAddress(ref, reporter);
}
