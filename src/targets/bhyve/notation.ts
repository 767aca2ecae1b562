// Size and PCI-slot notation as bhyve(8) writes them: `-m 1024M` (expand_number(3) letters, binary
// multiples) and `-s 2`, `-s 2:0`, `-s 0:3:0`. The spec's own notation is kept when bhyve accepts it.
import type { PciAddress } from '../../model/resolved.js';
import { formatPci } from '../../manifest/pci-placement.js';

const BHYVE_SIZE = /^([0-9]+)([KMGTkmgt])$/;
const IEC_SIZE = /^([0-9]+)\s*([KMGT])iB$/;

/** A size for bhyve -m, zfs -V, truncate -s: the spec's text when it is already a bhyve size, else the largest exact unit. */
export function formatBhyveSize(bytes: number, written?: string): string {
  if (written !== undefined) {
    if (BHYVE_SIZE.test(written)) return written;
    const iec = IEC_SIZE.exec(written);
    if (iec) return `${iec[1]}${iec[2]}`;
  }
  for (const [unit, shift] of [
    ['T', 40],
    ['G', 30],
    ['M', 20],
    ['K', 10],
  ] as const) {
    const size = 2 ** shift;
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${Math.ceil(bytes / 1024)}K`;
}

/** bhyve's size argument as a spec size: a bare number means megabytes (bhyve(8) -m). */
export function parseBhyveSize(text: string): string | undefined {
  if (/^[0-9]+$/.test(text)) return `${text}M`;
  if (BHYVE_SIZE.test(text)) return text;
  const m = /^([0-9]+)([KMGTkmgt])[Bb]$/.exec(text);
  return m ? `${m[1]}${m[2]}` : undefined;
}

/** The slot as the spec wrote it, else `slot:function` (bus omitted when 0). */
export function formatSlot(pci: PciAddress, written?: string): string {
  return written ?? formatPci(pci);
}

export function comparePci(a: PciAddress, b: PciAddress): number {
  return a.bus - b.bus || a.slot - b.slot || a.function - b.function;
}

/** Parses bhyve's `slot`, `slot:function` or `bus:slot:function`. */
export function parseSlot(text: string): PciAddress | undefined {
  if (!/^[0-9]{1,3}(:[0-9]{1,3}){0,2}$/.test(text)) return undefined;
  const parts = text.split(':').map(Number);
  if (parts.length === 1) return { bus: 0, slot: parts[0]!, function: 0 };
  if (parts.length === 2) return { bus: 0, slot: parts[0]!, function: parts[1]! };
  return { bus: parts[0]!, slot: parts[1]!, function: parts[2]! };
}
