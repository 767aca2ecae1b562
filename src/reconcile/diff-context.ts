// What every diff function reads: the observation, the inventory index and the safety switches.
import type { HostObservation, ObservedLink } from '../host/observation.js';
import { inventoryKey, isStorageKind, type InventoryEntry, type InventoryKind } from '../state/inventory.js';

export interface DiffOptions {
  /** `apply` converges to the specs; `destroy` removes what the specs name. */
  mode: 'apply' | 'destroy';
  /** Delete volumes whose reclaimPolicy is Delete (`--prune`). */
  prune: boolean;
  /** Deletes are allowed at all (observation complete and manifests present, or --allow-empty). */
  deletesAllowed: boolean;
  /** Where source images are prepared (<state>/images); without it images are copied as they are. */
  imageCacheDir?: string;
  /** The state directory: where each DHCP bridge's dnsmasq keeps its files (default /var/lib/tshyve). */
  stateDir?: string;
}

export interface DiffContext {
  observed: HostObservation;
  links: Map<string, ObservedLink>;
  inventory: Map<string, InventoryEntry>;
  options: DiffOptions;
  now: string;
  notes: string[];
}

export function ownedEntry(ctx: DiffContext, kind: InventoryKind, id: string): InventoryEntry | undefined {
  return ctx.inventory.get(inventoryKey(kind, id, isStorageKind(kind) ? undefined : ctx.observed.netns));
}

export function linkKey(ctx: DiffContext, kind: Exclude<InventoryKind, 'volume'>, ifname: string): string {
  return inventoryKey(kind, ifname, ctx.observed.netns);
}

/** The conflict text for an existing, unowned resource. */
export function conflictMessage(kind: string, id: string, alias?: string): string {
  const hint = alias?.startsWith('tshyve:')
    ? ` (its alias ${alias} says tshyve made it, but the inventory does not list it: set \`adopt: true\` to take it back)`
    : '; set `adopt: true` in its spec to manage it';
  return `${kind} ${id} exists but tshyve did not create it${hint}`;
}
