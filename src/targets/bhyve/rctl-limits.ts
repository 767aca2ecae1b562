// Disk rate limits on the bhyve target as rctl(8) `throttle` rules on the bhyve process, under
// vm-bhyve's variable names (limit_rbps, limit_wbps, limit_riops, limit_wiops). rctl limits a
// process, not a disk: a VM's disks share the sum of their limits, and reads and writes are
// counted apart (each direction alone gets the manifest's read-plus-write figure). NICs have no rctl
// resource, and rctl has no burst.
import type { ResolvedDisk, ResolvedVm } from '../../model/resolved.js';
import type { BhyveDiagnostic } from './types.js';

export const LIMIT_VARIABLES = {
  readbps: 'limit_rbps',
  writebps: 'limit_wbps',
  readiops: 'limit_riops',
  writeiops: 'limit_wiops',
} as const;

/** Per-second figures for the whole bhyve process. */
export interface ProcessLimits {
  bps?: number;
  iops?: number;
}

export function processLimits(vm: ResolvedVm, report: (d: BhyveDiagnostic) => void): ProcessLimits | undefined {
  const at = `VirtualMachine/${vm.meta.name}`;
  vm.nics.forEach((n, i) => {
    if (n.limits)
      report({
        severity: 'warning',
        code: 'bhyve.unsupported-option',
        path: `${at} spec.nics[${i}].limits`,
        message: 'bhyve has no NIC rate limit (rctl(8) has no network resource); `limits` is ignored',
      });
  });
  const limited = vm.disks.map((d, i) => [d, i] as const).filter(([d]) => d.limits);
  if (limited.length === 0) return undefined;
  for (const [d, i] of limited)
    for (const key of ['bandwidth', 'iops'] as const) {
      const b = d.limits![key];
      if (b && b.burst !== b.perSecond)
        report({
          severity: 'warning',
          code: 'bhyve.unsupported-option',
          path: `${at} spec.disks[${i}].limits.${key}Burst`,
          message: 'rctl(8) throttles to a rate and has no burst; the burst is ignored',
        });
    }
  const sum = (pick: (d: ResolvedDisk) => number | undefined) => {
    const values = limited.map(([d]) => pick(d)).filter((v): v is number => v !== undefined);
    return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
  };
  const bps = sum((d) => d.limits!.bandwidth?.perSecond);
  const iops = sum((d) => d.limits!.iops?.perSecond);
  if (vm.disks.length > 1)
    report({
      severity: 'warning',
      code: 'bhyve.limits-per-process',
      path: `${at} spec.disks`,
      message: `rctl(8) limits the bhyve process: its ${vm.disks.length} disks share ${[
        bps !== undefined ? `${bps} bytes/s` : '',
        iops !== undefined ? `${iops} IOPS` : '',
      ]
        .filter(Boolean)
        .join(' and ')} (the sum of the disks' limits)`,
    });
  return { ...(bps !== undefined ? { bps } : {}), ...(iops !== undefined ? { iops } : {}) };
}

/** The run script's variable assignments (vm-bhyve names) for these limits. */
export function limitVariables(l: ProcessLimits): string[] {
  const out: string[] = [];
  if (l.bps !== undefined) out.push(`${LIMIT_VARIABLES.readbps}=${l.bps}`, `${LIMIT_VARIABLES.writebps}=${l.bps}`);
  if (l.iops !== undefined) out.push(`${LIMIT_VARIABLES.readiops}=${l.iops}`, `${LIMIT_VARIABLES.writeiops}=${l.iops}`);
  return out;
}

/** `rctl -a` lines for the bhyve process `$pid`, one per limited resource. */
export function rctlLines(l: ProcessLimits): string[] {
  const resources = [
    ...(l.bps !== undefined ? (['readbps', 'writebps'] as const) : []),
    ...(l.iops !== undefined ? (['readiops', 'writeiops'] as const) : []),
  ];
  return resources.map((r) => `rctl -a "process:$pid:${r}:throttle=$${LIMIT_VARIABLES[r]}"`);
}

/** A byte rate as a manifest size (exact: KiB fractions are binary, so `0.5K` is 512). */
function sizeText(bytes: number): string {
  for (const [unit, shift] of [
    ['G', 30],
    ['M', 20],
  ] as const)
    if (bytes % 2 ** shift === 0) return `${bytes / 2 ** shift}${unit}`;
  return `${bytes / 1024}K`;
}

/**
 * Disk limits from a run script's (or a vm-bhyve config's) limit_* variables. tshyve limits reads and
 * writes together, so the smaller of the read and write figure is taken (with a warning when they differ).
 */
export function importLimits(variables: Map<string, string>, warn: (m: string) => void): { bandwidth?: string; iops?: number } | undefined {
  const number = (v: string) => {
    const m = /^([0-9]+)([kKmMgGtT]?)$/.exec(v.replace(/^"|"$/g, ''));
    if (!m) return undefined;
    const shift = { '': 0, k: 10, m: 20, g: 30, t: 40 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
    return Number(m[1]) * 2 ** shift;
  };
  const pair = (read: string, write: string, label: string) => {
    const r = variables.get(read),
      w = variables.get(write);
    const values = [r, w].filter((v): v is string => v !== undefined).map(number);
    if (values.some((v) => v === undefined || v < 1)) {
      warn(`${read}/${write}: not a positive number; ignored`);
      return undefined;
    }
    if (values.length === 0) return undefined;
    const nums = values as number[];
    if (nums.length === 1 || nums[0] !== nums[1])
      warn(`${read}=${r ?? '(unset)'} ${write}=${w ?? '(unset)'}: tshyve limits reads and writes together; ${label} is the smaller figure`);
    return Math.min(...nums);
  };
  const bps = pair(LIMIT_VARIABLES.readbps, LIMIT_VARIABLES.writebps, 'bandwidth');
  const iops = pair(LIMIT_VARIABLES.readiops, LIMIT_VARIABLES.writeiops, 'iops');
  if (bps === undefined && iops === undefined) return undefined;
  return { ...(bps !== undefined ? { bandwidth: sizeText(bps) } : {}), ...(iops !== undefined ? { iops } : {}) };
}
