// Rules across resources: unique interface names, MACs, taps and writable disks; volume and
// snapshot backends not shared; autostart dependencies without cycles.
import type { DesiredState } from '../model/resolved.js';
import { snapshotId, volumeId } from '../model/volume-identity.js';
import type { DocumentIndex } from './documents.js';
import type { DocPath, Reporter } from './reporter.js';
import type { SourceDocument } from './parse-yaml.js';

export function validateCrossResource(state: DesiredState, index: DocumentIndex, reporter: Reporter): void {
  const vmSource = (name: string) => index.VirtualMachine.get(name)!.source;
  const claim = <T>(seen: Map<string, T>, key: string, owner: T, onConflict: (previous: T) => void) => {
    const previous = seen.get(key);
    if (previous !== undefined) onConflict(previous);
    else seen.set(key, owner);
  };

  // Interface names: bridges, declared taps and generated taps share one namespace on the host.
  const ifnames = new Map<string, string>();
  for (const b of state.bridges) {
    claim(ifnames, b.ifname, `Bridge ${b.meta.name}`, (prev) =>
      reporter.error(
        index.Bridge.get(b.meta.name)!.source,
        ['spec', 'name'],
        'ifname.duplicate',
        `interface name ${b.ifname} is already used by ${prev}`,
      ),
    );
  }
  for (const t of state.taps) {
    if (t.generatedFor) {
      const { vm, nic } = t.generatedFor;
      claim(ifnames, t.ifname, `the tap generated for ${vm} nics[${nic}]`, (prev) =>
        reporter.error(vmSource(vm), ['spec', 'nics', nic], 'ifname.duplicate', `generated tap name ${t.ifname} collides with ${prev}`),
      );
    } else {
      claim(ifnames, t.ifname, `Tap ${t.meta.name}`, (prev) =>
        reporter.error(
          index.Tap.get(t.meta.name)!.source,
          ['spec', 'name'],
          'ifname.duplicate',
          `interface name ${t.ifname} is already used by ${prev}`,
        ),
      );
    }
  }

  const macs = new Map<string, string>();
  const tapUsers = new Map<string, string>();
  const writers = new Map<string, string>();
  for (const vm of state.vms) {
    const source = vmSource(vm.meta.name);
    vm.nics.forEach((nic, i) => {
      const here = `${vm.meta.name} nics[${i}]`;
      claim(macs, nic.mac, here, (prev) =>
        reporter.error(
          source,
          nic.macGenerated ? ['spec', 'nics', i] : ['spec', 'nics', i, 'mac'],
          'mac.duplicate',
          `MAC ${nic.mac} is already used by ${prev}`,
        ),
      );
      claim(tapUsers, nic.tap, here, (prev) =>
        reporter.error(
          source,
          ['spec', 'nics', i, 'tap'],
          'tap.shared',
          `Tap ${nic.tap} is already used by ${prev}; a tap carries one NIC`,
        ),
      );
    });
    vm.disks.forEach((disk, i) => {
      if (disk.readOnly) return;
      claim(writers, disk.path, `${vm.meta.name} disks[${i}]`, (prev) =>
        reporter.error(
          source,
          ['spec', 'disks', i],
          'disk.shared',
          `${disk.volume ? `Volume ${disk.volume}` : disk.path} is already written by ${prev}; two writers would corrupt it (mark both readOnly ` +
            `to share)`,
        ),
      );
    });
  }

  const backends = new Map<string, string>();
  for (const v of state.volumes) {
    const key = volumeId(v);
    const source = index.Volume.get(v.meta.name)!.source;
    claim(backends, key, `Volume ${v.meta.name}`, (prev) =>
      reporter.error(source, ['spec', v.backend.type], 'volume.shared', `${key} is already the backend of ${prev}`),
    );
  }
  for (const s of state.snapshots ?? []) {
    const key = snapshotId(s);
    const source = index.VolumeSnapshot.get(s.meta.name)!.source;
    claim(backends, key, `VolumeSnapshot ${s.meta.name}`, (prev) =>
      reporter.error(
        source,
        index.VolumeSnapshot.get(s.meta.name)!.doc.spec.path ? ['spec', 'path'] : ['metadata', 'name'],
        'snapshot.shared',
        `${key} is already the backend of ${prev}`,
      ),
    );
  }

  reportAutostartCycles(state, (name, path, message) => reporter.error(vmSource(name), path, 'autostart.cycle', message));
}

function reportAutostartCycles(state: DesiredState, report: (vm: string, path: DocPath, message: string) => void): void {
  const after = new Map(state.vms.map((vm) => [vm.meta.name, vm.autostart.after]));
  const done = new Set<string>();
  const visit = (name: string, stack: string[]): void => {
    if (done.has(name)) return;
    const at = stack.indexOf(name);
    if (at >= 0) {
      const cycle = [...stack.slice(at), name];
      report(cycle[0]!, ['spec', 'autostart', 'after'], `autostart dependencies form a cycle: ${cycle.join(' → ')}`);
      cycle.forEach((n) => done.add(n));
      return;
    }
    for (const dep of after.get(name) ?? []) visit(dep, [...stack, name]);
    done.add(name);
  };
  for (const name of after.keys()) visit(name, []);
}

export type { SourceDocument };
