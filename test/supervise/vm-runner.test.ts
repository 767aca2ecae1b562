// The VM process's restart loop without KVM: a fake machine factory scripts each boot's bhyve exit
// status, and the loop's restarts, backoff, crash-loop report, stop on SIGTERM and status records
// are checked against the restart-policy table.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';
import type { ResolvedVm } from '../../src/model/resolved.js';
import { vmFiles } from '../../src/state/vm-files.js';
import { readVmStatus } from '../../src/state/vm-status.js';
import { runVmLoop, type Machine, type MachineFactory } from '../../src/supervise/vm-runner.js';

let stateDir: string;
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'tshyve-runner-'));
  mkdirSync(vmFiles(stateDir, 'fake').dir, { recursive: true, mode: 0o700 }); // made by whoever spawns the VM process
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

function vm(extra = ''): ResolvedVm {
  const r = loadSpecTexts([
    {
      file: '/t.yaml',
      text: `apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: fake }\nspec:\n  cpus: 1\n  memory: 32MiB\n  firmware: { bootrom: { image: /x.rom } }\n  stopTimeout: 200ms\n${extra}`,
    },
  ]);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.state.vms[0]!;
}

/** Boots that end with these statuses in turn; `hang` boots end only when stopped. */
function scripted(statuses: (number | 'hang')[]) {
  const boots: { powerButton: number; forced: number[] }[] = [];
  const start: MachineFactory = async () => {
    const next = statuses.shift();
    if (next === undefined) throw new Error('no more boots scripted');
    const boot = { powerButton: 0, forced: [] as number[] };
    boots.push(boot);
    let end!: (status: number) => void;
    const exited = new Promise<number>((r) => (end = r));
    if (next !== 'hang') setImmediate(() => end(next));
    const machine: Machine = {
      exited,
      powerButton: () => {
        boot.powerButton++;
        setTimeout(() => end(1), 5);
        return true;
      },
      forceStop: (status = 4) => {
        boot.forced.push(status);
        end(status);
      },
      consoleInput: () => 0,
      stats: () => ({ userspaceExits: 0 }),
    };
    return machine;
  };
  return { start, boots };
}

describe('runVmLoop', () => {
  it('restarts on reboot and stops on poweroff (the default policy), recording each exit', async () => {
    const { start, boots } = scripted([0, 0, 1]);
    const files = vmFiles(stateDir, 'fake');
    const log: string[] = [];
    expect(await runVmLoop({ vm: vm(), files, start, log: (l) => log.push(l) })).toBe(1);
    expect(boots).toHaveLength(3);
    const status = await readVmStatus(files.status);
    expect(status).toMatchObject({ phase: 'stopped', restarts: 2, lastExit: { status: 1, reason: 'poweroff' } });
    expect(log.filter((l) => l.startsWith('guest exited'))).toEqual([
      'guest exited: reboot (status 0)',
      'guest exited: reboot (status 0)',
      'guest exited: poweroff (status 1)',
    ]);
  });

  it('backs off triple faults and reports a crash loop past crashLoopRestarts', async () => {
    const { start, boots } = scripted([3, 3, 3, 1]);
    const files = vmFiles(stateDir, 'fake');
    const log: string[] = [];
    const policy =
      '  restartPolicy: { onPoweroff: stop, backoffInitial: 10ms, backoffMax: 40ms, crashLoopRestarts: 2, crashLoopWindow: 1m }\n';
    expect(await runVmLoop({ vm: vm(policy), files, start, log: (l) => log.push(l) })).toBe(1);
    expect(boots).toHaveLength(4);
    expect(log.filter((l) => l.startsWith('restarting in'))).toEqual(['restarting in 10 ms', 'restarting in 20 ms', 'restarting in 40 ms']);
    expect(log).toContain('crash loop: 3 restarts within 60s');
    expect(await readVmStatus(files.status)).toMatchObject({ phase: 'stopped', restarts: 3 });
  });

  it('follows onHalt: stop and onPoweroff: restart as written', async () => {
    const { start, boots } = scripted([1, 2]);
    expect(
      await runVmLoop({
        vm: vm('  restartPolicy: { onPoweroff: restart, onHalt: stop }\n'),
        files: vmFiles(stateDir, 'fake'),
        start,
        log: () => {},
      }),
    ).toBe(2);
    expect(boots).toHaveLength(2);
  });

  it('SIGTERM presses the power button once and stops for good; a second one forces', async () => {
    const { start, boots } = scripted(['hang', 'hang']);
    const files = vmFiles(stateDir, 'fake');
    const running = runVmLoop({ vm: vm('  restartPolicy: { onPoweroff: restart }\n'), files, start, log: () => {} });
    await new Promise((r) => setTimeout(r, 20));
    process.emit('SIGTERM', 'SIGTERM');
    expect(await running).toBe(1);
    expect(boots).toHaveLength(1);
    expect(boots[0]).toMatchObject({ powerButton: 1, forced: [] });
    expect(await readVmStatus(files.status)).toMatchObject({ phase: 'stopped', lastExit: { status: 1 } });
  });

  it('a machine that cannot start is recorded as failed with the reason, status 4', async () => {
    const start: MachineFactory = async () => {
      throw new Error('cannot open /x.rom');
    };
    const files = vmFiles(stateDir, 'fake');
    expect(await runVmLoop({ vm: vm(), files, start, log: () => {} })).toBe(4);
    expect(await readVmStatus(files.status)).toMatchObject({
      phase: 'failed',
      message: 'cannot open /x.rom',
      lastExit: { status: 4, reason: 'error' },
    });
  });
});
