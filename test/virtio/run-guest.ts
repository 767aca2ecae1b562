// Runs one VM from a JSON NativeVmConfig (argv[2]) in this process and prints its com1 output,
// then "EXIT <status>" and "STATS <Vm.stats() as JSON>". Used by tests that must run the VMM inside a network namespace
// (`ip netns exec`) or kill it with SIGKILL.
import { Vm } from '../../src/runtime/vm.js';

const config = JSON.parse(process.argv[2]!);
const timeoutMs = Number(process.argv[3] ?? 120_000);
const vm = Vm.start(config, { onConsole: (b) => process.stdout.write(b) });
const timer = setTimeout(() => vm.forceStop(), timeoutMs);
vm.exited.then((status) => {
  clearTimeout(timer);
  process.stdout.write(`\nEXIT ${status}\nSTATS ${JSON.stringify(vm.stats())}\n`);
});
