// The generated run.sh, executed by sh with fake bhyve, bhyvectl and grub-bhyve on PATH: it honours
// bhyve's exit status as vmrun.sh does (0 reboot → again; 1 poweroff, 2 halt → stop by default;
// 3 triple fault, 4 error → restart with backoff), throttles a crash loop, reloads the kernel before
// every boot and destroys the VM after every exit.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileTexts } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tshyve-bhyve-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fake(name: string, body: string): void {
  writeFileSync(join(dir, name), `#!/bin/sh\necho "${name} $*" >> "${dir}/calls"\n${body}\n`);
  chmodSync(join(dir, name), 0o755);
}

function run(statuses: number[], policy = ''): { calls: string[]; status: number; stderr: string } {
  writeFileSync(join(dir, 'calls'), '');
  writeFileSync(join(dir, 'statuses'), statuses.join('\n') + '\n');
  // bhyve exits with the next status of the list (and 1, poweroff, when the list runs out).
  fake('bhyve', `s=$(head -n 1 "${dir}/statuses"); sed -i.bak 1d "${dir}/statuses"; exit "\${s:-1}"`);
  fake('bhyvectl', 'exit 0');
  fake('grub-bhyve', 'exit 0');
  const text = `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: loop }
spec:
  cpus: 1
  memory: 256M
  firmware: { linux: { kernel: /boot/vmlinuz } }
  serial: { com1: { mode: stdio } }
  restartPolicy: { backoffInitial: 1ms, backoffMax: 2ms${policy} }
`;
  const { result } = compileTexts([{ file: 'loop.yaml', text }], { stateDir: join(dir, 'state') });
  const script = join(dir, 'run.sh');
  writeFileSync(script, result.vms[0]!.runScript);
  execFileSync('sh', ['-n', script]);
  const child = spawnSync('sh', [script], {
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
    encoding: 'utf8',
    timeout: 20_000,
  });
  const calls = readFileSync(join(dir, 'calls'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' ')[0]!);
  return { calls, status: child.status ?? -1, stderr: child.stderr };
}

describe('run.sh supervision loop', () => {
  it('reboots on 0, stops on poweroff, destroying the VM after each exit', () => {
    const { calls, status } = run([0, 0, 1]);
    expect(calls).toEqual([
      'bhyvectl',
      'grub-bhyve',
      'bhyve',
      'bhyvectl',
      'grub-bhyve',
      'bhyve',
      'bhyvectl',
      'grub-bhyve',
      'bhyve',
      'bhyvectl',
    ]);
    expect(status).toBe(1);
  });

  it('stops on halt', () => {
    expect(run([2]).status).toBe(2);
  });

  it('restarts after a triple fault or an error, with backoff', () => {
    const { calls, status } = run([3, 4, 1]);
    expect(calls.filter((c) => c === 'bhyve')).toHaveLength(3);
    expect(status).toBe(1);
  });

  it('throttles a crash loop as the agent does: the Nth restart within the window waits backoffMax and says so', () => {
    const { calls, status, stderr } = run([0, 0, 0, 1], ', crashLoopRestarts: 2, crashLoopWindow: 1h');
    expect(calls.filter((c) => c === 'bhyve')).toHaveLength(4);
    expect(status).toBe(1);
    expect(stderr).toBe('tshyve: loop: crash loop: 2 restarts within 3600s\n');
  });

  it('follows the policy: onReboot stop ends the loop on exit status 0', () => {
    const { calls, status } = run([0, 0], ', onReboot: stop');
    expect(calls.filter((c) => c === 'bhyve')).toHaveLength(1);
    expect(status).toBe(0);
  });

  it('writes loader files whose lines contain the heredoc delimiter as data, never as commands', () => {
    writeFileSync(join(dir, 'calls'), '');
    fake('bhyve', 'exit 1');
    fake('bhyvectl', 'exit 0');
    fake('grub-bhyve', 'exit 0');
    const pwned = join(dir, 'pwned');
    rmSync(pwned, { force: true });
    // An annotation reaches grub.cfg verbatim; one that smuggles in the old delimiter and a command.
    const root = `host)\nTSHYVE_EOF\ntouch ${pwned}\ncat <<'TSHYVE_EOF_1' >/dev/null\n(`;
    const text = `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata:
  name: loop
  annotations: { bhyve.tshyve.dev/grub-root: ${JSON.stringify(root)} }
spec:
  cpus: 1
  memory: 256M
  firmware: { linux: { kernel: /boot/vmlinuz } }
  serial: { com1: { mode: stdio } }
`;
    const state = join(dir, 'state-inject');
    const { result } = compileTexts([{ file: 'loop.yaml', text }], { stateDir: state });
    const script = join(dir, 'run-inject.sh');
    writeFileSync(script, result.vms[0]!.runScript);
    execFileSync('sh', ['-n', script]);
    spawnSync('sh', [script], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, encoding: 'utf8', timeout: 20_000 });
    expect(existsSync(pwned)).toBe(false);
    const cfgPath = /^cat > (\S+\/grub\.cfg) /m.exec(result.vms[0]!.runScript)?.[1];
    expect(cfgPath?.startsWith(state)).toBe(true);
    const cfg = readFileSync(cfgPath!, 'utf8');
    expect(cfg).toContain(`linux (${root})/boot/vmlinuz`);
  });
});
