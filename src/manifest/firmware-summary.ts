// One-line summaries of a resolved firmware for `spec show` and plan reasons: `linux KERNEL`,
// `bootrom IMAGE`, `bhyveload disks[N]` (bhyveload(8), the FreeBSD handbook's loader step).
import type { ResolvedFirmwareBody } from '../model/resolved.js';

export function describeFirmware(f: ResolvedFirmwareBody): string {
  if (f.type === 'linux') return `linux ${f.kernel}`;
  if (f.type === 'bootrom') return `bootrom ${f.image}`;
  return `bhyveload disks[${f.bootDisk}]`;
}
