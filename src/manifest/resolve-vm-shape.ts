// A VirtualMachine's shape: vCPU count and topology as bhyve -c takes them (a bare count means that
// many sockets), vCPU pinning, and memory, each checked against the native VMM's limits.
import type { ResolvedVm } from '../model/resolved.js';
import type { VirtualMachineDocument } from '../model/spec-types.generated.js';
import type { DocPath } from './reporter.js';
import { parseSize } from './units.js';

/** The native VMM's limits (native/src/vmm/vm.cc): refused here first, with a position. */
const MAX_VCPUS = 255;
const MIN_MEMORY_BYTES = 2 * 2 ** 20;

type Spec = VirtualMachineDocument['spec'];
type Report = (path: DocPath, code: string, message: string) => void;

export function resolveCpus(spec: Spec, err: Report): ResolvedVm['cpus'] {
  let cpus: ResolvedVm['cpus'];
  if (typeof spec.cpus === 'number') cpus = { count: spec.cpus, sockets: spec.cpus, cores: 1, threads: 1 };
  else {
    const sockets = spec.cpus.sockets ?? 1,
      cores = spec.cpus.cores ?? 1,
      threads = spec.cpus.threads ?? 1;
    const product = sockets * cores * threads;
    cpus = { count: spec.cpus.count ?? product, sockets, cores, threads };
    if (product !== cpus.count)
      err(
        ['spec', 'cpus'],
        'cpus.topology',
        `sockets × cores × threads = ${sockets} × ${cores} × ${threads} = ${product}, but count is ${cpus.count}; they must be equal`,
      );
    if (product > MAX_VCPUS)
      err(['spec', 'cpus'], 'cpus.topology', `topology gives ${product} vCPUs; at most ${MAX_VCPUS} are supported (the VMM's limit)`);
  }
  const pinned = new Set<number>();
  (spec.cpuPinning ?? []).forEach((p, i) => {
    if (p.vcpu >= cpus.count)
      err(
        ['spec', 'cpuPinning', i, 'vcpu'],
        'cpus.pinning',
        `vCPU ${p.vcpu} does not exist: the VM has ${cpus.count} (0-${cpus.count - 1})`,
      );
    if (pinned.has(p.vcpu)) err(['spec', 'cpuPinning', i, 'vcpu'], 'cpus.pinning', `vCPU ${p.vcpu} is pinned twice`);
    pinned.add(p.vcpu);
  });
  return cpus;
}

/** Memory in bytes; more than this host has is a host fact (`hostFact`), not an error everywhere. */
export function resolveMemory(spec: Spec, hostMemoryBytes: number | undefined, err: Report, hostFact: Report): number {
  const memoryBytes = parseSize(spec.memory) ?? 0;
  if (memoryBytes <= 0) err(['spec', 'memory'], 'memory.zero', 'memory must be above zero');
  else if (memoryBytes < MIN_MEMORY_BYTES)
    err(
      ['spec', 'memory'],
      'memory.too-small',
      `memory ${spec.memory} is less than 2MiB, the least the VMM runs${memoryBytes < 2 ** 20 ? '; did you forget the unit (512MiB, 2G)?' : ''}`,
    );
  if (hostMemoryBytes !== undefined && memoryBytes > hostMemoryBytes) {
    hostFact(
      ['spec', 'memory'],
      'memory.exceeds-host',
      `memory ${spec.memory} is more than this host has (${(hostMemoryBytes / 2 ** 30).toFixed(1)}GiB)`,
    );
  }
  return memoryBytes;
}
