// The VNC rows of `npm run bench:vmm`: the same SeaBIOS guest (banner, then "No bootable device" on
// a still 1024x768 screen) under tshyve's bochs-display + VNC server and under QEMU's bochs-display
// with `-vnc`, measured in the same run by the same RFB client (test/display/rfb-client.ts):
// (e) a full-screen update, raw, hextile and zlib: time from request to the last byte, and bytes on the
// wire; (f) CPU of the whole VM process over IDLE_SECONDS with a viewer attached that keeps an
// incremental update request outstanding, beside the same process after the viewer left.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RfbClient } from '../test/display/rfb-client.js';

const BIOS = '/usr/share/seabios/bios-256k.bin';
const VGA_BIOS = '/usr/share/seabios/vgabios-bochs-display.bin';
const IDLE_SECONDS = Number(process.env.BENCH_VNC_IDLE_SECONDS ?? 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** utime + stime in seconds (proc(5): fields 14 and 15, clock ticks) of a stat file's task. */
function statCpu(path: string): number {
  const stat = readFileSync(path, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * CPU seconds of a VM process outside its vCPU threads (tshyve `vcpuN`, QEMU `CPU N/KVM`): the
 * VMM's own cost, without the guest's (SeaBIOS's idle loop is emulated code and varies run to run).
 */
function vmmCpuSeconds(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const comm = readFileSync(`/proc/${pid}/task/${task}/comm`, 'latin1').trim();
      if (/^vcpu\d+$|^CPU \d+\/KVM$/.test(comm)) continue;
      total += statCpu(`/proc/${pid}/task/${task}/stat`);
    } catch {
      // the thread ended meanwhile
    }
  }
  return total;
}

interface Peer {
  name: string;
  argv: (port: number, log: string) => string[];
}

const peers: Peer[] = [
  { name: 'tshyve', argv: (port, log) => [process.execPath, join(import.meta.dirname, 'vmm-vnc-runner.mjs'), String(port), log] },
  {
    name: 'qemu',
    argv: (port, log) => [
      'qemu-system-x86_64',
      '-M',
      'q35',
      '-enable-kvm',
      '-bios',
      BIOS,
      '-m',
      '128M',
      '-nodefaults',
      '-no-user-config',
      '-display',
      'none',
      '-device',
      'bochs-display,xres=1024,yres=768',
      '-vnc',
      `127.0.0.1:${port - 5900}`,
      '-chardev',
      `file,id=dbg,path=${log}`,
      '-device',
      'isa-debugcon,iobase=0x402,chardev=dbg',
    ],
  },
];

interface VncFigures {
  rawMs: number;
  rawBytes: number;
  hextileMs: number;
  hextileBytes: number;
  zlibMs: number;
  zlibBytes: number;
  idleViewerCpu: number;
  idleNoViewerCpu: number;
  width: number;
  height: number;
}

async function measure(peer: Peer, port: number, dir: string, rounds: number): Promise<VncFigures> {
  const log = join(dir, `${peer.name}.log`);
  const argv = peer.argv(port, log);
  const child: ChildProcess = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'ignore'] });
  try {
    const end = Date.now() + 90_000;
    while (!(existsSync(log) && /No bootable device/.test(readFileSync(log, 'latin1')))) {
      if (Date.now() > end) throw new Error(`${peer.name}: SeaBIOS did not reach "No bootable device"`);
      await sleep(200);
    }
    await sleep(1000);
    const pid = child.pid!;
    const full = async (encodings: number[]) => {
      const ms: number[] = [],
        bytes: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const c = await RfbClient.open(port);
        c.setEncodings(encodings);
        const t0 = performance.now();
        c.requestUpdate(false);
        let got = 0,
          n = 0;
        while (got < c.width * c.height) {
          const u = await c.readUpdate();
          n += u.bytes;
          got += u.rects ? u.pixels : 0;
          if (!u.rects || got < c.width * c.height) c.requestUpdate(false);
        }
        ms.push(performance.now() - t0);
        bytes.push(n);
        c.close();
      }
      return { ms: median(ms), bytes: median(bytes) };
    };
    const raw = await full([0]);
    const hextile = await full([5, 0]);
    const zlib = await full([6, 0]);
    // The attached viewer: always one incremental request outstanding, as viewers keep it.
    const viewer = await RfbClient.open(port);
    viewer.setEncodings([5, 0]);
    viewer.requestUpdate(false);
    await viewer.readUpdate();
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        viewer.requestUpdate(true);
        await viewer.readUpdate().catch(() => (stop = true));
      }
    })();
    await sleep(1000);
    const c1 = vmmCpuSeconds(pid);
    await sleep(IDLE_SECONDS * 1000);
    const idleViewerCpu = ((vmmCpuSeconds(pid) - c1) / IDLE_SECONDS) * 100;
    stop = true;
    viewer.close();
    await Promise.race([loop, sleep(100)]);
    await sleep(1000);
    const c0 = vmmCpuSeconds(pid);
    await sleep(IDLE_SECONDS * 1000);
    const idleNoViewerCpu = ((vmmCpuSeconds(pid) - c0) / IDLE_SECONDS) * 100;
    return {
      rawMs: raw.ms,
      rawBytes: raw.bytes,
      hextileMs: hextile.ms,
      hextileBytes: hextile.bytes,
      zlibMs: zlib.ms,
      zlibBytes: zlib.bytes,
      idleViewerCpu,
      idleNoViewerCpu,
      width: viewer.width,
      height: viewer.height,
    };
  } finally {
    child.kill('SIGKILL');
  }
}

