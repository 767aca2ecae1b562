// Native set-up failures keep their meaning across the binding: only the KVM device itself not
// opening is TSHYVE_KVM_UNAVAILABLE; a log or vars file that cannot be opened is a set-up failure.
import { describe, expect, it } from 'vitest';
import { Vm } from '../../src/runtime/vm.js';
import { guest, kvmUnavailableReason, prepareNative } from './kvm-env.js';

const skipReason = kvmUnavailableReason();

describe.skipIf(skipReason !== undefined)('native error codes', () => {
  const base = { memoryBytes: 32 * 2 ** 20, vcpus: 1, sockets: 1, cores: 1, threads: 1, boot: 'bootrom' as const, rom: guest('hello') };

  it('a KVM device that cannot be opened is TSHYVE_KVM_UNAVAILABLE', () => {
    prepareNative();
    expect(() => Vm.start({ ...base, kvmPath: '/nonexistent/kvm' })).toThrow(expect.objectContaining({ code: 'TSHYVE_KVM_UNAVAILABLE' }));
  });

  it('a debug log that cannot be opened is TSHYVE_VM_SETUP_FAILED, not a KVM problem', () => {
    expect(() => Vm.start({ ...base, debugLog: '/nonexistent/dir/firmware.log' })).toThrow(
      expect.objectContaining({ code: 'TSHYVE_VM_SETUP_FAILED', message: expect.stringContaining('open debug log') }),
    );
  });
});
