// Pointer events over RFB reach a guest's xHCI driver: a micro guest (test/guests/xhci_tablet.S)
// enumerates the USB tablet and configures its interrupt IN endpoint itself, then prints each HID
// report it receives; a small RFB client (test/display/rfb-client.ts) sends pointer events to the
// VM's VNC server, and each report carries the buttons and the position scaled to 0..7fff.
import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Vm } from '../../src/runtime/vm.js';
import { RfbClient } from '../display/rfb-client.js';
import { freePort } from '../display/vnc-tools.js';
import { guest, kvmUnavailableReason, prepareNative } from '../runtime/kvm-env.js';

const skipReason = kvmUnavailableReason();
const WIDTH = 1024;
const HEIGHT = 768;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');
// The absolute axes of the tablet's report descriptor: 0..32767 across the screen the viewer sees.
const axis = (v: number, extent: number) => Math.floor((v * 0x7fff) / (extent - 1));

/** `Seccomp_filters` of this process's threads named `name` (proc(5)); the VNC thread has its own. */
function seccompFiltersOf(name: string): number[] {
  const out: number[] = [];
  for (const task of readdirSync('/proc/self/task')) {
    try {
      if (readFileSync(`/proc/self/task/${task}/comm`, 'latin1').trim() !== name) continue;
      const m = /^Seccomp_filters:\s*(\d+)/m.exec(readFileSync(`/proc/self/task/${task}/status`, 'latin1'));
      out.push(m ? Number(m[1]) : -1);
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

const running: Vm[] = [];
afterEach(async () => {
  for (const vm of running.splice(0)) {
    vm.forceStop();
    await vm.exited;
  }
});

async function until(what: string, cond: () => boolean, output: () => string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; com1 so far: ${JSON.stringify(output())}`);
    await sleep(50);
  }
}

describe('USB tablet reports after pointer events over RFB', () => {
  beforeAll(() => {
    if (!skipReason) prepareNative();
  });

  it('a micro guest reads the buttons and absolute position the RFB client sent', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const port = await freePort();
    let out = '';
    const vm = Vm.start(
      {
        memoryBytes: 32 * 2 ** 20,
        vcpus: 1,
        sockets: 1,
        cores: 1,
        threads: 1,
        boot: 'bootrom',
        rom: guest('xhci_tablet'),
        debugExit: true,
        tablet: { slot: 5, function: 0 },
        framebuffer: { width: WIDTH, height: HEIGHT, slot: 3, address: '127.0.0.1', port },
      },
      { onConsole: (b) => (out += b.toString('latin1')) },
    );
    running.push(vm);
    await until(
      'the guest to configure the tablet',
      () => /tablet ready\n|failed/.test(out),
      () => out,
    );
    expect(out).not.toMatch(/xhci failed/);
    const client = await RfbClient.open(port);
    expect([client.width, client.height]).toEqual([WIDTH, HEIGHT]);
    // RFB buttons: bit 0 left, bit 2 right; HID report: bit 0 left, bit 1 right.
    const events = [
      { x: 512, y: 384, rfb: 1, hid: 1 },
      { x: 5000, y: 5000, rfb: 0, hid: 0 }, // past the edge: clipped to the last pixel
      { x: 100, y: 200, rfb: 4, hid: 2 },
    ];
    // The reports below are made on the VNC thread (the tablet completes the guest's TRB there),
    // under that thread's own seccomp allow-list.
    expect(seccompFiltersOf('vnc')).toEqual([1]);
    for (const e of events) client.pointer(e.x, e.y, e.rfb);
    const timer = setTimeout(() => vm.forceStop(), 20_000); // a report that never comes
    const status = await vm.exited.finally(() => clearTimeout(timer));
    client.close();
    running.splice(0);
    const reports = out.match(/^report .*$/gm) ?? [];
    console.log(`guest com1: ${JSON.stringify(out)}`);
    expect(reports).toEqual(
      events.map((e) => {
        const x = axis(Math.min(e.x, WIDTH - 1), WIDTH);
        const y = axis(Math.min(e.y, HEIGHT - 1), HEIGHT);
        return `report ${hex(e.hid, 2)} ${hex(x, 4)} ${hex(y, 4)} 00`;
      }),
    );
    expect(status).toBe(1);
  }, 60_000);
});
