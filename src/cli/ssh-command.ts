// `tshyve ssh NAME [-- CMD…]`: the system ssh(1) to the guest (its forwarded port 22 or its address),
// as cloudInit.users[0], with a known_hosts file of the VM's own; stdio, Ctrl-C and the exit code are ssh's.
import { spawn } from 'node:child_process';
import { accessSync, constants, closeSync, chmodSync, openSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { delimiter, join } from 'node:path';
import { TshyveError } from '../errors.js';
import { readFrozenSpec } from '../state/applied-vm.js';
import { guestAddresses, sshEndpoint, type SshEndpoint } from '../state/guest-address.js';
import { resolveStateDir } from '../state/paths.js';
import { vmFiles } from '../state/vm-files.js';
import { readVmStatus } from '../state/vm-status.js';
import type { Output } from './output.js';
import { parseVerbArgs, usageLine } from './parse-verb.js';

/** The first executable `name` on PATH, or undefined. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface SshInvocation {
  ssh: string;
  endpoint: SshEndpoint;
  user?: string;
  identity?: string;
  knownHosts: string;
  command: string[];
}

export function sshArgv(i: SshInvocation): string[] {
  return [
    i.ssh,
    '-o',
    'StrictHostKeyChecking=accept-new',
    '-o',
    `UserKnownHostsFile=${i.knownHosts}`,
    '-o',
    'ConnectTimeout=15',
    ...(i.identity ? ['-i', i.identity] : []),
    ...(i.user ? ['-l', i.user] : []),
    '-p',
    String(i.endpoint.port),
    i.endpoint.host,
    ...(i.command.length ? ['--', ...i.command] : []),
  ];
}

/** The file exists and is 0600 before ssh appends the guest's host key to it. */
function prepareKnownHosts(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

export async function sshCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('ssh', args);
  const [name, ...command] = positionals;
  if (!name) throw new TshyveError('TSHYVE_USAGE', usageLine('ssh'));
  const stateDir = resolveStateDir(values['state-dir']);
  const files = vmFiles(stateDir, name);
  const vm = await readFrozenSpec(files);
  if (!vm)
    throw new TshyveError(
      'TSHYVE_NOT_FOUND',
      `no VM named ${name} has been applied with state directory ${stateDir} (\`tshyve ps\` lists them)`,
    );
  const status = await readVmStatus(files.status);
  const endpoint = sshEndpoint(vm, await guestAddresses(stateDir, vm));
  if (!endpoint)
    throw new TshyveError(
      'TSHYVE_NOT_READY',
      `${name} has no address yet (no DHCP lease for ${vm.nics.map((n) => n.mac).join(', ') || 'its NICs: it has none'}); try \`tshyve wait ${name} --for ssh\``,
    );
  const ssh = findOnPath('ssh');
  if (!ssh) throw new TshyveError('TSHYVE_NOT_FOUND', 'no ssh binary on PATH (Debian: apt-get install openssh-client)');
  prepareKnownHosts(join(files.dir, 'known_hosts'));
  const user = values.user ?? vm.cloudInit?.users[0]?.name;
  const argv = sshArgv({
    ssh,
    endpoint,
    ...(user ? { user } : {}),
    ...(values.identity ? { identity: values.identity } : {}),
    knownHosts: join(files.dir, 'known_hosts'),
    command,
  });
  // A VM applied inside a network namespace is reached from there.
  const full = status?.netns ? ['ip', 'netns', 'exec', status.netns, ...argv] : argv;
  if (values.verbose) output.err(`tshyve ssh: ${full.join(' ')}`);
  return runForeground(full);
}

/** Runs argv with this terminal; Ctrl-C is the child's to handle (ssh forwards it), its exit code is ours. */
function runForeground(argv: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const ignore = () => {};
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT'];
    for (const s of signals) process.on(s, ignore);
    const child = spawn(argv[0]!, argv.slice(1), { stdio: 'inherit' });
    const forwardTerm = () => child.kill('SIGTERM');
    process.on('SIGTERM', forwardTerm);
    const cleanup = () => {
      for (const s of signals) process.off(s, ignore);
      process.off('SIGTERM', forwardTerm);
    };
    child.on('error', (error) => {
      cleanup();
      reject(new TshyveError('TSHYVE_NOT_FOUND', `cannot run ${argv[0]}: ${error.message}`, { cause: error }));
    });
    child.on('exit', (code, signal) => {
      cleanup();
      resolve(code ?? 128 + (signal ? (osConstants.signals[signal] ?? 1) : 1));
    });
  });
}
