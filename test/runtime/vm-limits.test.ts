// The VMM's limits (native/src/vmm/vm.cc) and the spec resolver's agree: whatever the native side
// refuses, loading the manifest refuses first, with a position; native code never rewrites a topology.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nativeAddonPath } from '../../src/runtime/native.js';
import type { NativeVmConfig } from '../../src/runtime/native.js';
import { Vm } from '../../src/runtime/vm.js';
import { loadSpecTexts } from '../../src/manifest/load.js';

const doc = (cpus: string, memory: string) =>
  `apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: m }\nspec:\n  cpus: ${cpus}\n  memory: ${memory}\n  firmware: { bootrom: { image: /x.rom } }\n`;
const base: NativeVmConfig = {
  memoryBytes: 32 * 2 ** 20,
  vcpus: 1,
  sockets: 1,
  cores: 1,
  threads: 1,
  boot: 'bootrom',
  rom: '/nonexistent.rom',
};

const CASES: { name: string; cpus: string; memory: string; native: Partial<NativeVmConfig>; nativeError: RegExp; specError: RegExp }[] = [
  {
    name: '256 vCPUs',
    cpus: '256',
    memory: '64MiB',
    native: { vcpus: 256, sockets: 256 },
    nativeError: /vcpus must be 1\.\.255/,
    specError: /5:9 spec\.cpus must be <= 255/,
  },
  {
    name: 'a 16×16 topology',
    cpus: '{ sockets: 16, cores: 16 }',
    memory: '64MiB',
    native: { vcpus: 256, sockets: 16, cores: 16 },
    nativeError: /vcpus must be 1\.\.255/,
    specError: /5:9 spec\.cpus topology gives 256 vCPUs; at most 255/,
  },
  {
    name: '1MiB of memory',
    cpus: '1',
    memory: '1MiB',
    native: { memoryBytes: 2 ** 20 },
    nativeError: /memory must be at least 2 MiB/,
    specError: /6:11 spec\.memory memory 1MiB is less than 2MiB/,
  },
  {
    name: 'a topology that does not multiply to the count',
    cpus: '{ count: 3, sockets: 2 }',
    memory: '64MiB',
    native: { vcpus: 3, sockets: 2 },
    nativeError: /sockets x cores x threads must equal vcpus/,
    specError: /5:9 spec\.cpus sockets × cores × threads = 2 × 1 × 1 = 2, but count is 3/,
  },
];

describe.skipIf(!existsSync(nativeAddonPath()))('VMM limits, native and spec', () => {
  it.each(CASES)('$name: refused by both layers', ({ cpus, memory, native, nativeError, specError }) => {
    const r = loadSpecTexts([{ file: 'm.yaml', text: doc(cpus, memory) }]);
    expect(r.ok).toBe(false);
    expect(
      r.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `${d.line}:${d.column} ${d.path} ${d.message}`)
        .join('\n'),
    ).toMatch(specError);
    expect(() => Vm.start({ ...base, ...native })).toThrow(nativeError);
  });

  it('the limits themselves pass the spec layer', () => {
    expect(
      loadSpecTexts([{ file: 'm.yaml', text: doc('{ sockets: 5, cores: 51 }', '2MiB') }]).diagnostics.filter((d) => d.severity === 'error'),
    ).toEqual([]);
  });
});
