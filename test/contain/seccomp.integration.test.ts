// The seccomp filters are in force in a real VM process (`tshyve apply` -> `tshyve vm-run`): a micro
// guest asks the test seccomp probe (native/src/devices/legacy/seccomp_probe.h) to make its vCPU
// thread, or the event-loop thread, call socket(2); the process ends and vmm.log names the call.
// With TSHYVE_SECCOMP=0 the same guest runs to its end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kvmUnavailableReason } from '../runtime/kvm-env.js';
import { cleanUp, prepare, runToEnd, vmYaml } from './vm-process.js';

const skipReason = kvmUnavailableReason();
describe.skipIf(skipReason !== undefined)('seccomp in a VM process', () => {
  beforeAll(() => prepare('tshyve-seccomp-'), 120_000);
  afterAll(cleanUp);

  it('ends the process when a vCPU thread calls a syscall outside its allow-list', async () => {
    const log = await runToEnd('probe-vcpu', vmYaml('probe-vcpu', 'seccomp_vcpu'));
    expect(log).toMatch(/tshyve: seccomp: thread vcpu called forbidden syscall 41 \(socket\); ending the VM process/);
    expect(log).not.toMatch(/guest exited/);
  }, 60_000);

  it('ends the process when the event-loop thread does', async () => {
    const log = await runToEnd('probe-loop', vmYaml('probe-loop', 'seccomp_evloop', '  rng: true\n'));
    expect(log).toMatch(/tshyve: seccomp: thread event-loop called forbidden syscall 41 \(socket\); ending the VM process/);
    expect(log).not.toMatch(/still running|guest exited/);
  }, 60_000);

  it('lets the same guest run to its end with TSHYVE_SECCOMP=0', async () => {
    const log = await runToEnd('probe-off', vmYaml('probe-off', 'seccomp_vcpu'), { TSHYVE_SECCOMP: '0' });
    expect(log).toMatch(/seccomp: off \(TSHYVE_SECCOMP=0\)/);
    expect(log).toMatch(/seccomp probe: calling socket\(2\) on the vcpu thread/);
    expect(log).toMatch(/guest exited: poweroff \(status 1\)/);
    expect(log).not.toMatch(/forbidden syscall/);
  }, 60_000);
});
