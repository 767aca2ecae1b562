// cloud-init NoCloud from the manifest: resolution and confinement of its files, the spec hash and
// plan reasons (never the content), the seed read back with xorriso and mtools, and the bhyve compile.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeState } from '../../src/cli/spec-commands.js';
import { loadSpecTexts } from '../../src/manifest/load.js';
import { cloudInitSeedContent } from '../../src/model/cloud-init-content.js';
import type { ResolvedVm } from '../../src/model/resolved.js';
import { describeVmChanges } from '../../src/reconcile/vm-diff.js';
import { ensureCloudInitSeed } from '../../src/runtime/cloud-init-seed.js';
import { vmFiles } from '../../src/state/vm-files.js';
import { startMachine } from '../../src/supervise/machine.js';
import { compileBhyve, listCompiledFiles } from '../../src/targets/bhyve/compile.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const dir = mkdtempSync(join(tmpdir(), 'tshyve-ci-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keysFile = join(dir, 'id.pub');
writeFileSync(keysFile, '# my keys\nssh-ed25519 AAAAfile1 me@host\n\nssh-rsa AAAAfile2 other\n');
const secretFile = join(dir, 'user-data');
const SECRET = 'hunter2-not-in-any-output';
writeFileSync(secretFile, `#cloud-config\npackages: [nginx]\nchpasswd: { list: "root:${SECRET}" }\n`);

