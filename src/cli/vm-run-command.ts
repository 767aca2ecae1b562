// `tshyve vm-run NAME --state-dir DIR`: the body of one VM process (started by start/apply/watch),
// running the frozen spec on the in-process hypervisor under the restart policy.
import { TshyveError } from '../errors.js';
import { resolveStateDir } from '../state/paths.js';
import { readFrozenSpec } from '../state/applied-vm.js';
import { containVmProcess } from '../runtime/contain-process.js';
import { startMachine } from '../supervise/machine.js';
import { placeVmInCgroup } from '../supervise/vm-cgroup.js';
import { describeOwnCapabilities } from '../supervise/vm-capabilities.js';
import { vmFiles } from '../state/vm-files.js';
import { runVmLoop } from '../supervise/vm-runner.js';
import type { Output } from './output.js';
import { expectPositionals, parseVerbArgs } from './parse-verb.js';

export async function vmRunCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('vm-run', args);
  expectPositionals('vm-run', positionals, 1);
  const name = positionals[0]!;
  const files = vmFiles(resolveStateDir(values['state-dir']), name);
  const vm = await readFrozenSpec(files);
  if (!vm)
    throw new TshyveError(
      'TSHYVE_STATE_CORRUPT',
      `cannot read ${files.spec}: the VM must be started by \`tshyve start\`, \`apply\` or \`watch\``,
    );
  const log = (line: string) => output.out(`${new Date().toISOString()} ${name}: ${line}`);
  log(await placeVmInCgroup({ name, memoryBytes: vm.memoryBytes, vcpus: vm.cpus.count }, process.pid));
  log(describeOwnCapabilities());
  for (const note of containVmProcess({ coreDumps: vm.flags.coreDumpGuestMemory })) log(note);
  return runVmLoop({ vm, files, start: startMachine, log });
}
