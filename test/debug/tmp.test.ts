import { it } from 'vitest';
import { Vm } from '../../src/runtime/vm.js';
import { guest } from '../runtime/kvm-env.js';
import { freePort, runGdb } from './gdb-env.js';
it('try', async () => {
  const port = await freePort();
  let out = '';
  const vm = Vm.start({ memoryBytes: 32 * 2 ** 20, vcpus: 1, sockets: 1, cores: 1, threads: 1, boot: 'bootrom', rom: guest('gdb_target'), debugExit: true, gdb: { port, wait: true } }, { onConsole: (b) => (out += b.toString('latin1')) });
  const r = await runGdb(['set debug remote 1', `target remote 127.0.0.1:${port}`, 'hbreak *0xf00a3', 'continue', 'delete', 'watch *(int *)0x5000', 'continue', 'detach']);
  console.log(r.split('\n').filter((l) => !/qXfer|target.xml/.test(l)).slice(-40).join('\n'));
  const timer = setTimeout(() => vm.forceStop(), 10000);
  console.log('status', await vm.exited, JSON.stringify(out)); clearTimeout(timer);
}, 60000);
