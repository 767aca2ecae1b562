// `npm run bench:vmm`: tshyve's VMM against qemu-system-x86_64 -enable-kvm, measured in the same
// run on the same guests: (a) process start -> first serial byte (micro guest; QEMU -M microvm),
// (b) PIO exits per second, (c) peak RSS, (d) SeaBIOS start -> boot attempt (QEMU -M q35); (a) again
// in the VM process jail, as `tshyve vm-run` starts (its start-up cost); (e)/(f) the VNC server
// (bench/vmm-vnc.ts); (g)-(j) the VM process as the CLI starts it: `run`, warm standby and cold
// starts, crash recovery, density (vm-process.ts); (k) snapshot of a 256 MiB counter guest with
// 16 MiB touched (time, file size) and restore -> first serial byte, against QEMU's
// `migrate "exec:cat > FILE"` and `-incoming "exec:cat FILE"` on the same guest.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { vncRows } from './vmm-vnc.js';
import { vmProcessRows, warmRestoreMs } from './vm-process.js';
import { QEMU, guests, median, qemuMicrovmArgs, root } from './vm-start.js';

const BIOS = '/usr/share/seabios/bios-256k.bin';
const PIO_ITERATIONS = 100_000; // test/guests/pio_bench.S

interface RunResult {
  firstByteMs: number;
  marks: Map<string, number>;
  peakRssKiB: number;
  totalMs: number;
  stderr: string;
}

function tshyveCmd(rom: string, debugLog?: string): string[] {
  return [process.execPath, join(root, 'bench', 'vmm-runner.mjs'), rom, debugLog ?? '', '64'];
}
function qemuMicrovmCmd(rom: string, memMiB = 64): string[] {
  return [QEMU, ...qemuMicrovmArgs(rom, 'stdio', memMiB)];
}
function qemuSeabiosCmd(log: string): string[] {
  return [
    QEMU,
    '-M',
    'q35',
    '-enable-kvm',
    '-bios',
    BIOS,
    '-nodefaults',
    '-no-user-config',
    '-display',
    'none',
    '-serial',
    'stdio',
    '-chardev',
    `file,id=dbg,path=${log}`,
    '-device',
    'isa-debugcon,iobase=0x402,chardev=dbg',
    '-m',
    '64M',
  ];
}

/** The argv prefix and environment `tshyve vm-run` gets (src/supervise/vm-capabilities.ts), with a state directory to hide. */
function jailedStart(): { prefix: string[]; env: NodeJS.ProcessEnv } | undefined {
  const tools = ['/usr/bin/unshare', '/usr/bin/setpriv'];
  const hasUser = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .some((l) => l.startsWith('tshyve-vm:'));
  if (process.getuid?.() !== 0 || !hasUser || !tools.every((t) => existsSync(t))) return undefined;
  const state = mkdtempSync(join(tmpdir(), 'tshyve-bench-jail-'));
  mkdirSync(join(state, 'vms', 'bench'), { recursive: true, mode: 0o700 });
  const prefix = [tools[0]!, '--mount', '--propagation', 'private', '--'];
  prefix.push(tools[1]!, '--bounding-set', '-all,+chown,+setgid,+setuid,+sys_admin', '--inh-caps', '-all', '--ambient-caps', '-all', '--');
  return { prefix, env: { TSHYVE_BENCH_JAIL: state, TSHYVE_SPAWNER_MOUNT_NS: readlinkSync('/proc/self/ns/mnt') } };
}

