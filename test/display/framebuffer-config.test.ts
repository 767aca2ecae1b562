// spec.framebuffer as the native side gets it (src/runtime/native-config.ts): `listen` split into
// address and port (bhyve's default 5900; IPv6 in brackets), the VGA BIOS only for firmware that
// runs it and not with `vga: off`, the password file passed as a path (never its contents).
import { describe, expect, it } from 'vitest';
import type { ResolvedVm } from '../../src/model/resolved.js';
import { framebufferOf, parseFramebufferListen } from '../../src/runtime/native-config.js';
import { VGA_BIOS } from './vnc-tools.js';
import { existsSync } from 'node:fs';

const fbVm = (fb: Partial<NonNullable<ResolvedVm['framebuffer']>>): ResolvedVm =>
  ({
    framebuffer: { pci: { bus: 0, slot: 5, function: 0 }, listen: '127.0.0.1:5901', width: 800, height: 600, wait: false, ...fb },
  }) as unknown as ResolvedVm;

describe('framebuffer native config', () => {
  it('splits listen into address and port', () => {
    expect(parseFramebufferListen('127.0.0.1:5901')).toEqual({ address: '127.0.0.1', port: 5901 });
    expect(parseFramebufferListen('0.0.0.0')).toEqual({ address: '0.0.0.0', port: 5900 });
    expect(parseFramebufferListen('[::1]:5999')).toEqual({ address: '[::1]', port: 5999 });
    expect(parseFramebufferListen('vnc.example')).toEqual({ address: 'vnc.example', port: 5900 });
  });

  it('passes size, slot, wait and the password file path; the VGA BIOS only for a bootrom without vga: off', () => {
    const c = framebufferOf(fbVm({ wait: true, passwordFile: '/nonexistent/pw' }), true)!;
    expect(c).toMatchObject({ width: 800, height: 600, slot: 5, function: 0, address: '127.0.0.1', port: 5901, wait: true });
    expect(c.passwordFile).toBe('/nonexistent/pw');
    if (existsSync(VGA_BIOS)) expect(c.rom).toBe(VGA_BIOS);
    expect(framebufferOf(fbVm({}), false)!.rom).toBeUndefined();
    expect(framebufferOf(fbVm({ vga: 'off' }), true)!.rom).toBeUndefined();
    expect(framebufferOf({} as ResolvedVm, true)).toBeUndefined();
  });
});
