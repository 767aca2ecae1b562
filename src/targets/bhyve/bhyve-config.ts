// The bhyve_config(5) form of a VM: `key=value` lines read by `bhyve -k FILE`, equivalent to the
// command line that bhyve-argv.ts builds (global settings, pci.B.S.F.* nodes, lpc.* nodes).
import type { ResolvedVm } from '../../model/resolved.js';
import type { BhyveMachine } from './bhyve-argv.js';

export function formatBhyveConfig(vm: ResolvedVm, machine: BhyveMachine): string {
  const lines: string[] = [
    `# bhyve_config(5) for VirtualMachine ${vm.meta.name}; run with: bhyve -k THIS_FILE`,
    `name=${vm.meta.name}`,
    `cpus=${vm.cpus.count}`,
    `sockets=${vm.cpus.sockets}`,
    `cores=${vm.cpus.cores}`,
    `threads=${vm.cpus.threads}`,
    `memory.size=${machine.memory}`,
  ];
  const bool = (key: string, value: boolean, fallback: boolean) => {
    if (value !== fallback) lines.push(`${key}=${value}`);
  };
  bool('acpi_tables', vm.flags.acpi, false);
  bool('memory.guest_in_core', vm.flags.coreDumpGuestMemory, false);
  bool('memory.wired', vm.wiredMemory, false);
  bool('destroy_on_poweroff', vm.flags.destroyOnPoweroff, false);
  bool('x86.strictio', vm.flags.exitOnUnemulatedIo, false);
  bool('x86.vmexit_on_hlt', vm.flags.yieldOnHlt, false);
  bool('x86.vmexit_on_pause', vm.flags.exitOnPause, false);
  // -u: the RTC keeps UTC, i.e. does not use local time.
  bool('rtc.use_localtime', !vm.flags.rtcUtc, true);
  bool('virtio_msix', !vm.flags.forceMsi, true);
  bool('x86.strictmsr', !vm.flags.ignoreUnimplementedMsrs, true);
  bool('x86.x2apic', vm.flags.x2apic, false);
  bool('x86.mptable', !vm.flags.disableMptable, true);
  if (vm.uuid) lines.push(`uuid=${vm.uuid}`);
  if (vm.gdb) {
    lines.push(`gdb.port=${vm.gdb.port}`);
    if (vm.gdb.address !== '127.0.0.1') lines.push(`gdb.address=${vm.gdb.address}`);
    if (vm.gdb.waitForAttach) lines.push('gdb.wait=true');
  }
  for (const p of vm.cpuPinning) lines.push(`vcpu.${p.vcpu}.cpuset=${p.hostCpu}`);
  for (const d of machine.devices) {
    const node = `pci.${d.pci.bus}.${d.pci.slot}.${d.pci.function}`;
    for (const [key, value] of d.settings) lines.push(`${node}.${key}=${value}`);
  }
  for (const l of machine.lpc.entries) for (const [key, value] of l.settings) lines.push(`${key}=${value}`);
  return lines.join('\n') + '\n';
}
