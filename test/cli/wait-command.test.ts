// `tshyve wait NAME --for …`: address (a lease file that appears), ssh (a TCP listener on a forwarded
// host port that answers with an SSH banner, and one that does not), running and serial:REGEX on a
// real micro guest (the waiter prints "waiter ready" on com1), timeouts and usage errors.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';
import { repoRoot } from '../../src/runtime/native.js';
import { observeVms } from '../../src/supervise/observe-vms.js';
import { startVmProcess, stopVmProcess } from '../../src/supervise/process-control.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';
import { BRIDGE_YAML, DHCP_BRIDGE_YAML, declare, leaseLine, resolveVms, writeLeases } from './guest-fixture.js';

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

async function wait(...args: string[]) {
  const out = capture();
  const t0 = Date.now();
  const code = await main(['wait', ...args], out);
  return { code, ms: Date.now() - t0, stdout: out.stdout.join('\n'), stderr: out.stderr.join('\n') };
}

const dirs: string[] = [];
const servers: Server[] = [];
afterEach(() => {
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  servers.splice(0).forEach((s) => s.close());
});

const webYaml = `${DHCP_BRIDGE_YAML}---
apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: web }
spec: { cpus: 1, memory: 32MiB, firmware: { bootrom: { image: /usr/share/seabios/bios-256k.bin } }, nics: [{ bridge: lan }] }
`;

async function stateWithWeb(forwardPort?: number) {
  const state = mkdtempSync(join(tmpdir(), 'tshyve-wait-'));
  dirs.push(state);
  const [web] = resolveVms(webYaml);
  const vm = forwardPort
    ? { ...web!, nics: [{ ...web!.nics[0]!, ports: [{ host: forwardPort, guest: 22, protocol: 'tcp' as const, address: '127.0.0.1' }] }] }
    : web!;
  await declare(state, [vm]);
  return { state, mac: web!.nics[0]!.mac };
}

/** A TCP server on 127.0.0.1 that greets each connection with `greeting`. */
async function listener(greeting: string, port = 0): Promise<number> {
  const server = createServer((socket) => socket.end(greeting));
  servers.push(server);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

describe('tshyve wait --for address / ssh', () => {
  it('address: returns once a lease for the MAC appears', async () => {
    const { state, mac } = await stateWithWeb();
    setTimeout(() => writeLeases(state, 'lan', [leaseLine(mac, '10.99.0.77')]), 800);
    const r = await wait('web', '--for', 'address', '--timeout', '10s', '--state-dir', state);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`web: address: web has address 10.99.0.77 (DHCP lease of ${mac})`);
    expect(r.ms).toBeGreaterThanOrEqual(700);
  });

  it('address: an expired lease does not count; the timeout says why', async () => {
    const { state, mac } = await stateWithWeb();
    writeLeases(state, 'lan', [leaseLine(mac, '10.99.0.77', -5)]);
    const r = await wait('web', '--for', 'address', '--timeout', '1s', '--state-dir', state, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      vm: 'web',
      for: 'address',
      error: {
        code: 'TSHYVE_NOT_READY',
        message: expect.stringMatching(/^web not address after 1s: web holds no DHCP lease yet \(its static address: 10\.99\.0\.\d+\)$/),
      },
    });
  });

  it('address and ssh: a VM with no NIC on a bridge with dhcp fails at once, not at the timeout', async () => {
    const state = mkdtempSync(join(tmpdir(), 'tshyve-wait-'));
    dirs.push(state);
    await declare(state, resolveVms(webYaml.replace(DHCP_BRIDGE_YAML, BRIDGE_YAML)));
    for (const condition of ['address', 'ssh']) {
      const r = await wait('web', '--for', condition, '--timeout', '1m', '--state-dir', state);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('tshyve wait: web has no NIC on a bridge with dhcp: no DHCP lease or guest address can come');
      expect(r.ms).toBeLessThan(30_000);
    }
  });

  it('ssh: a forwarded port whose server sends SSH-2.0- after other lines (RFC 4253 §4.2)', async () => {
    const port = await listener('hello, not yet\r\n');
    servers.splice(0).forEach((s) => s.close()); // free the port; the real one comes up later
    const { state } = await stateWithWeb(port);
    setTimeout(() => void listener('a pre-banner line\r\nSSH-2.0-OpenSSH_9.2p1 Debian\r\n', port), 1000);
    const r = await wait('web', '--for', 'ssh', '--timeout', '15s', '--state-dir', state);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`web: ssh: 127.0.0.1:${port} answers SSH-2.0-OpenSSH_9.2p1 Debian`);
  });

  it('ssh: a server that is not SSH times out with the reason', async () => {
    const port = await listener('HTTP/1.1 400 Bad Request\r\n\r\n');
    const { state } = await stateWithWeb(port);
    const r = await wait('web', '--for', 'ssh', '--timeout', '2s', '--state-dir', state);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`tshyve wait: web not ssh after 2s: 127.0.0.1:${port} closed without an SSH banner`);
  });

  it('ssh: a silent server holds no probe past the timeout', async () => {
    const server = createServer(() => {}); // accepts, never speaks
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { state } = await stateWithWeb((server.address() as { port: number }).port);
    const r = await wait('web', '--for', 'ssh', '--timeout', '1s', '--state-dir', state);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/web not ssh after 1s: no SSH banner from 127\.0\.0\.1:\d+ within 1000 ms/);
    expect(r.ms).toBeLessThan(1900);
  });

  it('usage and unknown VMs', async () => {
    const { state } = await stateWithWeb();
    expect((await wait('web', '--state-dir', state)).code).toBe(2);
    const bad = await wait('web', '--for', 'serial:(', '--state-dir', state);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--for: serial:\( is not a valid regular expression/);
    expect((await wait('web', '--for', 'pingable', '--state-dir', state)).stderr).toMatch(
      /expected one of running, address, ssh, serial:REGEX/,
    );
    expect((await wait('web', '--for', 'ssh', '--timeout', 'soon', '--state-dir', state)).code).toBe(2);
    const none = await wait('nosuch', '--for', 'running', '--state-dir', state);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no VM named nosuch has been applied/);
  });
});

