// Expands a /usr/share/examples/bhyve/vmrun.sh invocation (how the FreeBSD handbook runs FreeBSD
// guests) into the bhyveload(8) and bhyve(8) lines vmrun.sh (FreeBSD 10.x) runs, and its loop's
// policy: boot again after a reboot (exit 0), stop on anything else.
import { getopt } from './getopt.js';

export interface VmrunExpansion {
  loader: string[];
  bhyve: string[];
  policy: Record<string, string>;
  warnings: string[];
}

const WITH_ARGUMENT = new Set(['c', 'C', 'd', 'e', 'g', 'H', 'I', 'l', 'm', 'p', 't']);

/** The arguments after vmrun.sh when `words` runs it (`sh …/vmrun.sh ARGS` or `…/vmrun.sh ARGS`). */
export function vmrunArguments(words: string[]): string[] | undefined {
  if (words[0] === 'sh' && words[1]?.endsWith('vmrun.sh')) return words.slice(2);
  if (words[0]?.endsWith('vmrun.sh')) return words.slice(1);
  return undefined;
}

export function expandVmrun(args: string[]): VmrunExpansion {
  const warnings: string[] = [];
  let cpus = '2',
    memory = '512M',
    console = 'stdio',
    iso = './release.iso',
    install = false,
    hostBase: string | undefined,
    gdbPort = '0';
  const taps: string[] = [],
    disks: { path: string; opts: string }[] = [],
    passthru: string[] = [],
    loaderOpts: string[] = [],
    runOpts = ['-H', '-A', '-P'];
  const { options, operands } = getopt(args, WITH_ARGUMENT);
  for (const [letter, arg] of options) {
    if (!WITH_ARGUMENT.has(letter)) {
      if (letter === 'i') install = true;
      else if (letter === 'a' || letter === 'u' || letter === 'w') runOpts.push(`-${letter}`);
      else warnings.push(`vmrun.sh -${letter} is not modelled; dropped`);
      continue;
    }
    const value = arg ?? '';
    switch (letter) {
      case 'c':
        cpus = value;
        break;
      case 'C':
        console = value;
        break;
      case 'd': {
        const comma = value.indexOf(',');
        disks.push(comma < 0 ? { path: value, opts: '' } : { path: value.slice(0, comma), opts: value.slice(comma) });
        break;
      }
      case 'e':
        loaderOpts.push('-e', value);
        break;
      case 'g':
        gdbPort = value;
        break;
      case 'H':
        hostBase = value;
        break;
      case 'I':
        iso = value;
        break;
      case 'l':
        loaderOpts.push('-l', value);
        break;
      case 'm':
        memory = value;
        break;
      case 'p':
        passthru.push(value);
        break;
      case 't':
        taps.push(value);
        break;
    }
  }
  const name = operands[0] ?? 'imported';
  if (operands.length !== 1) warnings.push('vmrun.sh wants exactly one VM name after its options');
  if (gdbPort !== '0') warnings.push(`vmrun.sh -g ${gdbPort}: the pre-11 bhyve gdb port; set spec.gdb (bhyve -G) instead; dropped`);
  if (!taps.length) taps.push('tap0');
  if (!disks.length) disks.push({ path: './diskdev', opts: '' });
  if (hostBase) loaderOpts.push('-h', hostBase);
  if (passthru.length) {
    loaderOpts.push('-S');
    runOpts.push('-S');
  }
  const paths = [...disks.map((d) => d.path), ...(install ? [iso] : []), ...(hostBase ? [hostBase] : [])];
  for (const p of paths) if (!p.startsWith('/')) warnings.push(`vmrun.sh path ${p} is relative: the manifest needs an absolute path`);
  let slot = 2;
  const devices = [
    ...taps.map((t) => `${slot++}:0,virtio-net,${t}`),
    ...disks.map((d) => `${slot++}:0,virtio-blk,${d.path}${d.opts}`),
    ...passthru.map((p) => `${slot++}:0,passthru,${p}`),
  ];
  const boot = install ? ['-d', iso] : disks.flatMap((d) => ['-d', d.path]);
  return {
    loader: ['bhyveload', '-c', console, '-m', memory, ...boot, ...loaderOpts, name],
    bhyve: [
      'bhyve',
      '-c',
      cpus,
      '-m',
      memory,
      ...runOpts,
      '-s',
      '0:0,hostbridge',
      '-s',
      '1:0,lpc',
      ...devices.flatMap((d) => ['-s', d]),
      '-l',
      `com1,${console}`,
      ...(install ? ['-s', `31:0,ahci-cd,${iso}`] : []),
      name,
    ],
    policy: { onTripleFault: 'stop', onError: 'stop' },
    warnings,
  };
}
