// The TS side of NVMe: a manifest's nvme disks and their bhyve options (maxq, qsz, ioslots, sectsz,
// ser, eui64, dsm) become the native config of one controller each; other disks are left out.
import { describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';
import { nvmeDevicesOf, virtioDevicesOf } from '../../src/runtime/native-config.js';

function vmOf(disks: string) {
  const text = `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: t }
spec:
  cpus: 1
  memory: 256M
  firmware: { bootrom: { image: /fw.fd } }
  disks:
${disks}`;
  const loaded = loadSpecTexts([{ file: 't.yaml', text }]);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.state.vms[0]!;
}

describe('nvmeDevicesOf', () => {
  it('maps an nvme disk with every bhyve option', () => {
    const vm = vmOf(`    - path: /v.img
    - path: /n.img
      device: nvme
      slot: "6"
      options:
        readOnly: true
        sectorSize: 4096
        serial: NVME-SER
        nvmeMaxQueues: 4
        nvmeQueueSize: 256
        nvmeIoSlots: 16
        nvmeEui64: "0x0011223344556677"
        nvmeDsm: disable
`);
    expect(nvmeDevicesOf(vm)).toEqual([
      {
        path: '/n.img',
        slot: 6,
        function: 0,
        readOnly: true,
        nocache: false,
        direct: false,
        nodelete: false,
        sectorSize: 4096,
        serial: 'NVME-SER',
        maxQueues: 4,
        queueSize: 256,
        ioSlots: 16,
        eui64: '0x0011223344556677',
        dsm: 'disable',
      },
    ]);
    expect(virtioDevicesOf(vm).disks!.map((d) => d.path)).toEqual(['/v.img']);
  });

  it('leaves the defaults to the VMM (bhyve maxq=16 qsz=2048 ioslots=8 dsm=auto)', () => {
    const [d] = nvmeDevicesOf(vmOf('    - { path: /n.img, device: nvme }\n'));
    expect(d).toEqual({
      path: '/n.img',
      slot: d!.slot,
      function: 0,
      readOnly: false,
      nocache: false,
      direct: false,
      nodelete: false,
      sectorSize: 512,
    });
    expect(d!.slot).toBeGreaterThan(0);
  });
});
