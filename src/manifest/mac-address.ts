// MAC addresses: syntax, the unicast bit, and the default bhyve(8) derives for a NIC without one
// (the FreeBSD Foundation OUI 58:9c:fc, the rest from an MD5 of "slot-function-vmname").
import { hash } from 'node:crypto';

export const BHYVE_OUI = [0x58, 0x9c, 0xfc] as const;

export function isMulticastMac(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 0x01) !== 0;
}

export function normalizeMac(mac: string): string {
  return mac.toLowerCase();
}

export function deriveMac(vmName: string, slot: number, fn: number): string {
  const digest = hash('md5', `${slot}-${fn}-${vmName}`, 'buffer');
  const bytes = [...BHYVE_OUI, digest[0]! & 0x7f, digest[1]!, digest[2]!];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/**
 * Derives the MAC of every NIC that names none, unique across all VMs: with 23 hashed bits,
 * collisions appear around a thousand NICs. Given MACs keep priority; a derived MAC that collides is
 * hashed again with a counter, in VM-name order, so the result is deterministic.
 */
export function uniquifyDerivedMacs(
  vms: { meta: { name: string }; nics: { mac: string; macGenerated: boolean; pci: { slot: number; function: number } }[] }[],
): void {
  const taken = new Set<string>();
  for (const vm of vms) for (const nic of vm.nics) if (!nic.macGenerated) taken.add(nic.mac);
  const ordered = [...vms].sort((a, b) => (a.meta.name < b.meta.name ? -1 : a.meta.name > b.meta.name ? 1 : 0));
  for (const vm of ordered) {
    for (const nic of vm.nics) {
      if (!nic.macGenerated) continue;
      let mac = deriveMac(vm.meta.name, nic.pci.slot, nic.pci.function);
      for (let n = 1; taken.has(mac) && n < 1000; n++) mac = deriveMac(`${vm.meta.name}#${n}`, nic.pci.slot, nic.pci.function);
      nic.mac = mac;
      taken.add(mac);
    }
  }
}
