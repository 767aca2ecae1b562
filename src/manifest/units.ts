// Sizes and durations with units, as the schema accepts them: IEC (MiB, GiB) and bhyve's -m letters
// (K, M, G, T; binary multiples, as bhyve(8) and expand_number(3) read them).

const SIZE_PATTERN = /^([0-9]+(?:\.[0-9]+)?)\s*([KMGTkmgt]|[KMGT]iB)$/;
const SIZE_SHIFT: Record<string, number> = { k: 10, m: 20, g: 30, t: 40 };

/** Bytes for a size such as `512MiB` or `2G`; undefined when the text is not a size with a unit. */
export function parseSize(text: string): number | undefined {
  const m = SIZE_PATTERN.exec(text);
  if (!m) return undefined;
  const shift = SIZE_SHIFT[m[2]![0]!.toLowerCase()]!;
  const bytes = Number(m[1]) * 2 ** shift;
  if (!Number.isFinite(bytes) || bytes > Number.MAX_SAFE_INTEGER) return undefined;
  return Math.floor(bytes);
}

/** The shortest exact IEC form: 1073741824 → `1GiB`, 1536 → `1536B`... for display only. */
export function formatSize(bytes: number): string {
  const units = ['TiB', 'GiB', 'MiB', 'KiB'];
  for (let i = 0; i < units.length; i++) {
    const unit = 2 ** (40 - 10 * i);
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit}${units[i]}`;
  }
  return `${bytes}B`;
}

const DURATION_PART = /([0-9]+)(ms|s|m|h)/g;
const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds for a duration such as `30s` or `1h30m`; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!/^([0-9]+(ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(DURATION_PART)) total += Number(m[1]) * DURATION_MS[m[2]!]!;
  return Number.isSafeInteger(total) ? total : undefined;
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
