// COM port endpoints of a detached VM process (bhyve(8) -l comN): a socket and log per port at the
// vm-files paths, a `log` port's log at its spec path, input tagged with the port, com1 always served.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedSerialPort, ResolvedVm } from '../../src/model/resolved.js';
import { openSerialEndpoints } from '../../src/supervise/serial-endpoints.js';
import { comPortFiles, vmFiles } from '../../src/state/vm-files.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

function setup(serial: ResolvedSerialPort[]) {
  const state = mkdtempSync(join(tmpdir(), 'tshyve-serial-ep-'));
  dirs.push(state);
  const files = vmFiles(state, 'four');
  mkdirSync(files.dir, { recursive: true });
  return { state, files, vm: { serial } as unknown as ResolvedVm };
}

describe('comPortFiles', () => {
  it('keeps console.sock/console.log for com1 and uses comN.sock/comN.log for the others', () => {
    const files = vmFiles('/var/lib/tshyve', 'web');
    expect(comPortFiles(files, 'com1')).toEqual({ socket: files.consoleSocket, log: files.consoleLog });
    expect(comPortFiles(files, 'com3')).toEqual({ socket: join(files.dir, 'com3.sock'), log: join(files.dir, 'com3.log') });
  });
});

describe('openSerialEndpoints', () => {
  it('serves each port on its own socket and log and tags viewer input with the port', async () => {
    const { state, files, vm } = setup([
      { port: 'com2', mode: 'socket' },
      { port: 'com3', mode: 'log', path: '' },
      { port: 'com4', mode: 'stdio' },
    ]);
    (vm.serial[1] as ResolvedSerialPort).path = join(state, 'spec-com3.log');
    const typed: [string, number][] = [];
    const ep = await openSerialEndpoints(
      vm,
      files,
      (d, port) => typed.push([d.toString(), port]),
      () => {},
    );
    for (const port of ['com1', 'com2', 'com3', 'com4'] as const) expect(existsSync(comPortFiles(files, port).socket), port).toBe(true);
    ep.write(Buffer.from('two'), 2);
    ep.write(Buffer.from('three'), 3);
    ep.write(Buffer.from('four'), 4);
    ep.write(Buffer.from('nowhere'), 9);
    const viewer = connect(comPortFiles(files, 'com4').socket);
    let seen = '';
    viewer.on('data', (d) => (seen += d.toString()));
    await until(() => seen === 'four');
    expect(seen).toBe('four');
    viewer.write('hi');
    await until(() => typed.length > 0);
    expect(typed).toEqual([['hi', 4]]);
    viewer.destroy();
    await ep.close();
    expect(readFileSync(comPortFiles(files, 'com2').log, 'utf8')).toBe('two');
    expect(readFileSync(join(state, 'spec-com3.log'), 'utf8')).toBe('three');
    expect(existsSync(comPortFiles(files, 'com3').log)).toBe(false);
    expect(readFileSync(comPortFiles(files, 'com4').log, 'utf8')).toBe('four');
    expect(existsSync(comPortFiles(files, 'com2').socket)).toBe(false);
  });
});
