// Pure parser of `zfs list -H -p -t filesystem,volume,snapshot -o name,type,volsize,volmode,tshyve:resource`
// (zfs(8): -H tab-separated without header, -p exact numbers, `-` for a property that does not apply).
import type { ObservedZvol } from './observation.js';

/** The columns asked of `zfs list`, in the order the parser expects them. */
export const ZFS_LIST_COLUMNS = ['name', 'type', 'volsize', 'volmode', 'tshyve:resource'] as const;

export function parseZfsList(text: string): Map<string, ObservedZvol> {
  const out = new Map<string, ObservedZvol>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const cols = line.split('\t');
    if (cols.length < ZFS_LIST_COLUMNS.length)
      throw new Error(`zfs list: expected ${ZFS_LIST_COLUMNS.length} tab-separated columns, got ${cols.length}: ${JSON.stringify(line)}`);
    const [name, type, volsize, volmode, resource] = cols as [string, string, string, string, string];
    const z: ObservedZvol = { dataset: name, type };
    if (volsize !== '-' && volsize !== '') {
      const n = Number(volsize);
      if (!Number.isSafeInteger(n)) throw new Error(`zfs list: volsize of ${name} is not an exact number (${volsize}); was -p passed?`);
      z.sizeBytes = n;
    }
    if (volmode !== '-' && volmode !== '') z.volmode = volmode;
    if (resource !== '-' && resource !== '') z.resource = resource;
    out.set(name, z);
  }
  return out;
}