const manifest = (cloudInit: string, extra = '') => `apiVersion: tshyve.dev/v1alpha1
kind: VirtualMachine
metadata: { name: web }
spec:
  cpus: 1
  memory: 64M
  firmware: { bootrom: { image: /usr/share/seabios/bios-256k.bin } }
  nics: [{ tap: tshci0 }]
${extra}  cloudInit:
${cloudInit}`;
const tapDoc = `---
apiVersion: tshyve.dev/v1alpha1
kind: Tap
metadata: { name: tshci0 }
spec: { name: tshci0 }
`;
const FULL = `    users:
      - name: admin
        groups: [sudo]
        sudo: "ALL=(ALL) NOPASSWD:ALL"
        shell: /bin/bash
        sshAuthorizedKeys: ["ssh-ed25519 AAAAinline me@laptop"]
        sshAuthorizedKeysFile: ${keysFile}
    userDataFile: ${secretFile}
    metaData: { region: lab }
`;
const load = (text: string) => loadSpecTexts([{ file: 'web.yaml', text: text + tapDoc }]);
const errors = (text: string) => load(text).diagnostics.filter((d) => d.severity === 'error');
const vmOf = (text: string): ResolvedVm => {
  const r = load(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.state.vms[0]!;
};

describe('cloudInit resolution', () => {
  it('defaults the host name, appends the keys file and hashes the user-data file', () => {
    const vm = vmOf(manifest(FULL));
    const ci = vm.cloudInit!;
    expect(ci.hostname).toBe('web');
    expect(ci.users[0]!.sshAuthorizedKeys).toEqual([
      'ssh-ed25519 AAAAinline me@laptop',
      'ssh-ed25519 AAAAfile1 me@host',
      'ssh-rsa AAAAfile2 other',
    ]);
    expect(ci.userDataFileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(vm)).not.toContain(SECRET);
    expect(ci.pci.slot).toBeGreaterThan(0);
    expect(ci.pci.slot).not.toBe(vm.nics[0]!.pci.slot);
  });

  it('changes the spec hash when, and only when, an input file changes', () => {
    const a = vmOf(manifest(FULL)).specHash;
    expect(vmOf(manifest(FULL)).specHash).toBe(a);
    writeFileSync(secretFile, `#cloud-config\npackages: [nginx, git]\nchpasswd: { list: "root:${SECRET}" }\n`);
    const before = vmOf(manifest(FULL));
    expect(before.specHash).not.toBe(a);
    const after = vmOf(manifest(FULL.replace('region: lab', 'region: prod')));
    const reasons = describeVmChanges(before, after);
    expect(reasons).toEqual(['cloud-init meta-data changed']);
    writeFileSync(secretFile, `#cloud-config\npackages: [vim]\n`);
    expect(describeVmChanges(after, vmOf(manifest(FULL.replace('region: lab', 'region: prod'))))).toEqual(['cloud-init user-data changed']);
    writeFileSync(secretFile, `#cloud-config\npackages: [nginx]\nchpasswd: { list: "root:${SECRET}" }\n`);
  });

  it('refuses a user-data file in a system location and never reads it', () => {
    const r = load(manifest('    userDataFile: /etc/shadow\n'));
    const e = r.diagnostics.filter((d) => d.severity === 'error');
    expect(e.map((d) => [d.code, d.path])).toEqual([['path.confined', 'spec.cloudInit.userDataFile']]);
    expect(e[0]!.line).toBe(10);
  });

  it('reports conflicting and duplicate input at its line', () => {
    const e = errors(
      manifest(
        '    userData: "#cloud-config\\n"\n    userDataFile: /tmp/x\n    users: [{ name: a }, { name: a }]\n    metaData: { instance-id: mine }\n',
      ),
    );
    expect(e.map((d) => d.code).sort()).toEqual(['cloud-init.meta-data', 'cloud-init.user', 'cloud-init.user-data']);
    expect(errors(manifest('    hostname: "bad_name"\n'))[0]!.path).toBe('spec.cloudInit.hostname');
  });

  it('shows the input without the user-data', () => {
    const text = describeState(load(manifest(FULL)).state).join('\n');
    expect(text).toMatch(/cloud-init seed: hostname web, users admin \(3 keys\), user-data from .*user-data/);
    expect(text).not.toContain(SECRET);
  });
});

describe('seed content', () => {
  it('merges tshyve users with the manifest user-data as MIME multipart, DHCP by MAC by default', () => {
    const vm = vmOf(manifest(FULL));
    const c = cloudInitSeedContent(vm, readFileSync(secretFile, 'utf8'));
    expect(c.userData).toMatch(/^Content-Type: multipart\/mixed; boundary="==tshyve-[0-9a-f]{24}=="/);
    expect(c.userData).toContain('Content-Type: text/cloud-config; charset="utf-8"');
    expect(c.userData).toContain('ssh-rsa AAAAfile2 other');
    expect(c.userData).toContain('packages: [nginx]');
    expect(c.networkConfig).toContain(`macaddress: ${vm.nics[0]!.mac}`);
    expect(c.networkConfig).toContain('dhcp4: true');
    expect(c.metaData).toContain(`instance-id: ${c.instanceId}`);
    expect(c.metaData).toContain('region: lab');
    const script = cloudInitSeedContent(vmOf(manifest('    userData: "#!/bin/sh\\necho hi\\n"\n')), '#!/bin/sh\necho hi\n');
    expect(script.userData).toContain('Content-Type: text/x-shellscript');
    expect(() => cloudInitSeedContent(vm, 'Content-Type: multipart/mixed; boundary=x\n')).toThrow(/MIME document/);
  });
});

const haveXorriso = existsSync('/usr/bin/xorriso');
const haveMtools = existsSync('/usr/bin/mtype');

describe('seed image', () => {
  it.skipIf(!haveXorriso)('is an ISO 9660 labelled cidata with the three files, 0600, rebuilt only on change', async () => {
    const vm = vmOf(manifest(FULL));
    const seed = join(dir, 'vm1', 'cidata.iso');
    mkdirSync(join(dir, 'vm1'), { recursive: true });
    const id = await ensureCloudInitSeed(vm, seed);
    expect(statSync(seed).mode & 0o777).toBe(0o600);
    const pvd = execFileSync('/usr/bin/xorriso', ['-indev', seed, '-pvd_info'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    expect(pvd).toMatch(/Volume Id\s*:\s*cidata/);
    const out = join(dir, 'vm1-x');
    execFileSync('/usr/bin/xorriso', ['-osirrox', 'on', '-indev', seed, '-extract', '/', out], { stdio: 'ignore' });
    expect(readFileSync(join(out, 'meta-data'), 'utf8')).toContain(`instance-id: ${id}`);
    expect(readFileSync(join(out, 'user-data'), 'utf8')).toContain('ssh-ed25519 AAAAfile1 me@host');
    expect(readFileSync(join(out, 'user-data'), 'utf8')).toContain(SECRET);
    expect(readFileSync(join(out, 'network-config'), 'utf8')).toContain(vm.nics[0]!.mac);
    const mtime = statSync(seed).mtimeMs;
    expect(await ensureCloudInitSeed(vm, seed)).toBe(id);
    expect(statSync(seed).mtimeMs).toBe(mtime);
    writeFileSync(secretFile, '#cloud-config\npackages: [tmux]\n');
    try {
      const changed = await ensureCloudInitSeed(vmOf(manifest(FULL)), seed);
      expect(changed).not.toBe(id);
    } finally {
      writeFileSync(secretFile, `#cloud-config\npackages: [nginx]\nchpasswd: { list: "root:${SECRET}" }\n`);
    }
    expect(execFileSync('/usr/bin/find', [join(dir, 'vm1'), '-name', '.cidata-*']).toString()).toBe('');
  });

  it.skipIf(!haveMtools)('falls back to a FAT image labelled CIDATA without xorriso', async () => {
    const vm = vmOf(manifest('    hostname: fatty\n'));
    const seed = join(dir, 'vm2.img');
    await ensureCloudInitSeed(vm, seed, { xorriso: '/nonexistent/xorriso' });
    expect(execFileSync('/usr/bin/mlabel', ['-i', seed, '-s', '::']).toString()).toMatch(/CIDATA/);
    expect(execFileSync('/usr/bin/mtype', ['-i', seed, '::meta-data']).toString()).toContain('local-hostname: fatty');
  });
});

describe('bhyve target', () => {
  it('attaches the seed on ahci-cd, builds it with makefs, and writes the files 0600', () => {
    const loaded = load(manifest(FULL));
    const result = compileBhyve(loaded.state);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const vm = result.vms[0]!;
    expect(vm.argv.join(' ')).toMatch(/-s \d+(:0)?,ahci-cd,\/var\/db\/tshyve\/web\/cidata\.iso/);
    expect(vm.runScript).toContain('makefs -t cd9660 -o rockridge -o label=cidata /var/db/tshyve/web/cidata.iso');
    const files = listCompiledFiles(result).filter((f) => f.path.startsWith('vms/web/cloud-init/'));
    expect(files.map((f) => [f.path, f.mode])).toEqual([
      ['vms/web/cloud-init/meta-data', 0o600],
      ['vms/web/cloud-init/user-data', 0o600],
      ['vms/web/cloud-init/network-config', 0o600],
    ]);
    expect(vm.runScript).not.toContain(SECRET);
  });
});

describe('seed on a running VM', () => {
  const skipReason = kvmUnavailableReason();
  it('is built in the VM directory and attached read-only at the cloudInit slot', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    prepareNative();
    const text = manifest(FULL).replace('/usr/share/seabios/bios-256k.bin', guest('hello')).replace('  nics: [{ tap: tshci0 }]\n', '');
    const r = loadSpecTexts([{ file: 'web.yaml', text }]);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const vm = r.state.vms[0]!;
    const files = vmFiles(join(dir, 'state'), 'web');
    const machine = await startMachine(vm, files, () => {});
    try {
      const disks = (machine.stats() as { disks: { path: string; slot: number }[] }).disks;
      expect(disks).toEqual([expect.objectContaining({ path: files.cloudInitSeed, slot: vm.cloudInit!.pci.slot })]);
      expect(statSync(files.cloudInitSeed).mode & 0o777).toBe(0o600);
    } finally {
      machine.forceStop();
      await machine.exited;
    }
  }, 60_000);
});
