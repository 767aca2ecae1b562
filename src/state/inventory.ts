// The ownership inventory (after Flux's inventory): every host resource tshyve created or adopted,
// so nothing else is ever modified or deleted. JSON at <state>/inventory.json, written atomically.
import { readFile } from 'node:fs/promises';
import { TshyveError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';

/** Network services: a dnsmasq per DHCP bridge (id: its service directory), the table `inet tshyve`, sysctls. */
export type InventoryKind = 'bridge' | 'tap' | 'volume' | 'snapshot' | 'dnsmasq' | 'nftables' | 'sysctl';

/** Volumes and snapshots live outside network namespaces: their key has none. */
export function isStorageKind(kind: InventoryKind): boolean {
  return kind === 'volume' || kind === 'snapshot';
}

export interface InventoryEntry {
  kind: InventoryKind;
  /** Host identity: ifname, file path, ZFS dataset or snapshot (`dataset@name`). */
  id: string;
  /** Network namespace of a link (undefined: the host's own). */
  netns?: string;
  /** The spec resource (metadata.name) that last claimed it. */
  resource: string;
  /** `created` by tshyve, or `adopted` through `adopt: true` (then released, never deleted). */
  origin: 'created' | 'adopted';
  createdAt: string;
  /** Volumes and snapshots: backend and reclaim policy, known even after the spec is gone. */
  backend?: 'file' | 'zfs';
  reclaimPolicy?: 'Retain' | 'Delete';
  /** Volumes cloned from a snapshot: that snapshot's id (the clone goes before it). */
  cloneOf?: string;
  /** Bridges: uplinks tshyve attached, the only ones it may detach. */
  attachedMembers?: string[];
  /** Sysctls: the value before tshyve set it, restored when nothing needs it any more. */
  previous?: string;
}

export interface Inventory {
  version: 1;
  entries: InventoryEntry[];
}

export function emptyInventory(): Inventory {
  return { version: 1, entries: [] };
}

/** The key an entry is found by: kind, namespace and host identity. */
export function inventoryKey(kind: InventoryKind, id: string, netns?: string): string {
  return isStorageKind(kind) ? `${kind}:${id}` : `${kind}:${netns ?? ''}:${id}`;
}

export function keyOf(entry: InventoryEntry): string {
  return inventoryKey(entry.kind, entry.id, entry.netns);
}

export function indexInventory(inventory: Inventory): Map<string, InventoryEntry> {
  return new Map(inventory.entries.map((e) => [keyOf(e), e]));
}

export async function readInventory(path: string): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyInventory();
    throw new TshyveError('TSHYVE_STATE_CORRUPT', `cannot read inventory ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const value = JSON.parse(text) as Inventory;
    if (value?.version !== 1 || !Array.isArray(value.entries)) throw new Error('expected {"version": 1, "entries": [...]}');
    return value;
  } catch (error) {
    throw new TshyveError(
      'TSHYVE_STATE_CORRUPT',
      `inventory ${path} is unreadable (${(error as Error).message}); fix or move it away: without ` +
        `it tshyve treats every resource as not its own`,
      { cause: error },
    );
  }
}

export async function writeInventory(path: string, inventory: Inventory): Promise<void> {
  const sorted: Inventory = { version: 1, entries: [...inventory.entries].sort((a, b) => keyOf(a).localeCompare(keyOf(b))) };
  await writeFileAtomic(path, JSON.stringify(sorted, null, 2) + '\n');
}

/** Adds or replaces an entry (same key). */
export function recordEntry(inventory: Inventory, entry: InventoryEntry): void {
  const key = keyOf(entry);
  inventory.entries = inventory.entries.filter((e) => keyOf(e) !== key);
  inventory.entries.push(entry);
}

export function forgetEntry(inventory: Inventory, key: string): void {
  inventory.entries = inventory.entries.filter((e) => keyOf(e) !== key);
}
