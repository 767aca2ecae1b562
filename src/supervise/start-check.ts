// Can this applied VM start here? Checked before `restart` stops the running one: the backend can
// run every device, and every file the VM opens at boot (firmware, kernel, initrd, disks) is there.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { ResolvedVm } from '../model/resolved.js';
import { kvmBackendUnsupported } from '../runtime/kvm-support.js';

export async function startProblems(vm: ResolvedVm): Promise<string[]> {
  const problems = kvmBackendUnsupported(vm).map((u) => `${u.path}: ${u.message}`);
  const files: [string, string, number][] = [];
  const f = vm.firmware;
  if (f.type === 'bootrom') files.push(['boot ROM', f.image, constants.R_OK]);
  if (f.type === 'linux') {
    files.push(['kernel', f.kernel, constants.R_OK]);
    if (f.initrd) files.push(['initrd', f.initrd, constants.R_OK]);
  }
  for (const d of vm.disks) files.push([`disk ${d.path}`, d.path, d.readOnly ? constants.R_OK : constants.R_OK | constants.W_OK]);
  for (const [what, path, mode] of files) {
    try {
      await access(path, mode);
    } catch (error) {
      problems.push(`${what} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be opened'}`);
    }
  }
  return problems;
}
