// Checks made before a VM exists, each with a specific TshyveError: KVM device access, kernel file
// format (bzImage "HdrS" per Linux boot.rst, or ELF), bootrom size (bhyve bootrom rules), host memory.
import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { TshyveError } from '../errors.js';

export async function checkKvm(path = '/dev/kvm'): Promise<void> {
  try {
    await access(path, constants.R_OK | constants.W_OK);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new TshyveError(
        'TSHYVE_KVM_UNAVAILABLE',
        `${path} does not exist: load the KVM module (modprobe kvm_intel or kvm_amd) and enable virtualization ` +
          `in the firmware, or run on a host/VM with nested virtualization`,
        { cause },
      );
    }
    throw new TshyveError(
      'TSHYVE_KVM_UNAVAILABLE',
      `no permission to open ${path} read-write: add your user to its group (sudo usermod -aG kvm ` +
        `"$USER", then log in again) or run as root`,
      { cause },
    );
  }
}

export type KernelKind = 'bzImage' | 'elf';

async function readHead(path: string, what: string, bytes: number): Promise<{ head: Buffer; size: number }> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (cause) {
    throw new TshyveError('TSHYVE_NOT_FOUND', `${what} ${path} cannot be read: ${(cause as Error).message}`, { cause });
  }
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(bytes, size));
    await fh.read(head, 0, head.length, 0);
    return { head, size };
  } finally {
    await fh.close();
  }
}

export async function checkKernel(path: string): Promise<KernelKind> {
  const { head } = await readHead(path, 'kernel', 0x210);
  if (head.length >= 4 && head.readUInt32BE(0) === 0x7f454c46) return 'elf';
  if (head.length >= 0x206 && head.toString('latin1', 0x202, 0x206) === 'HdrS' && head.readUInt16LE(0x1fe) === 0xaa55) return 'bzImage';
  throw new TshyveError('TSHYVE_SPEC_INVALID', `kernel ${path} is neither a bzImage (no "HdrS" boot header) nor an ELF vmlinux`);
}

// 4 KiB: OVMF_CODE_4M.fd is 0x37c000 bytes (native arch/x86_64/bootrom.h).
export const BOOTROM_GRANULE = 4 * 1024;
export const BOOTROM_MAX = 16 * 1024 * 1024;

export async function checkFirmware(path: string): Promise<number> {
  const { size } = await readHead(path, 'firmware image', 0);
  if (size === 0 || size % BOOTROM_GRANULE !== 0 || size > BOOTROM_MAX) {
    throw new TshyveError(
      'TSHYVE_FIRMWARE_INVALID',
      `firmware image ${path} is ${size} bytes: it must be a non-zero multiple of 4 KiB and at most 16 MiB`,
    );
  }
  return size;
}

export async function checkFileExists(path: string, what: string): Promise<void> {
  try {
    await stat(path);
  } catch (cause) {
    throw new TshyveError('TSHYVE_NOT_FOUND', `${what} ${path} does not exist`, { cause });
  }
}

export function checkMemory(bytes: number, hostBytes = totalmem()): void {
  if (bytes > hostBytes) {
    throw new TshyveError(
      'TSHYVE_PREFLIGHT_FAILED',
      `the VM asks for ${Math.round(bytes / 2 ** 20)} MiB of memory but this host has only ${Math.round(hostBytes / 2 ** 20)} MiB`,
    );
  }
  if (bytes < 2 * 2 ** 20) throw new TshyveError('TSHYVE_SPEC_INVALID', 'a VM needs at least 2 MiB of memory');
}
