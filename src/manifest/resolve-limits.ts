// Resolves `disks[].limits` and `nics[].limits` (schema DiskLimits, NicLimits) into token buckets of
// plain numbers (Firecracker's rate limiter: rate per second and bucket size, default one second's worth).
import type { RateBucket, ResolvedDiskLimits, ResolvedNicLimits, ResolvedNicRateLimit } from '../model/resolved.js';
import type { DiskLimits, NicLimits, NicRateLimit } from '../model/spec-types.generated.js';
import type { DocPath } from './reporter.js';
import { formatSize, parseSize } from './units.js';

type ErrorSink = (p: DocPath, c: string, m: string) => void;

/** A rate given as a size per second (`50MiB`) or a count; undefined (with a diagnostic) when zero. */
function positive(value: string | number, at: DocPath, err: ErrorSink): number | undefined {
  const n = typeof value === 'number' ? value : parseSize(value);
  if (n === undefined || n < 1) {
    err(at, 'limit.zero', `a rate limit must be at least 1 per second (got ${JSON.stringify(value)}); leave it out for no limit`);
    return undefined;
  }
  return n;
}

function bucket(
  rate: string | number | undefined,
  burst: string | number | undefined,
  at: DocPath,
  rateKey: string,
  burstKey: string,
  err: ErrorSink,
): RateBucket | undefined {
  if (rate === undefined) {
    if (burst !== undefined) err([...at, burstKey], 'limit.burst-without-rate', `\`${burstKey}\` needs \`${rateKey}\``);
    return undefined;
  }
  const perSecond = positive(rate, [...at, rateKey], err);
  const size = burst === undefined ? perSecond : positive(burst, [...at, burstKey], err);
  if (perSecond === undefined || size === undefined) return undefined;
  return { perSecond, burst: size };
}

export function resolveDiskLimits(l: DiskLimits | undefined, at: DocPath, err: ErrorSink): ResolvedDiskLimits | undefined {
  if (!l) return undefined;
  const bandwidth = bucket(l.bandwidth, l.bandwidthBurst, at, 'bandwidth', 'bandwidthBurst', err);
  const iops = bucket(l.iops, l.iopsBurst, at, 'iops', 'iopsBurst', err);
  if (!bandwidth && !iops) return undefined;
  return { ...(bandwidth ? { bandwidth } : {}), ...(iops ? { iops } : {}) };
}

function direction(l: NicRateLimit | undefined, at: DocPath, err: ErrorSink): ResolvedNicRateLimit | undefined {
  if (!l) return undefined;
  const bandwidth = bucket(l.bandwidth, l.bandwidthBurst, at, 'bandwidth', 'bandwidthBurst', err);
  const packets = bucket(l.packets, l.packetsBurst, at, 'packets', 'packetsBurst', err);
  if (!bandwidth && !packets) return undefined;
  return { ...(bandwidth ? { bandwidth } : {}), ...(packets ? { packets } : {}) };
}

export function resolveNicLimits(l: NicLimits | undefined, at: DocPath, err: ErrorSink): ResolvedNicLimits | undefined {
  if (!l) return undefined;
  const rx = direction(l.rx, [...at, 'rx'], err);
  const tx = direction(l.tx, [...at, 'tx'], err);
  if (!rx && !tx) return undefined;
  return { ...(rx ? { rx } : {}), ...(tx ? { tx } : {}) };
}

/** `50MiB/s 1000 IOPS` for a plan's reasons; the burst is shown when it is not one second's worth. */
export function describeLimits(l: ResolvedDiskLimits | ResolvedNicLimits | undefined): string {
  if (!l) return 'unlimited';
  const one = (b: RateBucket | undefined, unit: string, size: boolean) => {
    if (!b) return [];
    const show = (n: number) => (size ? formatSize(n) : String(n));
    return [`${show(b.perSecond)}${unit}${b.burst !== b.perSecond ? ` (burst ${show(b.burst)})` : ''}`];
  };
  const dir = (d: ResolvedNicRateLimit | undefined) => [...one(d?.bandwidth, '/s', true), ...one(d?.packets, ' pps', false)].join(' ');
  if ('rx' in l || 'tx' in l) {
    const n = l as ResolvedNicLimits;
    return [n.rx ? `rx ${dir(n.rx)}` : '', n.tx ? `tx ${dir(n.tx)}` : ''].filter(Boolean).join(', ');
  }
  const d = l as ResolvedDiskLimits;
  return [...one(d.bandwidth, '/s', true), ...one(d.iops, ' IOPS', false)].join(' ');
}
