// The plan as data (after Terraform's internal/plans): changes with a small action vocabulary and
// human reasons (display only), ordered into steps whose commands apply runs exactly.
import type { HostCommand, HostOperation } from '../host/operations.js';
import type { InventoryEntry } from '../state/inventory.js';

/** Host resource kinds in apply order (VM changes are planned beside them: reconcile/vm-diff.ts). */
export const KIND_ORDER = ['module', 'bridge', 'tap', 'sysctl', 'dnsmasq', 'nftables', 'volume', 'snapshot'] as const;
export type ResourceKind = (typeof KIND_ORDER)[number];

export type Action = 'create' | 'update' | 'replace' | 'delete' | 'no-op';

export interface Change {
  kind: ResourceKind;
  /** Host identity: ifname, file path, ZFS dataset (or snapshot) or module name. */
  id: string;
  /** The spec resource (metadata.name), when one asks for it. */
  resource?: string;
  action: Action;
  /** Human reasons, e.g. `mtu 1500 → 9000`; for display only. */
  reasons: string[];
  /** OS-neutral operations, in order; the backend turns them into commands. */
  ops: HostOperation[];
  /** Operations that remove what `ops` created (create and replace only). */
  undo: HostOperation[];
  /** Inventory effect once the change succeeded. */
  record?: InventoryEntry;
  forget?: string;
  /** A volume cloned from a snapshot: made after the snapshots (and deleted before them). */
  clone?: boolean;
  /** A change that must not happen: shown in the plan, never applied; makes plan/apply exit 1. */
  blocked?: { code: 'conflict' | 'refused' | 'unobservable'; message: string };
}

export interface Step {
  index: number;
  change: Change;
  commands: HostCommand[];
  undo: HostCommand[];
}

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  blocked: number;
}

export interface Plan {
  /** Every change considered, in step order; no-ops and blocked ones included. */
  changes: Change[];
  /** What apply runs, in order: every unblocked change with operations or an inventory effect. */
  steps: Step[];
  summary: PlanSummary;
  /** Facts worth saying that are not changes (deletes skipped, volumes retained…). */
  notes: string[];
  /** Whether deletes were allowed for this plan (observation complete and manifests present). */
  deletesAllowed: boolean;
}