/** The VNC rows, formatted by `row` (bench/vmm.ts). */
export async function vncRows(
  row: (name: string, ours: number, theirs: number, unit: string, better: 'lower' | 'higher') => string,
  rounds: number,
): Promise<string[]> {
  if (!existsSync(BIOS) || !existsSync(VGA_BIOS)) return [`(e)/(f) VNC rows skipped: ${BIOS} or ${VGA_BIOS} missing`];
  const dir = mkdtempSync(join(tmpdir(), 'tshyve-bench-vnc-'));
  try {
    const base = 5900 + 60 + (process.pid % 30);
    const t = await measure(peers[0]!, base, dir, rounds);
    const q = await measure(peers[1]!, base + 1, dir, rounds);
    return [
      `    VNC screens: tshyve ${t.width}x${t.height}, qemu ${q.width}x${q.height} (SeaBIOS banner, still)`,
      row('(e) VNC full update 1024x768 raw', t.rawMs, q.rawMs, 'ms', 'lower'),
      row('(e) ... raw, bytes on the wire', t.rawBytes / 1024, q.rawBytes / 1024, 'KiB', 'lower'),
      row('(e) VNC full update, hextile', t.hextileMs, q.hextileMs, 'ms', 'lower'),
      row('(e) ... hextile, bytes on the wire', t.hextileBytes / 1024, q.hextileBytes / 1024, 'KiB', 'lower'),
      row('(e) VNC full update, zlib', t.zlibMs, q.zlibMs, 'ms', 'lower'),
      row('(e) ... zlib, bytes on the wire', t.zlibBytes / 1024, q.zlibBytes / 1024, 'KiB', 'lower'),
      row('(f) VMM CPU (no vCPUs), viewer on', t.idleViewerCpu, q.idleViewerCpu, '%core', 'lower'),
      row('(f) ... same VM, viewer gone', t.idleNoViewerCpu, q.idleNoViewerCpu, '%core', 'lower'),
      `    attached viewer's own cost: tshyve ${(t.idleViewerCpu - t.idleNoViewerCpu).toFixed(1)} %core, qemu ${(q.idleViewerCpu - q.idleNoViewerCpu).toFixed(1)} %core (difference of the two rows above)`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
