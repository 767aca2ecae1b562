// COM1-COM4 on the real /dev/kvm (bhyve(8) -l comN): the serial_ports micro guest writes one line per
// port; each batch arrives tagged with its port, input reaches the port it was sent to, and com2+com4
// echo through their shared IRQ3. Also `tshyve run`: com1 on stdout, a `log` port in its file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { Vm } from '../../src/runtime/vm.js';
import { guest, kvmUnavailableReason, prepareNative } from './kvm-env.js';

const skipReason = kvmUnavailableReason();
if (skipReason) console.log(`serial port tests skipped: ${skipReason}`);

describe('COM1-COM4 on KVM', () => {
  beforeAll(() => {
    if (!skipReason) prepareNative();
  });

  it("tags each port's output and routes input per port (com2+com4 share IRQ3)", async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const out = new Map<number, string>();
    let sent = false;
    const vm = Vm.start(
      {
        memoryBytes: 32 * 2 ** 20,
        vcpus: 1,
        sockets: 1,
        cores: 1,
        threads: 1,
        boot: 'bootrom',
        rom: guest('serial_ports'),
        debugExit: true,
        comPorts: [1, 2, 3, 4],
      },
      {
        onConsole: (b, port) => {
          out.set(port, (out.get(port) ?? '') + b.toString('latin1'));
          if (!sent && out.get(4)?.includes('hello\n')) {
            sent = true;
            vm.consoleInput(Buffer.from('to-two'), 2);
            vm.consoleInput(Buffer.from('to-four'), 4);
            vm.consoleInput(Buffer.from('dropped'), 3); // no receive interrupt enabled on com3: stays queued
          }
          if (out.get(2)?.endsWith('to-two') && out.get(4)?.endsWith('to-four')) vm.consoleInput(Buffer.from('q'), 2);
        },
      },
    );
    const timer = setTimeout(() => vm.forceStop(), 20_000);
    const status = await vm.exited;
    clearTimeout(timer);
    expect(Object.fromEntries(out)).toEqual({
      1: 'com1 says hello\n',
      2: 'com2 says hello\nto-two',
      3: 'com3 says hello\n',
      4: 'com4 says hello\nto-four',
    });
    expect(status).toBe(1);
  });

  it('creates only the configured ports: input to an absent port is refused', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const out = new Map<number, string>();
    const vm = Vm.start(
      {
        memoryBytes: 32 * 2 ** 20,
        vcpus: 1,
        sockets: 1,
        cores: 1,
        threads: 1,
        boot: 'bootrom',
        rom: guest('serial_ports'),
        debugExit: true,
        comPorts: [1, 3],
      },
      { onConsole: (b, port) => out.set(port, (out.get(port) ?? '') + b.toString('latin1')) },
    );
    expect(vm.consoleInput(Buffer.from('x'), 2)).toBe(0);
    expect(vm.consoleInput(Buffer.from('x'), 9)).toBe(0);
    const until = Date.now() + 10_000;
    while (!out.get(3)?.includes('\n') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    vm.forceStop();
    await vm.exited;
    expect([...out.keys()].sort()).toEqual([1, 3]);
    expect(out.get(3)).toBe('com3 says hello\n');
  });

  it('tshyve run puts com1 on stdout, appends a log-mode port to its file and notes dropped ports', (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-serial-run-'));
    const log = join(dir, 'com3.log');
    const file = join(dir, 'four.yaml');
    writeFileSync(
      file,
      `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: four }
spec:
  cpus: 1
  memory: 32MiB
  firmware: { bootrom: { image: ${guest('serial_ports')} } }
  serial:
    com1: { mode: stdio }
    com2: { mode: socket }
    com3: { mode: log, path: ${log} }
  testDevice: true
  stopTimeout: 1s
`,
    );
    // The guest waits for a 'q' on com2, which `run` drops: the stop timeout ends it (status 4).
    const code = `import('./src/cli/run.ts').then((m) => m.runCommand([${JSON.stringify(file)}, '--state-dir', ${JSON.stringify(join(dir, 'state'))}])).then((c) => { process.exitCode = c; }, (e) => { console.error(e.code + ': ' + e.message); process.exitCode = 99; })`;
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', `setTimeout(() => process.kill(process.pid, 'SIGTERM'), 1500); ${code}`],
      { cwd: repoRoot, encoding: 'latin1', timeout: 60_000 },
    );
    expect(child.stdout).toContain('com1 says hello');
    expect(child.stdout).not.toContain('com2 says hello');
    expect(child.stderr).toContain('com2 output is dropped in the foreground');
    expect(readFileSync(log, 'latin1')).toBe('com3 says hello\n');
    expect(child.stderr).toMatch(/four exited: (error|poweroff)/);
  });
});
