// bhyve_config(5) read back: a compiled vms/NAME/bhyve.conf imports to the same machine as the bhyve
// line (slots come back as slot:function, the config's pci.B.S.F), and `-o key=value` and `-k FILE`
// (a file the script wrote) on a bhyve line are read as the options they stand for.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importBhyveArgv } from '../../../src/targets/bhyve/import-argv.js';
import { importBhyveScripts } from '../../../src/targets/bhyve/import-script.js';
import { formatManifests } from '../../../src/targets/bhyve/manifest-yaml.js';
import { parseSlot } from '../../../src/targets/bhyve/notation.js';
import { formatPci } from '../../../src/manifest/pci-placement.js';
import { splitShellWords } from '../../../src/targets/bhyve/shell-words.js';
import { generateManifests } from './generate-spec.js';
import { compileExample, compileTexts, EXAMPLES } from './helpers.js';
import { Document } from 'yaml';

/** argv with every -s slot as slot:function: the one notation a bhyve_config(5) file keeps. */
const slotsAsPci = (argv: string[]) =>
  argv.map((w, i) => (argv[i - 1] === '-s' ? w.replace(/^[^,]+/, (s) => formatPci(parseSlot(s)!)) : w));

function roundTripThroughConfig(result: ReturnType<typeof compileTexts>['result'], hostScript: string) {
  const vm = result.vms[0]!;
  const imported = importBhyveScripts([hostScript, vm.config]);
  expect(imported.warnings).toEqual([]);
  const again = compileTexts([{ file: 'from-config.yaml', text: formatManifests(imported.documents) }]).result;
  expect(again.vms[0]!.argv).toEqual(slotsAsPci(vm.argv));
  expect(again.vms[0]!.config).toBe(vm.config);
}

// The config carries the bhyve machine; loaders (grub-bhyve, bhyveload), UEFI variable templates and
// log files live in run.sh, so VMs that need them are left to round-trip.test.ts.
const configOnly = (r: ReturnType<typeof compileTexts>['result']) =>
  r.vms.length === 1 && !r.vms[0]!.loader && !r.vms[0]!.varsCopy && !r.vms[0]!.logFile;

describe('bhyve_config(5) import', () => {
  const examples = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ f, result: compileExample(f).result }))
    .filter((x) => configOnly(x.result));
  for (const { f, result } of examples) {
    it(`${f}: bhyve.conf imports to the same bhyve line`, () => roundTripThroughConfig(result, result.hostScript));
  }

  it('holds for the generated specs that need no run.sh facts', () => {
    let checked = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const text = generateManifests(seed)
        .map((d) => new Document(d).toString())
        .join('---\n');
      const { result } = compileTexts([{ file: `seed-${seed}.yaml`, text }]);
      if (!configOnly(result)) continue;
      roundTripThroughConfig(result, result.hostScript);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('reads -o key=value and a -k file the script wrote', () => {
    const o = importBhyveArgv(
      splitShellWords(
        'bhyve -o memory.size=2G -o x86.x2apic=true -o pci.0.3.0.device=virtio-rnd -s 0,hostbridge -s 31,lpc -l bootrom,/fw.fd v',
      ),
    );
    expect(o.warnings).toEqual([]);
    expect((o.document as { spec: Record<string, unknown> }).spec).toMatchObject({ memory: '2G', x2apic: true, rng: { slot: '3:0' } });
    const script =
      "cat > /etc/v.conf <<'EOF'\nname=v\nmemory.size=1G\nacpi_tables=true\npci.0.0.0.device=hostbridge\npci.0.31.0.device=lpc\nlpc.bootrom=/fw.fd\nEOF\nbhyve -k /etc/v.conf -H\n";
    const k = importBhyveScripts([script]);
    expect(k.warnings).toEqual([]);
    expect((k.documents[0] as { metadata: { name: string }; spec: Record<string, unknown> }).spec).toMatchObject({
      memory: '1G',
      acpi: true,
      yieldOnHlt: true,
      firmware: { bootrom: { image: '/fw.fd' } },
    });
  });

  it('warns about settings with no manifest field, and a -k file it was not given', () => {
    const vm = importBhyveArgv(splitShellWords('bhyve -o foo.bar=1 -k /missing.conf -s 0,hostbridge -l bootrom,/fw.fd -m 1G v'));
    expect(vm.warnings.join('\n')).toMatch(/foo\.bar=1/);
    expect(vm.warnings.join('\n')).toMatch(/--file \/missing\.conf/);
  });
});
