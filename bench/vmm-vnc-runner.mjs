// tshyve VM process for the VNC rows of the benchmark: SeaBIOS with the bochs-display VGA BIOS and
// the VNC server on 127.0.0.1:PORT, no disk (SeaBIOS shows its banner and "No bootable device").
// Usage: node bench/vmm-vnc-runner.mjs PORT DEBUG_LOG
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const addon = createRequire(import.meta.url)(join(root, 'native/build/Release/tshyve_native.node'));
const [port, debugLog] = process.argv.slice(2);
const framebuffer = { width: 1024, height: 768, slot: 0, address: '127.0.0.1', port: Number(port), rom: '/usr/share/seabios/vgabios-bochs-display.bin' };
const config = { memoryBytes: 128 * 2 ** 20, vcpus: 1, sockets: 1, cores: 1, threads: 1, boot: 'bootrom', rom: '/usr/share/seabios/bios-256k.bin', debugLog, framebuffer };
const vm = new addon.VmHandle(config, { onExit: (status) => { process.exitCode = status; setImmediate(() => vm.destroy()); } });
vm.start();
process.on('SIGTERM', () => vm.requestExit(4));
