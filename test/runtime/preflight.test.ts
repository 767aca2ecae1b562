// Errors before a VM exists: KVM device access, kernel format, firmware size, memory size.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFirmware, checkKernel, checkKvm, checkMemory } from '../../src/runtime/preflight.js';

const dir = mkdtempSync(join(tmpdir(), 'tshyve-preflight-'));

describe('preflight', () => {
  it('explains a missing KVM device', async () => {
    await expect(checkKvm('/nonexistent/kvm')).rejects.toMatchObject({
      code: 'TSHYVE_KVM_UNAVAILABLE',
      message: expect.stringMatching(/modprobe/),
    });
  });

  it('rejects a kernel that is neither bzImage nor ELF, and a missing one', async () => {
    const bad = join(dir, 'bad-kernel');
    writeFileSync(bad, Buffer.alloc(4096, 0x90));
    await expect(checkKernel(bad)).rejects.toMatchObject({ code: 'TSHYVE_SPEC_INVALID' });
    await expect(checkKernel(join(dir, 'missing'))).rejects.toMatchObject({ code: 'TSHYVE_NOT_FOUND' });
  });

  it('recognises bzImage and ELF headers', async () => {
    const bz = Buffer.alloc(0x400);
    bz.write('HdrS', 0x202, 'latin1');
    bz.writeUInt16LE(0xaa55, 0x1fe);
    writeFileSync(join(dir, 'bz'), bz);
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
    writeFileSync(join(dir, 'elf'), elf);
    expect(await checkKernel(join(dir, 'bz'))).toBe('bzImage');
    expect(await checkKernel(join(dir, 'elf'))).toBe('elf');
  });

  it('rejects a firmware image of the wrong size', async () => {
    writeFileSync(join(dir, 'rom'), Buffer.alloc(1000));
    await expect(checkFirmware(join(dir, 'rom'))).rejects.toMatchObject({ code: 'TSHYVE_FIRMWARE_INVALID' });
    writeFileSync(join(dir, 'rom64k'), Buffer.alloc(65536));
    expect(await checkFirmware(join(dir, 'rom64k'))).toBe(65536);
  });

  it('rejects more memory than the host has', () => {
    expect(() => checkMemory(2 ** 40, 2 ** 34)).toThrow(/has only/);
    expect(() => checkMemory(2 ** 30, 2 ** 34)).not.toThrow();
  });
});
