// MAC addresses: syntax, the unicast bit, and the default bhyve(8) derives for a NIC without one
// (the FreeBSD Foundation OUI 58:9c:fc, the rest from an MD5 of "slot-function-vmname").
import { createHash } from 'node:crypto';

export const BHYVE_OUI = [0x58, 0x9c, 0xfc] as const;

export function isMulticastMac(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 0x01) !== 0;
}

export function normalizeMac(mac: string): string {
  return mac.toLowerCase();
}

export function deriveMac(vmName: string, slot: number, fn: number): string {
  const digest = createHash('md5').update(`${slot}-${fn}-${vmName}`).digest();
  const bytes = [...BHYVE_OUI, digest[0]! & 0x7f, digest[1]!, digest[2]!];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}
