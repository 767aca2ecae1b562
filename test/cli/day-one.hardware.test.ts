// The day-one recipe end to end, on hardware KVM only (a full Linux guest does not boot under PVM):
// Debian's genericcloud qcow2 becomes a volume, boots through SeaBIOS on virtio-blk with the
// cloud-init seed on a DHCP bridge in a network namespace; `tshyve wait web --for ssh` returns and
// `tshyve ssh web -- uname -a` answers. The image is read from TSHYVE_GENERICCLOUD_IMAGE (a local
// qcow2: tests make no downloads).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectKvmKind } from '../../src/placement/host-identity.js';
import { repoRoot } from '../../src/runtime/native.js';

const image = process.env.TSHYVE_GENERICCLOUD_IMAGE;
const kvm = detectKvmKind();
const skipReason =
  kvm !== 'hardware'
    ? `needs hardware KVM (this host's KVM is ${kvm}: a Linux guest does not finish booting)`
    : !image || !existsSync(image)
      ? 'set TSHYVE_GENERICCLOUD_IMAGE to a local debian-12-genericcloud-amd64.qcow2'
      : process.getuid?.() !== 0
        ? 'needs root (network namespace, bridge, taps)'
        : undefined;
if (skipReason) console.log(`day-one (genericcloud + ssh) test skipped: ${skipReason}`);

const bin = join(repoRoot, 'bin', 'tshyve.js');
const netns = `tshday1-${process.pid % 100000}`;
let work: string;
let state: string;

function tshyve(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args, '--state-dir', state], { encoding: 'utf8', timeout: 15 * 60_000 });
}

describe.skipIf(skipReason !== undefined)('day one: a cloud image on a DHCP network, then ssh', () => {
  beforeAll(() => {
    execFileSync('npx', ['tsc', '-p', repoRoot], { cwd: repoRoot, stdio: 'ignore' });
    work = mkdtempSync(join(tmpdir(), 'tshyve-day-one-'));
    state = join(work, 'state');
    execFileSync('ip', ['netns', 'add', netns]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(work, 'key')]);
    mkdirSync(join(work, 'vms'));
    writeFileSync(
      join(work, 'vms', 'web.yaml'),
      `apiVersion: tshyve.dev/v1alpha1
kind: Bridge
metadata: { name: lan }
spec: { name: tshday1, addresses: [10.41.0.1/24], dhcp: { range: 10.41.0.100-10.41.0.150 } }
---
apiVersion: tshyve.dev/v1alpha1
kind: Volume
metadata: { name: web-root }
spec:
  size: 4GiB
  file: { path: ${join(work, 'web-root.img')}, sparse: true }
  source: { image: ${image}, format: qcow2 }
  reclaimPolicy: Delete
---
apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: web }
spec:
  cpus: 2
  memory: 1GiB
  firmware: { bootrom: { image: /usr/share/seabios/bios-256k.bin } }
  disks: [{ volume: web-root }]
  nics: [{ bridge: lan }]
  rng: true
  cloudInit: { users: [{ name: tester, sshAuthorizedKeysFile: ${join(work, 'key.pub')} }] }
  stopTimeout: 20s
`,
    );
  }, 120_000);

  afterAll(() => {
    if (state) tshyve('destroy', join(work, 'vms'), '--netns', netns, '--yes', '--prune');
    spawnSync('ip', ['netns', 'del', netns]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it(
    'boots, takes its lease, answers ssh, and runs uname -a',
    () => {
      const applied = tshyve('apply', join(work, 'vms'), '--netns', netns);
      expect(applied.status, applied.stderr).toBe(0);
      const waited = tshyve('wait', 'web', '--for', 'ssh', '--timeout', '10m');
      expect(waited.status, waited.stderr).toBe(0);
      const ps = tshyve('ps', 'web', '--json');
      expect(JSON.parse(ps.stdout).vms[0].address).toMatch(/^10\.41\.0\.\d+$/);
      const r = tshyve('ssh', 'web', '--identity', join(work, 'key'), '--', 'uname', '-a');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Linux web .* x86_64 GNU\/Linux\n$/);
    },
    15 * 60_000,
  );
});
