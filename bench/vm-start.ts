// What bench:vmm and bench:fleet share: micro-guest manifests, QEMU microvm peers, first-byte timing
// of a file (a VM's console.log) or a pipe, and per-process memory from /proc/PID/smaps_rollup (proc(5)).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync, watch } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';

export const root = join(import.meta.dirname, '..');
export const guests = join(root, 'test', 'guests', 'build');
export const QEMU = 'qemu-system-x86_64';

export function microVmYaml(name: string, rom: string, memory = '64MiB', extra = ''): string {
  return (
    `apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: ${name} }\nspec:\n  cpus: 1\n  memory: ${memory}\n` +
    `  firmware: { bootrom: { image: ${join(guests, `${rom}.bin`)} } }\n  testDevice: true\n  stopTimeout: 2s\n${extra}`
  );
}

export function qemuMicrovmArgs(rom: string, serial = 'stdio', memMiB = 64): string[] {
  return [
    '-M',
    'microvm',
    '-enable-kvm',
    '-bios',
    rom,
    '-nodefaults',
    '-no-user-config',
    '-display',
    'none',
    '-serial',
    serial,
    '-device',
    'isa-debug-exit,iobase=0xf4,iosize=1',
    '-m',
    `${memMiB}M`,
  ];
}

/** Resolves with performance.now() when `file` first holds at least `bytes` bytes (inotify on its directory, polled as a fallback). */
export function whenFileHas(file: string, bytes = 1, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const size = () => (existsSync(file) ? statSync(file).size : 0);
    let watcher: ReturnType<typeof watch> | undefined;
    const done = (at: number | undefined) => {
      watcher?.close();
      clearInterval(poll);
      clearTimeout(timer);
      if (at === undefined) reject(new Error(`${file} stayed under ${bytes} bytes`));
      else resolve(at);
    };
    const check = () => {
      if (size() >= bytes) done(performance.now());
    };
    const poll = setInterval(check, 20);
    const timer = setTimeout(() => done(undefined), timeoutMs);
    try {
      watcher = watch(dirname(file), check);
    } catch {
      /* the directory does not exist yet: the poll covers it */
    }
    check();
  });
}

/** Spawns argv and resolves with ms from spawn to its first stdout byte; the process keeps running. */
export function firstStdoutByte(argv: string[], env?: NodeJS.ProcessEnv): Promise<{ ms: number; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'ignore'], ...(env ? { env } : {}) });
    child.stdout!.once('data', () => resolve({ ms: performance.now() - t0, child }));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${argv[0]} exited (${code}) before printing`)));
  });
}

export interface ProcessMemory {
  pssKiB: number;
  privateDirtyKiB: number;
}

export function memoryOf(pid: number): ProcessMemory {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { pssKiB: field('Pss'), privateDirtyKiB: field('Private_Dirty') };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const min = (xs: number[]) => Math.min(...xs);

/** The machine's load average, printed beside every figure (a shared 2-core host is noisy). */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

export function ratioRow(name: string, ours: number, theirs: number, unit: string, goal = 1.0): string {
  const ratio = ours / theirs;
  return `${name.padEnd(44)} tshyve ${ours.toFixed(1).padStart(9)} ${unit.padEnd(4)} qemu ${theirs.toFixed(1).padStart(9)} ${unit.padEnd(4)} ratio ${ratio.toFixed(2)} (goal <= ${goal.toFixed(1)}: ${ratio <= goal ? 'met' : 'missed'})`;
}
