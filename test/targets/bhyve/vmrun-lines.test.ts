// The FreeBSD handbook boots FreeBSD guests with /usr/share/examples/bhyve/vmrun.sh (seed 003). Each
// handbook invocation is expanded here the way vmrun.sh (FreeBSD 10.x) runs it — `bhyveload -c CONSOLE
// -m MEM -d BOOTDISK NAME`, then `bhyve -c CPUS -m MEM -H -A -P -g 0 -s 0:0,hostbridge -s 1:0,lpc
// [-s N:0,virtio-net,TAP]… [-s N:0,virtio-blk,DISK]… -l com1,CONSOLE [-s 31:0,ahci-cd,ISO] NAME` —
// and reproduced from examples/bhyve/handbook-freebsd-*.yaml, with doc-lines.test.ts's normalisations
// plus two for this old script: `-g 0` (the pre-11 gdb port option, 0 = none) and `-c 1` (bhyve's
// default vCPU count) are dropped.
import { describe, expect, it } from 'vitest';
import { compileExample, normalizeDocumentedLine } from './helpers.js';

/** vmrun.sh's command lines for one invocation: its getopts, defaults, slot numbering and install mode. */
function expandVmrun(line: string): { loader: string[]; bhyve: string } {
  const words = line.replace(/^#\s*/, '').split(/\s+/).slice(2); // drop `sh .../vmrun.sh`
  let cpus = '2',
    mem = '512M',
    console = 'stdio',
    iso = './release.iso',
    install = false;
  const taps: string[] = [],
    disks: string[] = [];
  let i = 0;
  for (; i < words.length && words[i]!.startsWith('-'); i++) {
    const flag = words[i]!;
    if (flag === '-i') {
      install = true;
      continue;
    }
    const value = words[++i]!;
    if (flag === '-c') cpus = value;
    else if (flag === '-m') mem = value;
    else if (flag === '-C') console = value;
    else if (flag === '-t') taps.push(value);
    else if (flag === '-d') disks.push(value);
    else if (flag === '-I') iso = value;
    else throw new Error(`vmrun.sh option ${flag} not modelled here`);
  }
  const name = words[i]!;
  if (!taps.length) taps.push('tap0');
  if (!disks.length) disks.push('./diskdev');
  const boot = install ? ['-d', iso] : disks.flatMap((d) => ['-d', d]);
  let slot = 2;
  const devargs = [...taps.map((t) => `-s ${slot++}:0,virtio-net,${t}`), ...disks.map((d) => `-s ${slot++}:0,virtio-blk,${d}`)];
  return {
    loader: ['bhyveload', '-c', console, '-m', mem, ...boot, name],
    bhyve: [
      'bhyve',
      '-c',
      cpus,
      '-m',
      mem,
      '-H -A -P',
      '-g 0',
      '-s 0:0,hostbridge',
      '-s 1:0,lpc',
      ...devargs,
      `-l com1,${console}`,
      ...(install ? [`-s 31:0,ahci-cd,${iso}`] : []),
      name,
    ].join(' '),
  };
}

const PATHS: Record<string, string> = {
  'guest.img': '/vm/guest.img',
  'FreeBSD-10.3-RELEASE-amd64-bootonly.iso': '/vm/FreeBSD-10.3-RELEASE-amd64-bootonly.iso',
};
const absolute = (argv: string[]) => argv.map((w) => PATHS[w] ?? w);
const dropOldDefaults = (line: string) => line.replace(' -g 0', '').replace(/ -c 1 /, ' ');

const HANDBOOK = [
  {
    example: 'handbook-freebsd-install.yaml',
    line: '# sh /usr/share/examples/bhyve/vmrun.sh -c 1 -m 1024M -t tap0 -d guest.img -i -I FreeBSD-10.3-RELEASE-amd64-bootonly.iso guestname',
  },
  { example: 'handbook-freebsd-boot.yaml', line: '# sh /usr/share/examples/bhyve/vmrun.sh -c 4 -m 1024M -t tap0 -d guest.img guestname' },
];

describe("the handbook's vmrun.sh lines for FreeBSD guests (bhyveload, then bhyve)", () => {
  for (const { example, line } of HANDBOOK) {
    it(`${example} reproduces vmrun.sh's bhyveload and bhyve lines`, () => {
      const { result } = compileExample(example);
      expect(result.diagnostics).toEqual([]);
      const expected = expandVmrun(line);
      const vm = result.vms[0]!;
      expect(vm.loader?.argv).toEqual(absolute(expected.loader));
      expect(vm.loader?.files).toEqual([]);
      expect(vm.argv).toEqual(normalizeDocumentedLine(dropOldDefaults(expected.bhyve), PATHS));
      expect(vm.destroyArgv).toEqual(['bhyvectl', '--destroy', '--vm=guestname']);
    });
  }

  it('runs the loader inside the restart loop, before every bhyve run, as vmrun.sh does', () => {
    const script = compileExample('handbook-freebsd-boot.yaml').result.vms[0]!.runScript;
    const loop = script.slice(script.indexOf('while :; do'));
    expect(loop.indexOf('  bhyveload -c stdio -m 1024M -d /vm/guest.img guestname\n')).toBeGreaterThan(0);
    expect(loop.indexOf('bhyveload')).toBeLessThan(loop.indexOf('    bhyve -A'));
  });
});
