// Minimal tshyve VM process for the benchmark: loads the native addon directly (no TS loader) and
// runs one bootrom image with com1 on stdout. Usage: node bench/vmm-runner.mjs ROM [DEBUG_LOG] [MEM_MIB] [VCPUS]
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const addon = createRequire(import.meta.url)(join(root, 'native/build/Release/tshyve_native.node'));
const [rom, debugLog, memMiB = '64', vcpus = '1'] = process.argv.slice(2);
const n = Number(vcpus);
// As `tshyve vm-run`: thread allow-lists and the process deny-list unless TSHYVE_SECCOMP=0.
const seccomp = process.env.TSHYVE_SECCOMP !== '0';
if (seccomp && addon.installProcessSeccomp() !== 0) process.stderr.write('vmm-runner: no process seccomp filter\n');
const vm = new addon.VmHandle(
  { memoryBytes: Number(memMiB) * 2 ** 20, vcpus: n, sockets: n, cores: 1, threads: 1, boot: 'bootrom', rom, consoleFd: 1, debugExit: true, testDevices: true, seccomp, ...(debugLog ? { debugLog } : {}) },
  { onExit: (status) => { process.exitCode = status; setImmediate(() => vm.destroy()); } },
);
vm.start();
process.on('SIGTERM', () => vm.requestExit(4));
