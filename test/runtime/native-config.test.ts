// The TS side of the virtio devices: a resolved VM's virtio-blk disks, virtio-net NICs, rng and
// console become the native config the VMM trusts (other device models are left out).
import { describe, expect, it } from 'vitest';
import type { ResolvedVm } from '../../src/model/resolved.js';
import {
  ahciControllersOf,
  consolePortSocket,
  E1000_OPTION_ROMS,
  nicOptionRom,
  virtioDevicesOf,
  vmToNativeConfig,
} from '../../src/runtime/native-config.js';
import { loadSpecTexts } from '../../src/manifest/load.js';
import { repoRoot } from '../../src/runtime/native.js';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const pci = (slot: number, fn = 0) => ({ bus: 0, slot, function: fn });

describe('virtioDevicesOf', () => {
  it('maps disks, nics, rng and consoles with their PCI slots and options', () => {
    const vm = {
      disks: [
        {
          device: 'virtio-blk',
          path: '/var/lib/a.img',
          pci: pci(4),
          readOnly: true,
          nocache: true,
          direct: false,
          logicalSectorSize: 512,
          physicalSectorSize: 4096,
          nodelete: true,
          serial: 'SER1',
          queues: 2,
          extra: {},
        },
        {
          device: 'nvme',
          path: '/var/lib/b.img',
          pci: pci(5),
          readOnly: false,
          nocache: false,
          direct: false,
          logicalSectorSize: 512,
          physicalSectorSize: 512,
          nodelete: false,
          queues: 1,
          extra: {},
        },
      ],
      nics: [
        { device: 'virtio-net', tap: 'tap0', tapIfname: 'tsht0', mac: '52:54:00:00:00:01', macGenerated: true, mtu: 9000, pci: pci(6) },
        { device: 'e1000', tap: 'tap1', tapIfname: 'tsht1', mac: '52:54:00:00:00:02', macGenerated: true, pci: pci(7) },
      ],
      rng: { pci: pci(8) },
      consoles: { pci: pci(9), ports: [{ name: 'org.tshyve.agent', path: '/run/tshyve/vm.sock' }] },
    } as unknown as ResolvedVm;
    expect(virtioDevicesOf(vm)).toEqual({
      disks: [
        {
          path: '/var/lib/a.img',
          slot: 4,
          function: 0,
          readOnly: true,
          nocache: true,
          direct: false,
          nodelete: true,
          logicalSectorSize: 512,
          physicalSectorSize: 4096,
          serial: 'SER1',
          queues: 2,
        },
      ],
      nics: [{ tap: 'tsht0', mac: '52:54:00:00:00:01', slot: 6, function: 0, mtu: 9000 }],
      rng: { slot: 8, function: 0 },
      consoles: [{ slot: 9, function: 0, ports: [{ name: 'org.tshyve.agent', path: '/run/tshyve/vm.sock' }] }],
      e1000: [{ tap: 'tsht1', mac: '52:54:00:00:00:02', slot: 7, function: 0 }],
    });
  });

  it('gives every console port without a path its own socket in the VM directory', () => {
    const vm = {
      disks: [],
      nics: [],
      consoles: { pci: pci(9), ports: [{ name: 'org.tshyve.agent' }, { name: 'log', path: '/run/log.sock' }, { name: 'shell' }] },
    } as unknown as ResolvedVm;
    expect(virtioDevicesOf(vm, '/var/lib/tshyve/vms/web').consoles).toEqual([
      {
        slot: 9,
        function: 0,
        ports: [
          { name: 'org.tshyve.agent', path: '/var/lib/tshyve/vms/web/console-org.tshyve.agent.sock' },
          { name: 'log', path: '/run/log.sock' },
          { name: 'shell', path: consolePortSocket('/var/lib/tshyve/vms/web', 'shell') },
        ],
      },
    ]);
    // Without a VM directory the port exists in the guest but has no socket.
    expect(virtioDevicesOf(vm).consoles![0]!.ports[0]).toEqual({ name: 'org.tshyve.agent' });
  });

  it('maps virtio-9p shares: the share name is the mount tag', () => {
    const vm = {
      disks: [],
      nics: [],
      shares: [
        { name: 'src', path: '/srv/src', readOnly: true, pci: pci(10) },
        { name: 'data', path: '/srv/data', readOnly: false, pci: pci(11, 1) },
      ],
    } as unknown as ResolvedVm;
    expect(virtioDevicesOf(vm).shares).toEqual([
      { tag: 'src', path: '/srv/src', readOnly: true, slot: 10, function: 0 },
      { tag: 'data', path: '/srv/data', readOnly: false, slot: 11, function: 1 },
    ]);
  });

  it('picks the first installed NIC option ROM, none when none is installed', () => {
    expect(nicOptionRom(['/nonexistent/efi-virtio.rom', '/proc/self/status'])).toBe('/proc/self/status');
    expect(nicOptionRom(['/nonexistent/a.rom'])).toBeUndefined();
  });
});

