// A host backend for controller tests: links live in a map, each operation is one fake command that
// the backend applies to it, and a test can make the next commands fail (a transient host error).
import type { CommandResult, HostBackend, HostFacts } from '../../src/host/backend.js';
import type { ObservedLink } from '../../src/host/observation.js';
import type { HostCommand, HostOperation } from '../../src/host/operations.js';
import { observation } from '../reconcile/helpers.js';

export class FakeHost implements HostBackend {
  readonly platform = 'linux';
  readonly links = new Map<string, ObservedLink>();
  readonly ran: HostOperation[] = [];
  observations = 0;
  /** Commands that fail before the backend works again. */
  failures = 0;

  async observe() {
    this.observations++;
    return observation({ links: [...this.links.values()].map((l) => ({ ...l, addresses: [...l.addresses] })) });
  }

  commandsFor(operation: HostOperation): HostCommand[] {
    return [{ argv: ['fake', JSON.stringify(operation)], creates: operation.op.endsWith('.create') }];
  }

  async run(command: HostCommand): Promise<CommandResult> {
    if (this.failures > 0) {
      this.failures--;
      return { exitCode: 1, stdout: '', stderr: 'RTNETLINK answers: Device or resource busy', durationMs: 0 };
    }
    const op = JSON.parse(command.argv[1]!) as HostOperation;
    this.ran.push(op);
    if (op.op === 'bridge.create')
      this.links.set(op.ifname, { ifname: op.ifname, kind: 'bridge', mtu: op.mtu, up: true, alias: op.alias, addresses: [] });
    if (op.op === 'link.set')
      Object.assign(this.links.get(op.ifname)!, {
        ...(op.mtu ? { mtu: op.mtu } : {}),
        ...(op.up !== undefined ? { up: op.up } : {}),
        ...(op.alias ? { alias: op.alias } : {}),
      });
    if (op.op === 'addr.add') this.links.get(op.ifname)!.addresses.push(op.address);
    if (op.op === 'link.delete') this.links.delete(op.ifname);
    return { exitCode: 0, stdout: '', stderr: '', durationMs: 0 };
  }

  async facts(): Promise<HostFacts> {
    return { isRoot: true, capNetAdmin: true, freeBytes: async () => 2 ** 40, pathExists: async () => true };
  }
}