function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Spawns argv, timestamps the first stdout byte and the first time each marker appears, polls VmHWM. */
function run(
  argv: string[],
  markers: string[],
  opts: { logFile?: string; logMarker?: RegExp; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
    let out = '';
    let stderr = '';
    let firstByteMs = -1;
    let peak = 0;
    const marks = new Map<string, number>();
    const poll = setInterval(() => {
      if (child.pid) peak = Math.max(peak, peakRss(child.pid));
      if (
        opts.logFile &&
        opts.logMarker &&
        !marks.has('log') &&
        existsSync(opts.logFile) &&
        opts.logMarker.test(readFileSync(opts.logFile, 'latin1'))
      ) {
        marks.set('log', performance.now() - t0);
        child.kill('SIGKILL');
      }
    }, 5);
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.stdout.on('data', (b: Buffer) => {
      const now = performance.now() - t0;
      if (firstByteMs < 0) firstByteMs = now;
      out += b.toString('latin1');
      for (const m of markers) if (!marks.has(m) && out.includes(m)) marks.set(m, now);
      if (child.pid) peak = Math.max(peak, peakRss(child.pid));
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ firstByteMs, marks, peakRssKiB: peak, totalMs: performance.now() - t0, stderr });
    });
  });
}

/** HMP commands over QEMU's monitor socket, one line each; resolves with everything it printed. */
function hmp(socket: string, commands: string[], until: (out: string) => boolean, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = createConnection(socket);
    let out = '';
    const timer = setTimeout(() => {
      c.destroy();
      reject(new Error(`qemu monitor: timed out; got ${out.slice(-200)}`));
    }, timeoutMs);
    c.on('data', (b: Buffer) => {
      out += b.toString('latin1');
      if (until(out)) {
        clearTimeout(timer);
        c.destroy();
        resolve(out);
      }
    });
    c.on('error', reject);
    c.on('connect', () => {
      for (const cmd of commands) c.write(cmd + '\n');
    });
  });
}

/**
 * (e) tshyve snapshot/restore against QEMU migrate to/from a file, interleaved round by round, on
 * test/guests/counter_16m.S with 256 MiB (16 MiB of it touched, a line every few ms).
 */
