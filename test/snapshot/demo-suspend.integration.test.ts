// The demo's `hello` VM (vms/hello.yaml: the waiter micro guest with a virtio-net NIC on a bridged
// tap and com1 on a socket) suspended at host shutdown (docs/vm-snapshots.md): a `tshyve watch`
// agent in a network namespace this test creates runs it with `onHostShutdown: suspend`; its SIGTERM
// leaves a snapshot, its next start resumes the VM, and the guest still echoes console input by its
// UART interrupt while the scrollback from before the suspend is still there.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { observeVms } from '../../src/supervise/observe-vms.js';
import { kvmUnavailableReason } from '../runtime/kvm-env.js';
import { endCliWork, prepareCli, runTshyve as tshyve, tshyveBin as bin, until } from '../support/cli-vm.js';
import { addNetns, deleteNetns, netnsSkipReason } from '../support/netns.js';

const WAITER = '/var/lib/tshyve/images/waiter.bin'; // installed by scripts/setup.sh, as the demo uses it
const skipReason = kvmUnavailableReason() ?? netnsSkipReason() ?? (existsSync(WAITER) ? undefined : `no ${WAITER} (run scripts/setup.sh)`);
if (skipReason) console.log(`demo suspend test skipped: ${skipReason}`);

let work: string;
let stateDir: string;
let dir: string;
let netns: string;
const agents: ChildProcess[] = [];

/** vms/hello.yaml with its network from vms/network.yaml, suspended rather than stopped at host shutdown. */
function demoManifests(): string {
  const hello = readFileSync(join(repoRoot, 'vms', 'hello.yaml'), 'utf8');
  expect(hello).toContain('autostart: { order: 10 }');
  const network = `apiVersion: tshyve.dev/v1alpha1
kind: Bridge
metadata: { name: demo-lan }
spec: { name: tshdemo0, addresses: [10.77.0.1/24] }
---
apiVersion: tshyve.dev/v1alpha1
kind: Tap
metadata: { name: hello-tap0 }
spec: { name: tshhello0, bridge: demo-lan }
`;
  return `${network}---\n${hello.replace('autostart: { order: 10 }', 'autostart: { order: 10, onHostShutdown: suspend }')}`;
}

function startAgent(): { child: ChildProcess; log: () => string; ended: Promise<number | null> } {
  let out = '';
  const child = spawn(
    process.execPath,
    [bin, 'watch', dir, '--state-dir', stateDir, '--netns', netns, '--resync', '10m', '--debounce', '50ms'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  agents.push(child);
  const ended = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, log: () => out, ended };
}

/** Attaches `tshyve console hello`, waits for `expectBefore` in what it shows, types `text`, waits for its echo, detaches. */
async function typeOnConsole(expectBefore: string, text: string): Promise<string> {
  const child = spawn(process.execPath, [bin, 'console', 'hello', '--state-dir', stateDir], { stdio: ['pipe', 'pipe', 'pipe'] });
  let seen = '';
  child.stdout.on('data', (d: Buffer) => (seen += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  try {
    await until(`"${expectBefore}" in the scrollback`, () => seen.includes(expectBefore), 30_000);
    const shown = seen.length;
    child.stdin.write(text);
    await until(`the echo of "${text}"`, () => seen.slice(shown).includes(text), 30_000);
    child.stdin.write('\x1d');
    expect(await exited).toBe(0);
    return seen;
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

const psRow = () =>
  (JSON.parse(tshyve('ps', 'hello', '--json', '--state-dir', stateDir).stdout) as { vms: { state: string; message: string | null }[] })
    .vms[0]!;
const running = async () => (await observeVms(stateDir)).find((v) => v.name === 'hello' && v.alive && v.status.phase === 'running');

describe.skipIf(skipReason !== undefined)('the demo hello VM suspended at host shutdown', () => {
  beforeAll(() => {
    prepareCli();
    netns = `tshyve-suspend-${process.pid}`;
    addNetns(netns);
    work = mkdtempSync(join(tmpdir(), 'tshyve-demo-suspend-'));
    stateDir = join(work, 'state');
    dir = join(work, 'vms');
    mkdirSync(dir);
    writeFileSync(join(dir, 'demo.yaml'), demoManifests());
  }, 180_000);

  afterAll(async () => {
    for (const a of agents) if (a.exitCode === null) a.kill('SIGKILL');
    await endCliWork(stateDir, work);
    if (netns) deleteNetns(netns);
  });

  it('resumes with its scrollback and its echo working, the NIC on its tap again', async () => {
    const snapshot = join(stateDir, 'vms', 'hello', 'vm.snapshot');
    const agent = startAgent();
    await until('hello running', running, 30_000);
    await typeOnConsole('waiter ready', 'before-suspend');
    agent.child.kill('SIGTERM');
    expect(await agent.ended).toBe(0);
    expect(agent.log()).toContain(`hello: suspended for host shutdown: snapshot in ${snapshot}`);
    expect(psRow().state).toBe('suspended');

    const again = startAgent();
    await until('hello running again', running, 30_000);
    expect(psRow()).toMatchObject({
      state: 'running',
      message: `resumed from the snapshot ${snapshot} taken at host shutdown (now removed)`,
    });
    const seen = await typeOnConsole('before-suspend', 'after-resume');
    expect(seen).not.toMatch(/waiter ready[\s\S]*before-suspend[\s\S]*waiter ready/); // not booted again
    const links = execFileSync('ip', ['-n', netns, '-j', 'link', 'show', 'tshhello0'], { encoding: 'utf8' });
    expect(JSON.parse(links)[0]).toMatchObject({ master: 'tshdemo0' });
    again.child.kill('SIGTERM');
    expect(await again.ended).toBe(0);
  }, 120_000);
});
