// A VM process for the snapshot tests: runs the `counter` micro guest (test/guests/counter.S) on
// the real /dev/kvm, its com1 on stdout. `run PATH [MEM_MIB]` snapshots it to PATH once the guest
// printed `count 0005` and keeps it running (`run-stop`: and ends it); `restore PATH [MEM_MIB]`
// starts from PATH. With TSHYVE_TEST_DISK set it runs `virtio_blk_counter` instead, with that
// file as its virtio-blk disk at slot 4, and with TSHYVE_TEST_CONSOLE a virtio-console at slot 5
// whose one port listens on that unix socket (the guest does not drive it). Reports (snapshot figures, restore refusals, errors) go to
// stderr as one JSON line each.
import { Vm } from '../../src/runtime/vm.js';
import { guest } from '../runtime/kvm-env.js';

const [mode = '', path, memMiB = '64'] = process.argv.slice(2);
const disk = process.env.TSHYVE_TEST_DISK;
const consoleSocket = process.env.TSHYVE_TEST_CONSOLE;
const report = (o: object) => process.stderr.write(JSON.stringify(o) + '\n');
let out = '';
let vm: Vm;
const started = Date.now();
let firstByteMs: number | undefined;
try {
  vm = Vm.start(
    {
      memoryBytes: Number(memMiB) * 2 ** 20,
      vcpus: 1,
      sockets: 1,
      cores: 1,
      threads: 1,
      boot: 'bootrom',
      rom: guest(disk ? 'virtio_blk_counter' : 'counter'),
      debugExit: true,
      ...(disk ? { disks: [{ path: disk, slot: 4 }] } : {}),
      ...(consoleSocket ? { consoles: [{ slot: 5, ports: [{ name: 'snap', path: consoleSocket }] }] } : {}),
      ...(mode === 'restore' ? { restoreFrom: path } : {}),
    },
    {
      onConsole: (b) => {
        firstByteMs ??= Date.now() - started;
        process.stdout.write(b);
        out += b.toString('latin1');
        if (mode.startsWith('run') && path && out.includes('count 0005\n')) {
          out = '';
          const result = vm.snapshot(path, { stop: mode === 'run-stop' });
          report({ snapshot: result, lastLine: 'count 0005' });
        }
      },
    },
  );
  if (mode === 'restore') report({ restored: true, refused: vm.restoreRefused() });
  void vm.exited.then((status) => {
    report({ exited: status, firstByteMs });
    process.exit(0);
  });
} catch (e) {
  report({ error: (e as Error).message, code: (e as { code?: string }).code });
  process.exit(2);
}
