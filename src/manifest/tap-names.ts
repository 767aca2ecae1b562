// Names for the taps tshyve makes for NICs that name only a bridge: `tsh-<vm>-<n>` when it fits in
// 15 bytes (Linux IFNAMSIZ - 1), else `tsh` + a hash of the VM name and NIC index.
import { createHash } from 'node:crypto';

export const IFNAME_MAX = 15;

export function generatedTapName(vmName: string, nicIndex: number): string {
  const readable = `tsh-${vmName}-${nicIndex}`;
  if (readable.length <= IFNAME_MAX) return readable;
  const hash = createHash('sha256').update(`${vmName}/${nicIndex}`).digest('hex').slice(0, 9);
  return `tsh${hash}-${nicIndex}`.slice(0, IFNAME_MAX);
}
