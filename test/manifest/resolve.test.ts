// Resolution: defaults, units, PCI placement the way bhyve users lay it out, derived MACs and
// generated taps, and the spec hash that decides restarts.
import { describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';
import { deriveMac } from '../../src/manifest/mac-address.js';
import { generatedTapName } from '../../src/manifest/tap-names.js';
import { parseDuration, parseSize } from '../../src/manifest/units.js';

const HDR = 'apiVersion: tshyve.dev/v1alpha1\n';
const load = (text: string) => loadSpecTexts([{ file: 'mem.yaml', text }]);

describe('units', () => {
  it('reads IEC and bhyve sizes as binary multiples', () => {
    expect(parseSize('512MiB')).toBe(512 * 2 ** 20);
    expect(parseSize('2G')).toBe(2 * 2 ** 30);
    expect(parseSize('2g')).toBe(2 * 2 ** 30);
    expect(parseSize('1.5GiB')).toBe(1.5 * 2 ** 30);
    expect(parseSize('8')).toBeUndefined();
    expect(parseSize('2GB')).toBeUndefined();
  });
  it('reads durations', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('60')).toBeUndefined();
  });
});

describe('resolution', () => {
  const text = `${HDR}kind: Bridge
metadata: { name: lan }
spec: { name: tshlan0, mtu: 9000 }
---
${HDR}kind: Tap
metadata: { name: t0 }
spec: { name: tshtap0, bridge: lan }
---
${HDR}kind: Volume
metadata: { name: root }
spec: { size: 16G, zfs: { dataset: zroot/vms/root } }
---
${HDR}kind: VirtualMachine
metadata: { name: web }
spec:
  cpus: 4
  memory: 1G
  firmware: { linux: { kernel: /boot/vmlinuz } }
  disks:
    - volume: root
    - path: /srv/data.img
      slot: "1"
  nics:
    - tap: t0
    - bridge: lan
      mac: "00:BE:FA:76:45:00"
  rng: true
`;
  const result = load(text);
  const vm = result.state.vms[0]!;

  it('has no errors', () => expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]));
  it('treats a bare cpu count as sockets, as bhyve -c does', () => expect(vm.cpus).toEqual({ count: 4, sockets: 4, cores: 1, threads: 1 }));
  it('turns memory into bytes', () => expect(vm.memoryBytes).toBe(2 ** 30));
  it('places hostbridge at 0, lpc at 31 and devices in free slots in spec order', () => {
    expect(vm.hostbridge.pci.slot).toBe(0);
    expect(vm.lpc.pci.slot).toBe(31);
    expect(vm.disks.map((d) => d.pci.slot)).toEqual([2, 1]); // explicit slot 1 is skipped by the allocator
    expect(vm.nics.map((n) => n.pci.slot)).toEqual([3, 4]);
    expect(vm.rng!.pci.slot).toBe(5);
  });
  it('opens zvols through /dev/zvol', () => expect(vm.disks[0]!.path).toBe('/dev/zvol/zroot/vms/root'));
  it('derives a stable bhyve-style MAC for a NIC without one and keeps given ones lower-cased', () => {
    expect(vm.nics[0]!.mac).toBe(deriveMac('web', 3, 0));
    expect(vm.nics[0]!.mac.startsWith('58:9c:fc:')).toBe(true);
    expect(vm.nics[1]!.mac).toBe('00:be:fa:76:45:00');
  });
  it('generates a tap within 15 bytes for a NIC on a bridge, inheriting the bridge MTU', () => {
    const tap = result.state.taps.find((t) => t.generatedFor)!;
    expect(tap.ifname).toBe('tsh-web-1');
    expect(tap.bridgeIfname).toBe('tshlan0');
    expect(tap.mtu).toBe(9000);
    expect(vm.nics[1]!.tapIfname).toBe('tsh-web-1');
  });
  it('fills lifecycle defaults', () => {
    expect(vm.restartPolicy.onReboot).toBe('restart');
    expect(vm.restartPolicy.onPoweroff).toBe('stop');
    expect(vm.restartPolicy.onTripleFault).toBe('restartWithBackoff');
    expect(vm.stopTimeoutMs).toBe(60_000);
    expect(vm.serial).toEqual([{ port: 'com1', mode: 'socket' }]);
  });
  it('changes the spec hash for machine changes only', () => {
    const memory = load(text.replace('memory: 1G', 'memory: 2G')).state.vms[0]!;
    const lifecycle = load(text.replace('rng: true', 'rng: true\n  stopTimeout: 5m')).state.vms[0]!;
    expect(memory.specHash).not.toBe(vm.specHash);
    expect(lifecycle.specHash).toBe(vm.specHash);
  });
  it('does not change the spec hash when keys are written in another order', () => {
    const reordered = load(
      text
        .replace('options: { sectorSize: 512/4096, serial: WEBROOT0 }', 'options: { serial: WEBROOT0, sectorSize: 512/4096 }')
        .replace('      slot: "1"', '      slot: "1"\n      options: { nvmeMaxQueues: 2, nvmeQueueSize: 64 }')
        .replace('path: /srv/data.img', 'path: /srv/data.img\n      device: nvme'),
    );
    const again = load(
      text
        .replace('      slot: "1"', '      slot: "1"\n      options: { nvmeQueueSize: 64, nvmeMaxQueues: 2 }')
        .replace('path: /srv/data.img', 'path: /srv/data.img\n      device: nvme'),
    );
    expect(reordered.state.vms[0]!.specHash).toBe(again.state.vms[0]!.specHash);
  });
  it('generates hashed tap names for long VM names', () => {
    const name = generatedTapName('a-very-long-virtual-machine-name', 0);
    expect(name.length).toBeLessThanOrEqual(15);
    expect(name).not.toBe(generatedTapName('a-very-long-virtual-machine-nam', 0));
  });
});
