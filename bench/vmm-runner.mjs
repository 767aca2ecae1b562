// Minimal tshyve VM process for the benchmark: loads the native addon directly (no TS loader) and
// runs one bootrom image with com1 on stdout. Usage: node bench/vmm-runner.mjs ROM [DEBUG_LOG] [MEM_MIB] [VCPUS]
// Snapshots: TSHYVE_BENCH_SNAPSHOT=FILE writes a snapshot (and stops) 500 ms after the start, its
// figures in FILE.json; TSHYVE_BENCH_RESTORE=FILE starts from a snapshot, and prints on stderr where
// its time went as one JSON line {"phases":{...}} (ms since this process began).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const scriptAt = performance.now();

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const addon = createRequire(import.meta.url)(join(root, 'native/build/Release/tshyve_native.node'));
const addonAt = performance.now();
const [rom, debugLog, memMiB = '64', vcpus = '1'] = process.argv.slice(2);
const n = Number(vcpus);
// As `tshyve vm-run`: with TSHYVE_BENCH_JAIL=DIR (a state directory; the bench starts this process
// under unshare and setpriv) host resources kept, the mount namespace narrowed and the VM user taken
// first; then thread allow-lists and the process deny-list unless TSHYVE_SECCOMP=0.
const seccomp = process.env.TSHYVE_SECCOMP !== '0';
const config = {
  memoryBytes: Number(memMiB) * 2 ** 20,
  vcpus: n,
  sockets: n,
  cores: 1,
  threads: 1,
  boot: 'bootrom',
  rom,
  consoleFd: 1,
  debugExit: true,
  testDevices: true,
  seccomp,
  ...(debugLog ? { debugLog } : {}),
  ...(process.env.TSHYVE_BENCH_RESTORE ? { restoreFrom: process.env.TSHYVE_BENCH_RESTORE } : {}),
};
const jailDir = process.env.TSHYVE_BENCH_JAIL;
// `tshyve vm-run` loads these modules anyway: TSHYVE_BENCH_JAIL=0 loads them without jailing (the baseline).
const { jailVmProcess } = jailDir ? await import(join(root, 'dist/runtime/contain-process.js')) : {};
const { reclaimVmDir } = jailDir ? await import(join(root, 'dist/runtime/vm-user.js')) : {};
if (jailDir && jailDir !== '0') {
  reclaimVmDir(join(jailDir, 'vms', 'bench'));
  const t0 = performance.now();
  addon.VmHandle.keepHostResources(config);
  const t1 = performance.now();
  const notes = jailVmProcess({ vmDir: join(jailDir, 'vms', 'bench'), stateDir: jailDir, user: process.env.TSHYVE_VM_USER ?? 'tshyve-vm' });
  if (!notes.some((l) => l.startsWith('privilege drop: now'))) process.stderr.write(`vmm-runner: ${notes.join('; ')}\n`);
  if (process.env.TSHYVE_BENCH_TIMES)
    process.stderr.write(`keep ${(t1 - t0).toFixed(2)} ms, jail ${(performance.now() - t1).toFixed(2)} ms\n`);
}
if (seccomp && addon.installProcessSeccomp() !== 0) process.stderr.write('vmm-runner: no process seccomp filter\n');
const constructFrom = performance.now();
const vm = new addon.VmHandle(config, {
  onExit: (status) => {
    process.exitCode = status;
    setImmediate(() => vm.destroy());
  },
});
const constructedAt = performance.now();
vm.start();
if (process.env.TSHYVE_BENCH_RESTORE)
  process.stderr.write(
    JSON.stringify({ phases: { scriptAt, addonAt, constructFrom, constructedAt, startedAt: performance.now() } }) + '\n',
  );
const snapshotTo = process.env.TSHYVE_BENCH_SNAPSHOT;
if (snapshotTo)
  setTimeout(() => {
    const { writeFileSync } = createRequire(import.meta.url)('node:fs');
    writeFileSync(snapshotTo + '.json', JSON.stringify(vm.snapshot(snapshotTo, { stop: true })));
  }, 500);
process.on('SIGTERM', () => vm.requestExit(4));
