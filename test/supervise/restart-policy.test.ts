// Restart decisions keyed on bhyve's exit status, with backoff and crash-loop detection.
import { describe, expect, it } from 'vitest';
import type { ResolvedRestartPolicy } from '../../src/model/resolved.js';
import { exitReason } from '../../src/model/exit-status.js';
import { decideRestart } from '../../src/supervise/restart-policy.js';

const policy: ResolvedRestartPolicy = {
  onReboot: 'restart',
  onPoweroff: 'stop',
  onHalt: 'stop',
  onTripleFault: 'restartWithBackoff',
  onError: 'restartWithBackoff',
  backoffInitialMs: 1000,
  backoffMaxMs: 60_000,
  crashLoopRestarts: 3,
  crashLoopWindowMs: 600_000,
};

describe('restart policy', () => {
  it('names the exit statuses as bhyve(8) does', () => {
    expect([0, 1, 2, 3, 4].map(exitReason)).toEqual(['reboot', 'poweroff', 'halt', 'triple fault', 'error']);
  });
  it('restarts a rebooting guest at once, as vmrun.sh does', () => {
    expect(decideRestart(0, policy, [], 1_000_000)).toMatchObject({ restart: true, delayMs: 0, crashLoop: false });
  });
  it('leaves a powered-off or halted guest stopped', () => {
    expect(decideRestart(1, policy, [], 0).restart).toBe(false);
    expect(decideRestart(2, policy, [], 0).restart).toBe(false);
    expect(decideRestart(1, { ...policy, onPoweroff: 'restart' }, [], 0).restart).toBe(true);
  });
  it('backs off exponentially after crashes and caps the delay', () => {
    const now = 10_000_000;
    expect(decideRestart(3, policy, [], now).delayMs).toBe(1000);
    expect(decideRestart(4, policy, [now - 10], now).delayMs).toBe(2000);
    expect(decideRestart(4, policy, [now - 20, now - 10], now).delayMs).toBe(4000);
    const many = Array.from({ length: 20 }, (_, i) => now - 500_000 + i);
    expect(decideRestart(4, { ...policy, crashLoopRestarts: 100 }, many, now).delayMs).toBe(60_000);
  });
  it('reports a crash loop and forgets restarts outside the window', () => {
    const now = 10_000_000;
    const loop = decideRestart(3, policy, [now - 3, now - 2, now - 1], now);
    expect(loop).toMatchObject({ restart: true, crashLoop: true, delayMs: 60_000 });
    const old = decideRestart(3, policy, [now - 700_000, now - 650_000, now - 620_000], now);
    expect(old.crashLoop).toBe(false);
    expect(old.recentRestarts).toEqual([now]);
  });
  it('throttles a guest that reboots in a tight loop', () => {
    const now = 10_000_000;
    expect(decideRestart(0, policy, [now - 3, now - 2, now - 1], now)).toMatchObject({ crashLoop: true, delayMs: 1000 });
  });
});
