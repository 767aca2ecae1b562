// UEFI variables on CFI flash (arch/x86_64/bootrom.h) on the real /dev/kvm: a micro guest queries
// the flash, provokes a command-sequence error, programs a word into the per-VM copy of a vars
// template and, after a restart of the same VM, finds it and erases the block; a second VM made
// from the same template does not see it; two running VMs cannot share one vars file. OVMF to its
// shell runs on hardware KVM only.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedVm } from '../../src/model/resolved.js';
import type { NativeVmConfig } from '../../src/runtime/native.js';
import { Vm } from '../../src/runtime/vm.js';
import { vmFiles } from '../../src/state/vm-files.js';
import { prepareFirmwareVars } from '../../src/supervise/machine.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const skipReason = kvmUnavailableReason();
const VARS_SIZE = 16 * 1024; // the guest expects the flash at 4 GiB - 64 KiB - 16 KiB
const BLOCK = 0x1000;
const work = mkdtempSync(join(tmpdir(), 'tshyve-vars-'));
const template = join(work, 'VARS-template.fd');

function firmwareVm(name: string): ResolvedVm {
  return { meta: { name }, firmware: { type: 'bootrom', image: guest('flash_cfi'), varsTemplate: template } } as unknown as ResolvedVm;
}

function config(vars: string): NativeVmConfig {
  return {
    memoryBytes: 16 * 2 ** 20,
    vcpus: 1,
    sockets: 1,
    cores: 1,
    threads: 1,
    boot: 'bootrom',
    rom: guest('flash_cfi'),
    vars,
    debugExit: true,
  };
}

async function boot(vars: string): Promise<{ status: number; output: string }> {
  let output = '';
  const vm = Vm.start(config(vars), { onConsole: (b) => (output += b.toString('latin1')) });
  const timer = setTimeout(() => vm.forceStop(), 30_000);
  const status = await vm.exited;
  clearTimeout(timer);
  return { status, output };
}

describe('UEFI vars on CFI flash', () => {
  beforeAll(() => {
    if (!skipReason) prepareNative();
    writeFileSync(template, Buffer.alloc(VARS_SIZE, 0xff));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('programs the per-VM copy, finds it after an immediate restart and erases it; a second VM from the template does not see it', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const filesA = vmFiles(join(work, 'state'), 'vm-a');
    const filesB = vmFiles(join(work, 'state'), 'vm-b');
    const varsA = (await prepareFirmwareVars(firmwareVm('vm-a'), filesA))!;
    const varsB = (await prepareFirmwareVars(firmwareVm('vm-b'), filesB))!;
    expect(varsA).not.toBe(varsB);

    const first = await boot(varsA);
    expect(first.output).toContain('cfi query QRY cmdset 1');
    expect(first.output).toContain('erase without confirm: sequence error');
    expect(first.output).toContain('programmed TSHY');
    expect(first.status).toBe(1);
    expect(
      readFileSync(varsA)
        .subarray(BLOCK, BLOCK + 4)
        .toString('latin1'),
    ).toBe('TSHY');
    expect(readFileSync(template).every((b) => b === 0xff)).toBe(true); // the template is never written

    // vm-a again, at once (as a reboot does): its own copy (prepareFirmwareVars keeps it) with the word.
    expect(await prepareFirmwareVars(firmwareVm('vm-a'), filesA)).toBe(varsA);
    const second = await boot(varsA);
    expect(second.output).toContain('found TSHY');
    expect(second.output).toContain('erased');
    expect(second.status).toBe(1);
    expect(
      readFileSync(varsA)
        .subarray(BLOCK, 2 * BLOCK)
        .every((b) => b === 0xff),
    ).toBe(true);

    const third = await boot(varsA);
    expect(third.output).toContain('programmed TSHY');
    const other = await boot(varsB);
    expect(other.output).toContain('programmed TSHY'); // an erased block, not vm-a's word
    expect(other.status).toBe(1);
    expect(
      readFileSync(varsA)
        .subarray(BLOCK, BLOCK + 4)
        .toString('latin1'),
    ).toBe('TSHY');
  });

  it('refuses a second running VM on the same vars file', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const vars = join(work, 'shared-vars.fd');
    writeFileSync(vars, Buffer.alloc(VARS_SIZE, 0xff), { mode: 0o600 });
    const held = Vm.start({ ...config(vars), rom: guest('waiter') }); // idles until stopped
    try {
      expect(() => Vm.start(config(vars))).toThrow(/bootrom vars .* is in use by another VM/);
    } finally {
      held.forceStop();
      await held.exited;
    }
  });

  it('OVMF boots to its shell with its variables on the flash (hardware KVM only)', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const code = '/usr/share/OVMF/OVMF_CODE_4M.fd';
    const varsTemplate = '/usr/share/OVMF/OVMF_VARS_4M.fd';
    if (!existsSync(code) || !existsSync(varsTemplate)) return ctx.skip('Debian ovmf is not installed');
    if (existsSync('/sys/module/kvm_pvm')) {
      return ctx.skip('this host is PVM: OVMF stops at once on an emulated fwait/fninit in ring 0 (docs/environment); needs hardware KVM');
    }
    const vars = join(work, 'ovmf-vars.fd');
    writeFileSync(vars, readFileSync(varsTemplate), { mode: 0o600 });
    let output = '';
    const vm = Vm.start(
      { memoryBytes: 256 * 2 ** 20, vcpus: 1, sockets: 1, cores: 1, threads: 1, boot: 'bootrom', rom: code, vars },
      { onConsole: (b) => (output += b.toString('latin1')) },
    );
    const deadline = Date.now() + 120_000;
    while (!/Shell>|UEFI Interactive Shell/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    vm.forceStop();
    await vm.exited;
    expect(output).toMatch(/Shell>|UEFI Interactive Shell/);
    expect(readFileSync(vars).equals(readFileSync(varsTemplate))).toBe(false); // OVMF wrote variables through the flash
  }, 150_000);
});
