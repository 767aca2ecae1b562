// `tshyve import bhyve --file` of the handbook's FreeBSD-guest steps (seed 003): the host commands
// and the vmrun.sh invocation give back examples/bhyve/handbook-freebsd-*.yaml (with vmrun.sh's loop
// policy: anything but a reboot stops), and compile back to the bhyveload and bhyve lines vmrun.sh runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { importBhyveScripts } from '../../../src/targets/bhyve/import-script.js';
import { formatManifests } from '../../../src/targets/bhyve/manifest-yaml.js';
import { compileTexts, EXAMPLES } from './helpers.js';

const HOST = ['# ifconfig tap0 create', '# sysctl net.link.tap.up_on_open=1', '# truncate -s 16G guest.img'];
const VMRUN = {
  'handbook-freebsd-boot.yaml': '# sh /usr/share/examples/bhyve/vmrun.sh -c 4 -m 1024M -t tap0 -d guest.img guestname',
  'handbook-freebsd-install.yaml':
    '# sh /usr/share/examples/bhyve/vmrun.sh -c 1 -m 1024M -t tap0 -d guest.img -i -I FreeBSD-10.3-RELEASE-amd64-bootonly.iso guestname',
};
// The documented lines as a script: prompts dropped, files under /vm (manifests need absolute paths).
const script = (lines: string[], absolute = true) =>
  lines
    .map((l) => l.replace(/^# /, ''))
    .join('\n')
    .replace(/(?<=[ ])(guest\.img|FreeBSD-[^ ]+\.iso)/g, absolute ? '/vm/$1' : '$1');

describe("import of the handbook's vmrun.sh lines", () => {
  for (const [example, line] of Object.entries(VMRUN)) {
    it(`${example}: gives back the manifests and compiles to vmrun.sh's lines`, () => {
      const imported = importBhyveScripts([script([...HOST, line])]);
      expect(imported.warnings).toEqual([]);
      const original = parseAllDocuments(readFileSync(join(EXAMPLES, example), 'utf8')).map((d) => d.toJS());
      const vm = original.find((d) => d.kind === 'VirtualMachine');
      vm.spec.restartPolicy = { onTripleFault: 'stop', onError: 'stop' };
      expect(imported.documents).toEqual(expect.arrayContaining(original));
      expect(imported.documents).toHaveLength(original.length);
      const { result } = compileTexts([{ file: 'imported.yaml', text: formatManifests(imported.documents) }]);
      const example2 = compileTexts([{ file: example, text: readFileSync(join(EXAMPLES, example), 'utf8') }]).result;
      expect(result.vms[0]!.loader!.argv).toEqual(example2.vms[0]!.loader!.argv);
      expect(result.vms[0]!.argv).toEqual(example2.vms[0]!.argv);
    });
  }

  it('warns about relative paths, and about what vmrun.sh passes that has no place', () => {
    const warnings = importBhyveScripts([
      script([...HOST, VMRUN['handbook-freebsd-boot.yaml'].replace('-c 4', '-c 4 -g 1234')], false),
    ]).warnings.join('\n');
    expect(warnings).toMatch(/guest\.img is relative/);
    expect(warnings).toMatch(/-g 1234/);
  });
});
