// bench:io's storage block: NVMe and AHCI against raw pread/pwrite on the same file (native
// harnesses native/bench/{nvme,ahci}_io_bench.cc, device code built -O2 as the addon is; AHCI as DMA
// EXT and as NCQ FPDMA QUEUED commands), and the SeaBIOS -> GRUB -> sha256 -> halt boot from an NVMe namespace and an AHCI disk under tshyve and
// under QEMU (`-device nvme`; `-device ahci` + `ide-hd`) on copies of one image. Runs interleave
// (raw, device, raw, ...; tshyve, qemu, tshyve, ...); figures are medians, with the load average.
// Alone: `node --import tsx bench/io-storage.ts [devices|boot]`. BENCH_IO_MIB (default 512) sizes
// the file, BENCH_IO_ROUNDS (default 5) the rounds, BENCH_IO_QEMU=0 skips the boots.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../src/runtime/native.js';

interface Row {
  name: string;
  mbps: number;
}
const MIB = Number(process.env.BENCH_IO_MIB ?? 512);
const ROUNDS = Math.max(5, Number(process.env.BENCH_IO_ROUNDS ?? 5));
const testDir = join(repoRoot, 'native', 'test');
const objDir = join(testDir, 'build', 'bench-O2');
const BIOS = '/usr/share/seabios/bios-256k.bin';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// The library objects at -O2 (the unit tests' build is -O1 -g), then one harness linked against them.
function buildHarness(name: string): string {
  const cxxflags = '-std=c++20 -O2 -Wall -Wno-unused-parameter -Wno-missing-field-initializers -pthread';
  execFileSync('make', ['-s', '-C', testDir, `OUT=build/bench-O2`, `CXXFLAGS=${cxxflags}`, 'build/bench-O2/test_block_request_queue'], {
    stdio: 'inherit',
  });
  const objs = execFileSync('find', [join(objDir, 'obj'), '-name', '*.o'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .sort();
  const out = join(objDir, name);
  execFileSync(
    'g++',
    [
      ...cxxflags.split(' '),
      '-I',
      join(repoRoot, 'native', 'src'),
      '-I',
      testDir,
      join(repoRoot, 'native', 'bench', `${name}.cc`),
      ...objs,
      '-lz', // the VNC server's zlib encoding, as native/test/Makefile links
      '-o',
      out,
    ],
    { stdio: 'inherit' },
  );
  return out;
}

function runHarness(bin: string, file: string): Row[] {
  const r = spawnSync(bin, [file, String(MIB)], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`${bin} failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Row);
}

/** Median MB/s per measurement name over ROUNDS runs of the harness (each run interleaves raw and device). */
function measure(bin: string): Map<string, number> {
  const dir = mkdtempSync(join('/var/tmp', 'tshyve-bench-storage-'));
  const all = new Map<string, number[]>();
  try {
    const file = join(dir, 'disk.img');
    execFileSync('truncate', ['-s', `${MIB}M`, file]);
    runHarness(bin, file); // warms the page cache and the file's blocks
    for (let i = 0; i < ROUNDS; ++i) for (const r of runHarness(bin, file)) all.set(r.name, [...(all.get(r.name) ?? []), r.mbps]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return new Map([...all].map(([k, v]) => [k, median(v)]));
}

function line(label: string, device: number, raw: number): void {
  console.log(
    `${label.padEnd(34)} ${device.toFixed(0).padStart(7)} MB/s   raw ${raw.toFixed(0).padStart(7)} MB/s   ratio ${(device / raw).toFixed(2)}x`,
  );
}

export function benchStorageDevices(): void {
  const nvme = measure(buildHarness('nvme_io_bench'));
  console.log(
    `nvme vs raw pread/pwrite, ${MIB} MiB file (4 KiB rows: the first 64 MiB), page cache, medians of ${ROUNDS}, load ${load()}:`,
  );
  for (const size of ['1m', '4k'])
    for (const op of ['write', 'read'])
      for (const qd of [1, 16])
        line(`  ${op.padEnd(5)} ${size} qd${qd}`, nvme.get(`nvme-${op}-${size}-qd${qd}`)!, nvme.get(`raw-${op}-${size}-qd1`)!);
  const ahci = measure(buildHarness('ahci_io_bench'));
  console.log(`ahci vs raw pread/pwrite, ${MIB} MiB file, page cache, medians of ${ROUNDS}, load ${load()}:`);
  for (const size of ['1m', '4k'])
    for (const op of ['write', 'read'])
      for (const qd of [1, 16])
        for (const mode of ['dma', 'ncq'] as const)
          line(
            `  ${op.padEnd(5)} ${size} qd${qd} ${mode}`,
            ahci.get(`ahci-${mode === 'ncq' ? 'ncq-' : ''}${op}-${size}-qd${qd}`)!,
            ahci.get(`raw-p${op}-${size}-qd${qd}`)!,
          );
}

async function bootTshyve(kind: 'nvme' | 'ahci', disk: string): Promise<number> {
  const { Vm } = await import('../src/runtime/vm.js');
  const t = performance.now();
  const vm = Vm.start({
    memoryBytes: 256 * 2 ** 20,
    vcpus: 1,
    sockets: 1,
    cores: 1,
    threads: 1,
    boot: 'bootrom',
    rom: BIOS,
    ...(kind === 'nvme' ? { nvme: [{ path: disk, slot: 4 }] } : { ahci: [{ slot: 4, ports: [{ kind: 'hd' as const, path: disk }] }] }),
  });
  const timer = setTimeout(() => vm.forceStop(), 600_000);
  const status = await vm.exited;
  clearTimeout(timer);
  if (status !== 1) throw new Error(`tshyve ${kind} boot ended with ${status}, not the guest's halt`);
  return (performance.now() - t) / 1000;
}

function bootQemu(kind: 'nvme' | 'ahci', disk: string): number {
  const drive = ['-drive', `file=${disk},if=none,id=d0,format=raw`];
  const device =
    kind === 'nvme' ? ['-device', 'nvme,drive=d0,serial=bench'] : ['-device', 'ahci,id=ahci0', '-device', 'ide-hd,drive=d0,bus=ahci0.0'];
  const t = performance.now();
  const q = spawnSync(
    'qemu-system-x86_64',
    ['-enable-kvm', '-M', 'pc', '-m', '256', '-display', 'none', '-serial', 'null', '-no-reboot', '-bios', BIOS, ...drive, ...device],
    { timeout: 600_000 },
  );
  if (q.status !== 0) throw new Error(`qemu ${kind} boot ended with ${q.status ?? q.signal}`);
  return (performance.now() - t) / 1000;
}

export async function benchStorageBoot(): Promise<void> {
  if (process.env.BENCH_IO_QEMU === '0') return;
  if (!existsSync('/dev/kvm') || !existsSync(BIOS)) return console.log('storage boots: skipped (no /dev/kvm or seabios)');
  execFileSync(join(repoRoot, 'scripts', 'build-fixtures.sh'), { stdio: 'ignore' });
  const image = join(repoRoot, '.cache', 'guests', 'grub-disk.img');
  const dir = mkdtempSync(join(tmpdir(), 'tshyve-bench-boot-'));
  const times: Record<string, number[]> = {};
  try {
    for (let i = 0; i < ROUNDS; ++i)
      for (const kind of ['nvme', 'ahci'] as const)
        for (const vmm of ['tshyve', 'qemu'] as const) {
          const disk = join(dir, `${vmm}-${kind}.img`);
          copyFileSync(image, disk);
          const s = vmm === 'tshyve' ? await bootTshyve(kind, disk) : bootQemu(kind, disk);
          (times[`${vmm}-${kind}`] ??= []).push(s);
          console.log(`  round ${i + 1} ${vmm} ${kind}: ${s.toFixed(1)} s (load ${load()})`);
        }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`SeaBIOS -> GRUB -> sha256 of 3.6 KiB -> ACPI halt, same image, medians of ${ROUNDS} interleaved runs, load ${load()}:`);
  for (const kind of ['nvme', 'ahci'] as const) {
    const t = median(times[`tshyve-${kind}`]!),
      q = median(times[`qemu-${kind}`]!);
    console.log(`  ${kind.padEnd(5)} tshyve ${t.toFixed(1)} s   qemu ${q.toFixed(1)} s   tshyve/qemu ${(t / q).toFixed(2)}x`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const what = process.argv[2];
  if (what !== 'boot') benchStorageDevices();
  if (what !== 'devices') await benchStorageBoot();
}
