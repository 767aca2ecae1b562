// End to end through the CLI: a VM with com1-com4 (bhyve(8) -l comN) started by `tshyve start` in a
// temp state directory; `console --port` attaches to one port's socket, `logs --port` reads its log
// (a `log` mode port: the spec's path). No NICs, so no network namespace is needed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guest, kvmUnavailableReason } from '../runtime/kvm-env.js';
import { observeVms } from '../../src/supervise/observe-vms.js';
import { endCliWork, prepareCli, runTshyve as tshyve, tshyveBin as bin, until } from '../support/cli-vm.js';

const skipReason = kvmUnavailableReason();
if (skipReason) console.log(`serial port lifecycle tests skipped: ${skipReason}`);

let work: string;
let specDir: string;
let stateDir: string;
let com3Log: string;

/** `tshyve console four --port PORT` with piped stdin; resolves with its exit code. */
function attach(port: string) {
  const child = spawn(process.execPath, [bin, 'console', 'four', '--port', port, '--state-dir', stateDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let seen = '';
  child.stdout.on('data', (d: Buffer) => (seen += d.toString('latin1')));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  return { child, seen: () => seen, exited };
}

describe.skipIf(skipReason !== undefined)('COM1-COM4 through start, console --port and logs --port', () => {
  beforeAll(() => {
    prepareCli();
    work = mkdtempSync(join(tmpdir(), 'tshyve-serial-'));
    specDir = join(work, 'vms');
    stateDir = join(work, 'state');
    com3Log = join(work, 'com3.log');
    mkdirSync(specDir);
    writeFileSync(
      join(specDir, 'four.yaml'),
      `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: four }
spec:
  cpus: 1
  memory: 32MiB
  firmware: { bootrom: { image: ${guest('serial_ports')} } }
  serial:
    com1: { mode: socket }
    com2: { mode: socket }
    com3: { mode: log, path: ${com3Log} }
    com4: { mode: stdio }
  testDevice: true
  stopTimeout: 2s
  autostart: { enabled: false }
`,
    );
  });

  afterAll(() => endCliWork(stateDir, work));

  it('starts the VM with a socket per port', () => {
    // Applied first (start acts on what was applied); autostart is off, so apply leaves it to start.
    const applied = tshyve('apply', specDir, '--state-dir', stateDir);
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('note: vm four: autostart disabled; `tshyve start four` starts it');
    const r = tshyve('start', 'four', '--state-dir', stateDir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^four started \(pid \d+\)$/m);
    const dir = join(stateDir, 'vms', 'four');
    for (const sock of ['console.sock', 'com2.sock', 'com3.sock', 'com4.sock']) expect(existsSync(join(dir, sock)), sock).toBe(true);
  });

  it("logs --port shows each port's own output; a log-mode port reads its spec path", async () => {
    const logs = (port: string) => tshyve('logs', 'four', '--port', port, '--state-dir', stateDir).stdout;
    await until('com4 output in its log', () => logs('com4').includes('com4 says hello'));
    expect(logs('com1')).toBe('com1 says hello\n');
    expect(tshyve('logs', 'four', '--state-dir', stateDir).stdout).toBe('com1 says hello\n');
    expect(logs('com2')).toBe('com2 says hello\n');
    expect(logs('com3')).toBe('com3 says hello\n');
    expect(readFileSync(com3Log, 'latin1')).toBe('com3 says hello\n');
    expect(existsSync(join(stateDir, 'vms', 'four', 'com3.log'))).toBe(false);
  });

  it("console --port com2 shows com2's scrollback, echoes input on com2 only, and Ctrl-] detaches", async () => {
    const c = attach('com2');
    await until('the com2 scrollback', () => c.seen().includes('com2 says hello'));
    expect(c.seen()).not.toContain('com1 says hello');
    c.child.stdin.write('ping');
    await until('the echo', () => c.seen().includes('ping'));
    c.child.stdin.write('\x1d');
    expect(await c.exited).toBe(0);
    expect(tshyve('logs', 'four', '--port', 'com2', '--state-dir', stateDir).stdout).toBe('com2 says hello\nping');
    expect(tshyve('logs', 'four', '--port', 'com4', '--state-dir', stateDir).stdout).toBe('com4 says hello\n');
  });

  it('rejects an unknown port name', () => {
    const r = tshyve('console', 'four', '--port', 'com5', '--state-dir', stateDir);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('--port must be one of com1, com2, com3, com4');
  });

  it('input on com4 reaches the guest: a q powers it off and the VM process removes its sockets', async () => {
    const c = attach('com4');
    await until('the com4 scrollback', () => c.seen().includes('com4 says hello'));
    c.child.stdin.write('q');
    expect(await c.exited).toBe(0); // the console closes when the VM process ends
    const stopped = await (async () => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const v = (await observeVms(stateDir)).find((x) => x.name === 'four');
        if (v && !v.alive && v.status.phase === 'stopped') return v;
        if (Date.now() > deadline) throw new Error('four did not stop');
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    expect(stopped.status.lastExit?.status).toBe(1);
    expect(existsSync(join(stateDir, 'vms', 'four', 'com2.sock'))).toBe(false);
  });
});