const kvmSkip = kvmUnavailableReason();
if (kvmSkip) console.log(`tshyve wait on a micro guest skipped: ${kvmSkip}`);

describe.skipIf(kvmSkip !== undefined)('tshyve wait --for running / serial: on a micro guest', () => {
  let state: string;
  beforeAll(() => {
    prepareNative();
    execFileSync('npx', ['tsc', '-p', repoRoot], { cwd: repoRoot, stdio: 'ignore' });
    state = mkdtempSync(join(tmpdir(), 'tshyve-wait-kvm-'));
  }, 180_000);
  afterAll(async () => {
    for (const vm of await observeVms(state).catch(() => []))
      if (vm.alive && vm.status.pid) await stopVmProcess(vm.status.pid, vm.name, 2000);
    rmSync(state, { recursive: true, force: true });
  });

  it('running, then serial:waiter ready; a pattern never printed times out', async () => {
    const [waiter] = resolveVms(`apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: waiter }
spec:
  cpus: 1
  memory: 32MiB
  firmware: { bootrom: { image: ${guest('waiter')} } }
  testDevice: true
  stopTimeout: 2s
`);
    await declare(state, [waiter!]);
    const before = await wait('waiter', '--for', 'running', '--timeout', '500ms', '--state-dir', state);
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/waiter not running after [01]s: waiter is not running/);
    const started = startVmProcess(waiter!, { stateDir: state });
    const running = await wait('waiter', '--for', 'running', '--timeout', '30s', '--state-dir', state);
    expect(running.code, running.stderr).toBe(0);
    expect(running.stdout).toMatch(/^waiter: running: waiter is running \(pid \d+\)$/);
    await started;
    const serial = await wait('waiter', '--for', 'serial:waiter re[a]dy', '--timeout', '30s', '--state-dir', state);
    expect(serial.code, serial.stderr).toBe(0);
    expect(serial.stdout).toBe('waiter: serial:waiter re[a]dy: com1 printed "waiter ready"');
    const never = await wait('waiter', '--for', 'serial:login:', '--timeout', '1s', '--state-dir', state);
    expect(never.code).toBe(1);
    expect(never.stderr).toBe('tshyve wait: waiter not serial:login: after 1s: com1 has not printed a match for /login:/');
  }, 90_000);
});
