// spec.gdb from manifest to the native config (schema gdb: port, address, waitForAttach; bhyve -G):
// the default loopback bind, an explicit address, the wait flag, and addresses the schema refuses.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';
import { vmToNativeConfig } from '../../src/runtime/native-config.js';
import { repoRoot } from '../../src/runtime/native.js';
import { kvmUnavailableReason } from '../runtime/kvm-env.js';

const rom = join(repoRoot, 'test/guests/build/gdb_target.bin');

function load(gdb: string) {
  const text = `apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: dbg }\nspec:\n  cpus: 1\n  memory: 64MiB\n  firmware: { bootrom: { image: ${rom} } }\n  gdb: ${gdb}\n`;
  return loadSpecTexts([{ file: 'dbg.yaml', text }]);
}

describe('spec.gdb', () => {
  beforeAll(() => {
    execFileSync('make', ['-s', '-C', join(repoRoot, 'test/guests')]);
  });

  it('resolves to loopback by default and keeps an explicit address and the wait flag', () => {
    const a = load('{ port: 1234 }');
    expect(a.ok).toBe(true);
    expect(a.state.vms[0]!.gdb).toEqual({ port: 1234, address: '127.0.0.1', waitForAttach: false });
    const b = load("{ port: 2345, address: '::1', waitForAttach: true }");
    expect(b.ok).toBe(true);
    expect(b.state.vms[0]!.gdb).toEqual({ port: 2345, address: '::1', waitForAttach: true });
  });

  it('refuses an address that is not an IP address', () => {
    for (const bad of ['localhost', '300.1.1.1', '"1.2.3"']) {
      const r = load(`{ port: 1234, address: ${bad} }`);
      expect(r.ok, bad).toBe(false);
    }
  });

  it('becomes the native gdb block', async (ctx) => {
    const reason = kvmUnavailableReason();
    if (reason) return ctx.skip(reason);
    const { state, ok } = load("{ port: 2346, address: '0.0.0.0', waitForAttach: true }");
    expect(ok).toBe(true);
    const native = await vmToNativeConfig(state.vms[0]!);
    expect(native.gdb).toEqual({ port: 2346, address: '0.0.0.0', wait: true });
  });
});
