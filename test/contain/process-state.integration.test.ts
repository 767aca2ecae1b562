// What a running VM process carries (read from /proc by the kernel's account, not its own): no_new_privs
// and the process seccomp filter on every thread, one more filter on each vCPU, event-loop and
// block-worker thread; no capabilities (as the VM user where it exists); its cgroup line; and not dumpable unless the spec sets coreDumpGuestMemory.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/runtime/native.js';
import { DEFAULT_VM_USER, lookUpUser } from '../../src/runtime/vm-user.js';
import { kvmUnavailableReason } from '../runtime/kvm-env.js';
import { applyRunning, cleanUp, prepare, vmYaml, workDir } from './vm-process.js';

const skipReason = kvmUnavailableReason();
const vmUser = lookUpUser(DEFAULT_VM_USER);

function field(status: string, name: string): string | undefined {
  return new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1];
}

/** Every thread of `pid`: name, NoNewPrivs, Seccomp mode and filter count. */
function threads(pid: number): { comm: string; noNewPrivs: string; seccomp: string; filters: number }[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    return {
      comm: readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(),
      noNewPrivs: field(status, 'NoNewPrivs') ?? '?',
      seccomp: field(status, 'Seccomp') ?? '?',
      filters: Number(field(status, 'Seccomp_filters') ?? -1),
    };
  });
}

describe.skipIf(skipReason !== undefined)('a VM process is contained', () => {
  beforeAll(() => prepare('tshyve-contain-'), 120_000);
  afterAll(cleanUp);

  it('has no_new_privs and a seccomp filter on every thread, two on each VMM thread', async () => {
    const disk = join(workDir(), 'disk.img');
    execFileSync('truncate', ['-s', '1M', disk]);
    const { pid, vmDir } = await applyRunning('contained', vmYaml('contained', 'waiter', `  rng: true\n  disks: [{ path: ${disk} }]\n`));
    try {
      const all = threads(pid);
      expect(all.length).toBeGreaterThan(4);
      for (const t of all) {
        expect(t.noNewPrivs, t.comm).toBe('1');
        expect(t.seccomp, t.comm).toBe('2');
      }
      // KVM's own kernel workers (kvm-nx-lpage-recovery) count among the process's tasks: not ours.
      const js = all.filter((t) => !['vcpu0', 'event-loop', 'block-worker'].includes(t.comm) && !t.comm.startsWith('kvm-'));
      for (const t of js) expect(t.filters, t.comm).toBe(1);
      for (const name of ['vcpu0', 'event-loop', 'block-worker']) {
        const t = all.find((x) => x.comm === name);
        expect(t, name).toBeDefined();
        expect(t!.filters, name).toBe(2);
      }
      // No capability left on any thread: the VM user where it exists (its set-up capabilities went
      // with uid 0), else uid 0 with an empty bounding set (no NICs: nothing needed CAP_NET_ADMIN).
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      expect(field(status, 'CapEff')).toBe('0000000000000000');
      expect(field(status, 'CapPrm')).toBe('0000000000000000');
      for (const tid of readdirSync(`/proc/${pid}/task`))
        expect(field(readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8'), 'CapEff'), tid).toBe('0000000000000000');
      const log = readFileSync(join(vmDir, 'vmm.log'), 'utf8');
      if (vmUser) {
        expect(field(status, 'Uid')).toMatch(new RegExp(`^${vmUser.uid}\\s`));
        expect(log).toMatch(new RegExp(`capabilities: none \\(bounding set chown, setgid, setuid, sys_admin\\); uid ${vmUser.uid}`));
      } else {
        expect(field(status, 'CapBnd')).toBe('0000000000000000');
        expect(field(status, 'Uid')).toMatch(/^0\s/);
        expect(log).toMatch(/capabilities: none \(bounding set empty\); still uid 0/);
      }
      // cgroup v2 (src/supervise/vm-cgroup.ts): limits applied, or one line saying why not.
      expect(readFileSync(join(vmDir, 'vmm.log'), 'utf8')).toMatch(
        /contained: (cgroup v2: \S+tshyve\/contained: memory\.max \d+, pids\.max 129|cgroup v2 memory\/pids controllers not available here: no limits applied)/,
      );
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  }, 60_000);

  it('is not dumpable, unless the spec asks for guest memory in core files', () => {
    const script = (coreDumps: boolean) =>
      `import { containVmProcess } from '${join(repoRoot, 'dist', 'runtime', 'contain-process.js')}';\n` +
      `import { loadNative } from '${join(repoRoot, 'dist', 'runtime', 'native.js')}';\n` +
      `const notes = containVmProcess({ coreDumps: ${coreDumps} });\n` +
      `console.log(JSON.stringify({ notes, ...loadNative().processState() }));`;
    for (const coreDumps of [false, true]) {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script(coreDumps)], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const state = JSON.parse(r.stdout) as { notes: string[]; noNewPrivs: boolean; dumpable: boolean; seccompMode: number };
      expect(state).toEqual({ notes: [], noNewPrivs: true, dumpable: coreDumps, seccompMode: 2 });
    }
  });
});
