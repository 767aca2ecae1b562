// Round-trip property over a few hundred seeded random manifests: compile → import → compile gives
// the same scripts, and the imported manifests resolve to the same VM, bridges, taps and volumes.
// Left out of the generator because the bhyve scripts do not carry them (documented in README.md):
// labels, annotations other than grub-root, placement, autostart, stopTimeout,
// Tap vnetHeader/multiQueue, Firmware by reference (imports inline), a socket-mode serial path,
// explicit console paths equal to the default, virtio-blk queues, e1000 mtu, fbuf passwordFile.
import { Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { importBhyveScripts } from '../../../src/targets/bhyve/import-script.js';
import { formatManifests } from '../../../src/targets/bhyve/manifest-yaml.js';
import { generateManifests } from './generate-spec.js';
import { compileTexts } from './helpers.js';

const CASES = 300;

function comparable(state: ReturnType<typeof compileTexts>['loaded']['state']) {
  const strip = <T extends { meta: { source: unknown } }>(x: T) => ({ ...x, meta: { ...x.meta, source: undefined } });
  // specHash hashes JSON.stringify of the resolved VM, so it changes with the key order of disk
  // options in the manifest (not a machine change); it is compared without it.
  // bhyve lists devices by PCI address, so the import lists disks and NICs that way; the machine is the same.
  const byPci = <T extends { pci: { bus: number; slot: number; function: number } }>(xs: T[]) =>
    [...xs].sort((a, b) => a.pci.bus - b.pci.bus || a.pci.slot - b.pci.slot || a.pci.function - b.pci.function);
  // bhyveload's boot disk is an index into that list: compared as the disk it names.
  const firmwareOf = (vm: (typeof state.vms)[number]) =>
    vm.firmware.type === 'bhyveload' ? { ...vm.firmware, bootDisk: vm.disks[vm.firmware.bootDisk]?.path } : vm.firmware;
  const byName = <T extends { meta: { name: string } }>(xs: T[]) => [...xs].sort((a, b) => a.meta.name.localeCompare(b.meta.name));
  // Display text (memoryText, sizeText, slotText) is compared through the compiled scripts below: the
  // import reads bhyve's notation (`4G` for `4GiB`) and an assigned slot back as written (`5:0`).
  const withoutDisplayText = <T>(x: T): T =>
    JSON.parse(JSON.stringify(x, (k, v) => (['memoryText', 'sizeText', 'slotText'].includes(k) ? undefined : v)));
  return withoutDisplayText({
    vms: state.vms.map((vm) => ({
      ...strip(vm),
      specHash: undefined,
      firmware: firmwareOf(vm),
      disks: byPci(vm.disks),
      nics: byPci(vm.nics),
    })),
    bridges: byName(state.bridges).map(strip),
    taps: byName(state.taps).map(strip),
    volumes: byName(state.volumes).map(strip),
  });
}

describe('compile/import round trip over generated specs', () => {
  it(`holds for ${CASES} seeded cases`, () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const text = generateManifests(seed)
        .map((d) => new Document(d).toString())
        .join('---\n');
      let first: ReturnType<typeof compileTexts>;
      try {
        first = compileTexts([{ file: `seed-${seed}.yaml`, text }]);
      } catch (error) {
        throw new Error(`seed ${seed}: generated manifests do not load:\n${(error as Error).message}\n${text}`);
      }
      expect(first.result.diagnostics, `seed ${seed}`).toEqual([]);
      const imported = importBhyveScripts([first.result.hostScript, ...first.result.vms.map((v) => v.runScript)]);
      expect(imported.warnings, `seed ${seed}`).toEqual([]);
      const second = compileTexts([{ file: `seed-${seed}.yaml`, text: formatManifests(imported.documents) }]);
      expect(comparable(second.loaded.state), `seed ${seed}\n${text}`).toEqual(comparable(first.loaded.state));
      expect(second.result.hostScript, `seed ${seed}`).toBe(first.result.hostScript);
      expect(
        second.result.vms.map((v) => [v.runScript, v.config]),
        `seed ${seed}`,
      ).toEqual(first.result.vms.map((v) => [v.runScript, v.config]));
    }
  });
});
