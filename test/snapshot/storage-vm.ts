// A VM process for the AHCI/NVMe snapshot test: Debian's SeaBIOS booting the GRUB disk
// (scripts/build-fixtures.sh) from an AHCI port at slot 4, with a blank NVMe namespace at slot 6
// that SeaBIOS probes (its admin and I/O queues exist). `run SNAP DIR` snapshots it with stop once
// GRUB printed TSHYVE-GRUB-START; `restore SNAP DIR` starts from SNAP. The disks are DIR/disk.img
// and DIR/nvme.img. com1 goes to stdout; reports (the snapshot's figures, the restore, the exit
// status with the disks' counters, errors) go to stderr as one JSON line each.
import { join } from 'node:path';
import { Vm } from '../../src/runtime/vm.js';
import { seabiosVmConfig } from '../support/seabios-vm.js';

const [mode = '', snap = '', dir = ''] = process.argv.slice(2);
const report = (o: object) => process.stderr.write(JSON.stringify(o) + '\n');
const started = Date.now();
let out = '';
let vm: Vm;
try {
  vm = Vm.start(
    seabiosVmConfig(dir, {
      debugLog: join(dir, `seabios-${mode}.log`),
      ahci: [{ slot: 4, ports: [{ kind: 'hd', path: join(dir, 'disk.img') }] }],
      nvme: [{ slot: 6, path: join(dir, 'nvme.img'), maxQueues: 2, queueSize: 64 }],
      ...(mode === 'restore' ? { restoreFrom: snap } : {}),
    }),
    {
      onConsole: (b) => {
        process.stdout.write(b);
        out += b.toString('latin1');
        if (mode === 'run' && out.includes('TSHYVE-GRUB-START')) {
          out = '';
          try {
            report({ snapshot: vm.snapshot(snap, { stop: true }), atMs: Date.now() - started });
          } catch (e) {
            report({ error: (e as Error).message });
            vm.forceStop();
          }
        }
      },
    },
  );
  if (mode === 'restore') report({ restored: true, refused: vm.restoreRefused(), atMs: Date.now() - started });
  void vm.exited.then((status) => {
    setImmediate(() => {
      report({ exited: status, atMs: Date.now() - started, disks: vm.stats().disks });
      process.exit(0);
    });
  });
} catch (e) {
  report({ error: (e as Error).message, code: (e as { code?: string }).code });
  process.exit(2);
}
