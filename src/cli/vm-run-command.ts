// `tshyve vm-run NAME --state-dir DIR [--user NAME]`: the body of one VM process (started by
// start/apply/watch), running the frozen spec on the in-process hypervisor under the restart policy.
// Before the first boot it opens every host resource once (kept for every boot), hides the host in
// its own mount namespace, becomes the VM user and installs its filters; reboots reuse what it holds.
// `vm-run :standby` is the warm standby: loaded, still root, it waits for a VM's name and then
// goes on exactly as `vm-run NAME` from its first step (docs/vm-process-jail.md, "Warm standby").
import { TshyveError } from '../errors.js';
import type { ResolvedVm } from '../model/resolved.js';
import { resolveStateDir } from '../state/paths.js';
import { readFrozenSpec } from '../state/applied-vm.js';
import { containVmProcess, jailVmProcess } from '../runtime/contain-process.js';
import { loadNative, type NativeVmConfig } from '../runtime/native.js';
import { readPlannedPaths, usePlannedPaths } from '../runtime/run-time-paths.js';
import { Vm } from '../runtime/vm.js';
import { reclaimVmDir, vmUserName } from '../runtime/vm-user.js';
import { abandonResume, chooseFirstBoot, finishRestore, refusedRestore } from '../supervise/first-boot.js';
import { machineConfig } from '../supervise/machine.js';
import { placeVmInCgroup } from '../supervise/vm-cgroup.js';
import { describeOwnCapabilities } from '../supervise/vm-capabilities.js';
import { vmFiles, type VmFiles } from '../state/vm-files.js';
import { STANDBY_NAME } from '../state/standby-files.js';
import { waitForClaim } from '../supervise/standby-server.js';
import { runVmLoop, type MachineFactory } from '../supervise/vm-runner.js';
import type { Output } from './output.js';
import { expectPositionals, parseVerbArgs } from './parse-verb.js';

/**
 * The first boot sets the process up and contains it, and may start from a snapshot (first-boot.ts);
 * later boots (guest reboots) boot cold with the same config and descriptors.
 */
function containedMachines(vm: ResolvedVm, files: VmFiles, stateDir: string, user: string, log: (line: string) => void): MachineFactory {
  let config: NativeVmConfig | undefined;
  return async (_vm, _files, onConsole) => {
    if (config) return Vm.start(config, { onConsole });
    // Taken before the jail: the request and the snapshot are not visible from inside it.
    const boot = await chooseFirstBoot(vm, files, stateDir);
    if (boot.snapshot) log(`restoring from ${boot.snapshot}`);
    if (boot.note) log(boot.note);
    usePlannedPaths(await readPlannedPaths(files.dir));
    const ready = await machineConfig(vm, files);
    const kept = loadNative().VmHandle.keepHostResources(ready);
    log(`host resources: ${kept} descriptors open for every boot of this process`);
    for (const line of jailVmProcess({ vmDir: files.dir, stateDir, user })) log(line);
    log(describeOwnCapabilities());
    for (const note of containVmProcess({ coreDumps: vm.flags.coreDumpGuestMemory })) log(note);
    config = ready;
    if (!boot.restoreFrom) return Object.assign(Vm.start(ready, { onConsole }), boot.note ? { startNote: boot.note } : {});
    let machine: Vm;
    try {
      machine = Vm.start({ ...ready, restoreFrom: boot.restoreFrom }, { onConsole });
    } catch (error) {
      if (!boot.resume) {
        refusedRestore(boot);
        throw error;
      }
      const note = abandonResume(boot, (error as Error).message);
      log(note);
      return Object.assign(Vm.start(ready, { onConsole }), { startNote: note });
    }
    const note = await finishRestore(boot, files);
    log(note);
    return Object.assign(machine, { startNote: note, resumed: true });
  };
}

/**
 * The standby's wait: the name it becomes, with its output moved to that VM's vmm.log (its
 * directory taken back first, as every VM process's first step); undefined when it retires.
 */
async function waitAsStandby(stateDir: string, output: Output): Promise<string | undefined> {
  const native = loadNative();
  let reclaimed: string | undefined;
  const name = await waitForClaim({
    stateDir,
    log: (line) => output.out(`${new Date().toISOString()} ${line}`),
    become: (name) => {
      const files = vmFiles(stateDir, name);
      reclaimed = reclaimVmDir(files.dir);
      return native.redirectOutput(files.vmmLog) === 0;
    },
  });
  if (name && reclaimed) output.out(`${new Date().toISOString()} ${name}: ${reclaimed}`);
  return name;
}

export async function vmRunCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('vm-run', args);
  expectPositionals('vm-run', positionals, 1);
  const stateDir = resolveStateDir(values['state-dir']);
  const name = positionals[0] === STANDBY_NAME ? await waitAsStandby(stateDir, output) : positionals[0]!;
  if (name === undefined) return 0;
  const files = vmFiles(stateDir, name);
  const reclaimed = reclaimVmDir(files.dir);
  const vm = await readFrozenSpec(files);
  if (!vm)
    throw new TshyveError(
      'TSHYVE_STATE_CORRUPT',
      `cannot read ${files.spec}: the VM must be started by \`tshyve start\`, \`apply\` or \`watch\``,
    );
  const log = (line: string) => output.out(`${new Date().toISOString()} ${name}: ${line}`);
  if (reclaimed) log(reclaimed);
  log(await placeVmInCgroup({ name, memoryBytes: vm.memoryBytes, vcpus: vm.cpus.count }, process.pid));
  const user = vmUserName(values.user);
  return runVmLoop({ vm, files, start: containedMachines(vm, files, stateDir, user, log), log });
}