describe('NIC option ROM', () => {
  const reason = !existsSync('/dev/kvm')
    ? 'needs /dev/kvm (vmToNativeConfig checks it)'
    : !nicOptionRom()
      ? 'no iPXE virtio ROM (apt-get install ipxe-qemu)'
      : undefined;
  it('is attached only to NICs that ask for network boot', async (ctx) => {
    if (reason) return ctx.skip(reason);
    execFileSync('make', ['-s', '-C', join(repoRoot, 'test/guests')]);
    const text = `apiVersion: tshyve.dev/v1alpha1\nkind: Bridge\nmetadata: { name: lan }\nspec: { name: br0 }\n---\napiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: pxe }\nspec:\n  cpus: 1\n  memory: 64MiB\n  firmware: { bootrom: { image: ${join(repoRoot, 'test/guests/build/waiter.bin')} } }\n  nics: [{ bridge: lan, bootRom: true }, { bridge: lan }]\n`;
    const { state, ok } = loadSpecTexts([{ file: 'pxe.yaml', text }]);
    expect(ok).toBe(true);
    const config = await vmToNativeConfig(state.vms[0]!);
    expect(config.nics?.map((n) => n.rom)).toEqual([nicOptionRom(), undefined]);
  });

  it("gives an e1000 iPXE's e1000 ROM and keeps each kind's NICs in their own order", async (ctx) => {
    if (reason) return ctx.skip(reason);
    if (!nicOptionRom(E1000_OPTION_ROMS)) return ctx.skip('no iPXE e1000 ROM (apt-get install ipxe-qemu)');
    execFileSync('make', ['-s', '-C', join(repoRoot, 'test/guests')]);
    const text = `apiVersion: tshyve.dev/v1alpha1\nkind: Bridge\nmetadata: { name: lan }\nspec: { name: br0 }\n---\napiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: pxe }\nspec:\n  cpus: 1\n  memory: 64MiB\n  firmware: { bootrom: { image: ${join(repoRoot, 'test/guests/build/waiter.bin')} } }\n  nics: [{ bridge: lan, device: e1000, bootRom: true }, { bridge: lan, bootRom: true }, { bridge: lan, device: e1000 }]\n`;
    const { state, ok } = loadSpecTexts([{ file: 'pxe.yaml', text }]);
    expect(ok).toBe(true);
    const config = await vmToNativeConfig(state.vms[0]!);
    expect(config.e1000?.map((n) => n.rom)).toEqual([nicOptionRom(E1000_OPTION_ROMS), undefined]);
    expect(config.nics?.map((n) => n.rom)).toEqual([nicOptionRom()]);
  });
});

describe('ahciControllersOf', () => {
  const vmOf = (disks: string) => {
    const text = `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: a }
spec:
  cpus: 1
  memory: 256M
  firmware: { bootrom: { image: /fw.fd } }
  disks:
${disks}`;
    const loaded = loadSpecTexts([{ file: 'a.yaml', text }]);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return loaded.state.vms[0]!;
  };

  it('makes ahci disks sharing a slot the ports of one controller, in spec order, with their options', () => {
    const vm =
      vmOf(`    - { path: /v/root.img, device: ahci-hd, slot: "4", options: { ahciModel: "ACME SSD", ahciRevision: "1.0", ahciRotation: 1, serial: S1, sectorSize: "512/4096", nodelete: true } }
    - { path: /v/boot.img }
    - { path: /v/install.iso, device: ahci-cd, slot: "4" }
    - { path: /v/data.img, device: ahci-hd, slot: "6" }
`);
    const controllers = ahciControllersOf(vm);
    expect(controllers.map((c) => [c.slot, c.function, c.ports.map((p) => `${p.kind}:${p.path}`)])).toEqual([
      [4, 0, ['hd:/v/root.img', 'cd:/v/install.iso']],
      [6, 0, ['hd:/v/data.img']],
    ]);
    expect(controllers[0]!.ports[0]).toMatchObject({
      model: 'ACME SSD',
      revision: '1.0',
      rotationRate: 1,
      serial: 'S1',
      logicalSectorSize: 512,
      physicalSectorSize: 4096,
      nodelete: true,
      readOnly: false,
    });
    expect(controllers[0]!.ports[1]).toMatchObject({ kind: 'cd', readOnly: true, logicalSectorSize: 2048 });
    // The virtio-blk disk is not an AHCI port, and AHCI disks are not virtio disks.
    expect(virtioDevicesOf(vm).disks!.map((d) => d.path)).toEqual(['/v/boot.img']);
  });
});
