// PCI placement as bhyve -s reads it (`slot`, `slot:function`, `bus:slot:function`) and the
// default layout bhyve users write: hostbridge at 0, lpc at 31, devices from slot 1 upward.
import type { PciAddress } from '../model/resolved.js';

export const MAX_SLOT = 31;
export const MAX_FUNCTION = 7;
export const MAX_BUS = 255;

/** Parses a placement; returns an error message for out-of-range parts. */
export function parsePciPlacement(text: string): PciAddress | string {
  const parts = text.split(':').map(Number);
  let bus = 0;
  let slot: number;
  let fn = 0;
  if (parts.length === 1) [slot] = parts as [number];
  else if (parts.length === 2) [slot, fn] = parts as [number, number];
  else [bus, slot, fn] = parts as [number, number, number];
  if (!Number.isInteger(bus) || bus < 0 || bus > MAX_BUS) return `PCI bus ${bus} is out of range 0-${MAX_BUS}`;
  if (!Number.isInteger(slot) || slot < 0 || slot > MAX_SLOT) return `PCI slot ${slot} is out of range 0-${MAX_SLOT}`;
  if (!Number.isInteger(fn) || fn < 0 || fn > MAX_FUNCTION) return `PCI function ${fn} is out of range 0-${MAX_FUNCTION}`;
  return { bus, slot, function: fn };
}

export function formatPci(a: PciAddress): string {
  return a.bus === 0 ? `${a.slot}:${a.function}` : `${a.bus}:${a.slot}:${a.function}`;
}

export function pciKey(a: PciAddress): string {
  return `${a.bus}:${a.slot}:${a.function}`;
}

/** Hands out free slots on bus 0, function 0, lowest first, skipping every explicit placement. */
export class SlotAllocator {
  private readonly used = new Set<string>();

  reserve(a: PciAddress): void {
    this.used.add(pciKey(a));
    // A slot whose function 0 is taken by an explicit multi-function placement is not free either.
    this.used.add(`slot:${a.bus}:${a.slot}`);
  }

  next(): PciAddress | undefined {
    for (let slot = 1; slot < MAX_SLOT; slot++) {
      if (!this.used.has(`slot:0:${slot}`)) {
        const a = { bus: 0, slot, function: 0 };
        this.reserve(a);
        return a;
      }
    }
    return undefined;
  }
}
