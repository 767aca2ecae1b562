// import(compile(x)) gives back x for every example in examples/bhyve/: the manifests rebuilt from
// the generated host-setup.sh and run.sh equal the example's documents (comments aside). A bhyve
// line alone (without the scripts) gives back the VirtualMachine when no host step or loader is needed.
import { readdirSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { importBhyveArgv } from '../../../src/targets/bhyve/import-argv.js';
import { importBhyveScripts } from '../../../src/targets/bhyve/import-script.js';
import { formatManifests } from '../../../src/targets/bhyve/manifest-yaml.js';
import { splitShellWords } from '../../../src/targets/bhyve/shell-words.js';
import { compileExample, compileTexts, EXAMPLES } from './helpers.js';

const byKey = (docs: unknown[]) =>
  new Map(
    docs.map((d) => {
      const x = d as { kind: string; metadata: { name: string } };
      return [`${x.kind}/${x.metadata.name}`, d];
    }),
  );

describe('import(compile(x)) = x', () => {
  for (const example of readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    it(example, () => {
      const { text, result } = compileExample(example);
      const imported = importBhyveScripts([result.hostScript, ...result.vms.map((v) => v.runScript)]);
      expect(imported.warnings).toEqual([]);
      const original = parseAllDocuments(text).map((d) => d.toJS());
      expect(byKey(imported.documents)).toEqual(byKey(original));
      // The YAML text the importer prints loads back to the same documents, and compiles the same.
      const yaml = formatManifests(imported.documents);
      expect(byKey(parseAllDocuments(yaml).map((d) => d.toJS()))).toEqual(byKey(original));
      const again = compileTexts([{ file: 'imported.yaml', text: yaml }]).result;
      expect(again.vms.map((v) => v.runScript)).toEqual(result.vms.map((v) => v.runScript));
      expect(again.hostScript).toBe(result.hostScript);
    });
  }

  it('a bare bhyve line imports to the same VM when it needs no host facts', () => {
    const { text, result } = compileExample('handbook-uefi-fbuf.yaml');
    const vm = importBhyveArgv(result.vms[0]!.argv);
    expect(vm.warnings).toEqual([]);
    expect(vm.document).toEqual(byKey(parseAllDocuments(text).map((d) => d.toJS())).get('VirtualMachine/guest'));
  });

  it('reads documented spellings: bundled flags, attached arguments, a bare -m in megabytes', () => {
    const vm = importBhyveArgv(
      splitShellWords(
        'bhyve -AHPuS -c4 -m 512 -s0,hostbridge -s31,lpc -s 2,virtio-rnd -p 0:3 -U 6A1F5F8E-3C2D-4B7A-9E10-2F3A4B5C6D7E -G w1234 -l com1,stdio -l bootrom,/fw.fd x',
      ),
    );
    const spec = (vm.document as { spec: Record<string, unknown> }).spec;
    expect(spec).toMatchObject({
      cpus: 4,
      memory: '512M',
      wiredMemory: true,
      acpi: true,
      yieldOnHlt: true,
      exitOnPause: true,
      rtcUtc: true,
      rng: { slot: '2' },
      cpuPinning: [{ vcpu: 0, hostCpu: 3 }],
      uuid: '6a1f5f8e-3c2d-4b7a-9e10-2f3a4b5c6d7e',
      gdb: { port: 1234, waitForAttach: true },
    });
  });

  it('warns about what it cannot carry, and never drops it silently', () => {
    const vm = importBhyveArgv([
      'bhyve',
      '-s',
      '0,hostbridge',
      '-s',
      '1,lpc',
      '-s',
      '2,virtio-net,netgraph,path=x:,peerhook=y',
      '-s',
      '3,uart',
      '-r',
      'snap',
      'v',
    ]);
    expect(vm.warnings).toHaveLength(5);
    expect(vm.warnings.join('\n')).toMatch(/256M/);
    expect(vm.warnings.join('\n')).toMatch(/netgraph|tap backends/);
    expect(vm.warnings.join('\n')).toMatch(/uart/);
    expect(vm.warnings.join('\n')).toMatch(/-r snap/);
    expect(vm.warnings.join('\n')).toMatch(/firmware/);
  });
});