async function snapshotRows(lines: string[], rounds: number): Promise<void> {
  const counter = join(guests, 'counter_16m.bin');
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'tshyve-bench-snap-'));
  const ts: number[] = [],
    tsize: number[] = [],
    tr: number[] = [],
    tw: number[] = [],
    qs: number[] = [],
    qsize: number[] = [],
    qr: number[] = [];
  const phases = { node: [] as number[], addon: [] as number[], restore: [] as number[], firstByte: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    const file = join(dir, `t${i}.snap`);
    const argv = [process.execPath, join(root, 'bench', 'vmm-runner.mjs'), counter, '', '256'];
    await run(argv, [], { env: { TSHYVE_BENCH_SNAPSHOT: file }, timeoutMs: 20_000 });
    const figures = JSON.parse(readFileSync(file + '.json', 'utf8')) as { totalMs: number; fileBytes: number };
    ts.push(figures.totalMs);
    tsize.push(figures.fileBytes / 2 ** 20);
    const restored = await run(argv, [], { env: { TSHYVE_BENCH_RESTORE: file }, timeoutMs: 3_000 });
    tr.push(restored.firstByteMs);
    // As `tshyve restore` does it with the warm standby that apply and watch keep (needs root).
    if (process.getuid?.() === 0) tw.push(await warmRestoreMs(dir, i, 'counter_16m', '256MiB'));
    const p = restorePhases(restored.stderr);
    if (p) {
      phases.node.push(p.scriptAt);
      phases.addon.push(p.addonAt - p.scriptAt);
      phases.restore.push(p.constructedAt - p.constructFrom);
      phases.firstByte.push(restored.firstByteMs - p.startedAt);
    }

    const qfile = join(dir, `q${i}.mig`);
    const mon = join(dir, `q${i}.mon`);
    const q = spawn(QEMU, [...qemuMicrovmArgs(counter, 'stdio', 256), '-monitor', `unix:${mon},server,nowait`], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let seen = '';
    q.stdout.on('data', (b: Buffer) => (seen += b.toString('latin1')));
    const started = performance.now();
    while (!seen.includes('count 0002')) {
      if (performance.now() - started > 10_000) throw new Error(`qemu printed no count: ${seen.slice(-200)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    // Not stopped first: a stopped source would leave the restored guest stopped too. QEMU's own
    // "total time" of the migration is the figure (the monitor round trip is not counted).
    const info = await hmp(mon, [`migrate "exec:cat > ${qfile}"`, 'info migrate'], (o) => /total time: \d+ ms/.test(o) || /failed/.test(o));
    qs.push(Number(/total time: (\d+) ms/.exec(info)?.[1] ?? NaN));
    q.kill('SIGKILL');
    qsize.push(statSync(qfile).size / 2 ** 20);
    qr.push(
      (
        await run([...qemuMicrovmCmd(counter, 256), '-incoming', `exec:cat ${qfile}`], [], {
          timeoutMs: 3_000,
        })
      ).firstByteMs,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  lines.push(row('(e) snapshot, 256 MiB, 16 MiB touched', median(ts), median(qs), 'ms', 'lower'));
  lines.push(row('(e) snapshot file size', median(tsize), median(qsize), 'MiB', 'lower'));
  lines.push(row('(e) restore, new process -> first byte', median(tr), median(qr), 'ms', 'lower'));
  if (tw.length) lines.push(row('(e) `tshyve restore` via the standby', median(tw), median(qr), 'ms', 'lower'));
  else lines.push('(e) `tshyve restore` via the standby: skipped (needs root for the VM process jail)');
  const each = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' ');
  lines.push(
    `    (e) ${rounds} rounds; restore, each round: new process ${each(tr)} ms, via the standby ${each(tw)} ms, qemu ${each(qr)} ms`,
  );
  lines.push(
    `    (e) where tshyve's restore goes (medians): node start to the runner script ${median(phases.node).toFixed(1)} ms, ` +
      `addon load ${median(phases.addon).toFixed(1)} ms, new VmHandle (file, memory, KVM and device state) ${median(phases.restore).toFixed(1)} ms, ` +
      `vm.start() returning to the first serial byte (≈0 or below: the guest printed before it returned; its busy wait included) ${median(phases.firstByte).toFixed(1)} ms`,
  );
  lines.push(
    `    (e) restore goal ≤ 50 ms (via the standby): ${tw.length && median(tw) <= 50 ? 'met' : 'missed'}; load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

/** The {"phases":{...}} line vmm-runner.mjs prints on a restore (ms since its process began). */
function restorePhases(
  stderr: string,
): Record<'scriptAt' | 'addonAt' | 'constructFrom' | 'constructedAt' | 'startedAt', number> | undefined {
  const line = stderr.split('\n').find((l) => l.startsWith('{"phases"'));
  return line
    ? (JSON.parse(line) as { phases: Record<'scriptAt' | 'addonAt' | 'constructFrom' | 'constructedAt' | 'startedAt', number> }).phases
    : undefined;
}

function row(name: string, ours: number, theirs: number, unit: string, better: 'lower' | 'higher'): string {
  const ratio = ours / theirs;
  const verdict = (better === 'lower' ? ratio <= 1 : ratio >= 1) ? 'goal met' : 'goal missed';
  return `${name.padEnd(34)} tshyve ${ours.toFixed(1).padStart(10)} ${unit.padEnd(8)} qemu ${theirs.toFixed(1).padStart(10)} ${unit.padEnd(8)} ratio ${ratio.toFixed(2)} (${better} is better; ${verdict})`;
}

async function main(): Promise<void> {
  execFileSync('make', ['-s', '-C', join(root, 'test', 'guests')], { stdio: 'inherit' });
  if (!existsSync(join(root, 'native/build/Release/tshyve_native.node')))
    execFileSync('npm', ['run', 'build:native'], { stdio: 'inherit', cwd: root });
  const hello = join(guests, 'hello.bin');
  const pio = join(guests, 'pio_bench.bin');
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const lines: string[] = [];
  if (process.env.BENCH_ONLY === 'vnc') {
    for (const l of await vncRows(row, rounds)) console.log(l);
    console.log(
      `    load average: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    return;
  }
  if (process.env.BENCH_ONLY === 'snapshot') {
    await snapshotRows(lines, Math.max(5, rounds));
    for (const l of lines) console.log(l);
    return;
  }

  const ta: number[] = [],
    qa: number[] = [];
  for (let i = 0; i < rounds; i++) {
    ta.push((await run(tshyveCmd(hello), [])).firstByteMs);
    qa.push((await run(qemuMicrovmCmd(hello), [])).firstByteMs);
  }
  lines.push(row('(a) start -> first serial byte', median(ta), median(qa), 'ms', 'lower'));
  // The same start as `tshyve vm-run` makes it: own mount namespace, set-up capabilities, host
  // resources kept, host directories hidden, the VM user (docs/vm-process-jail.md).
  const jailed = jailedStart();
  if (jailed) {
    // Baseline: setpriv as before and the same modules loaded (vm-run loads them anyway), no jail.
    const tj: number[] = [],
      tm: number[] = [];
    for (let i = 0; i < rounds; i++) {
      tm.push((await run([...jailed.prefix.slice(5), ...tshyveCmd(hello)], [], { env: { TSHYVE_BENCH_JAIL: '0' } })).firstByteMs);
      tj.push((await run([...jailed.prefix, ...tshyveCmd(hello)], [], { env: jailed.env })).firstByteMs);
    }
    lines.push(row('(a) ... in the VM process jail', median(tj), median(qa), 'ms', 'lower'));
    lines.push(
      `    jail start-up cost: ${(median(tj) - median(tm)).toFixed(1)} ms (median jailed ${median(tj).toFixed(1)} - median setpriv-only with the same modules ${median(tm).toFixed(1)})`,
    );
  } else lines.push('(a) ... in the VM process jail: skipped (no tshyve-vm user, unshare or setpriv; or not root)');

  const tb: number[] = [],
    qb: number[] = [],
    trss: number[] = [],
    qrss: number[] = [];
  for (let i = 0; i < Math.max(1, Math.floor(rounds / 2)); i++) {
    const t = await run(tshyveCmd(pio), ['S', 'E']);
    const q = await run(qemuMicrovmCmd(pio), ['S', 'E']);
    tb.push(PIO_ITERATIONS / ((t.marks.get('E')! - t.marks.get('S')!) / 1000));
    qb.push(PIO_ITERATIONS / ((q.marks.get('E')! - q.marks.get('S')!) / 1000));
    trss.push(t.peakRssKiB / 1024);
    qrss.push(q.peakRssKiB / 1024);
  }
  lines.push(row('(b) PIO exits per second', median(tb), median(qb), '/s', 'higher'));
  lines.push(row('(c) peak RSS (64 MiB guest, untouched)', median(trss), median(qrss), 'MiB', 'lower'));

  if (existsSync(BIOS)) {
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-bench-'));
    const marker = /Booting from|No bootable device/;
    const t = await run(tshyveCmd(BIOS, join(dir, 't.log')), [], { logFile: join(dir, 't.log'), logMarker: marker });
    const q = await run(qemuSeabiosCmd(join(dir, 'q.log')), [], { logFile: join(dir, 'q.log'), logMarker: marker });
    lines.push(row('(d) SeaBIOS start -> boot attempt', t.marks.get('log') ?? NaN, q.marks.get('log') ?? NaN, 'ms', 'lower'));
  } else {
    lines.push(`(d) skipped: ${BIOS} missing`);
  }
  lines.push(...(await vncRows(row, Math.max(3, Math.floor(rounds / 2) + 1))));
  await snapshotRows(lines, Math.max(5, rounds));
  // Context: what a bare Node process costs here (tshyve's VM process is a Node process).
  const nodeStart: number[] = [],
    nodeRss: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const r = await run([process.execPath, '-e', "process.stdout.write('x')"], []);
    nodeStart.push(r.firstByteMs);
    nodeRss.push(r.peakRssKiB / 1024);
  }
  lines.push(
    `context: bare \`node\` process start -> first stdout byte ~${median(nodeStart).toFixed(1)} ms, peak RSS ~${median(nodeRss).toFixed(1)} MiB (included in tshyve's (a) and (c))`,
  );
  console.log(`tshyve VMM vs ${QEMU} -enable-kvm (${rounds} rounds, medians)`);
  for (const l of lines) console.log(l);
  if (process.getuid?.() === 0 && process.env.BENCH_VM_PROCESS !== '0') for (const l of await vmProcessRows(rounds)) console.log(l);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
