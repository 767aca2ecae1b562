// The bhyve target refuses NAT, DHCP and port forwards with the reason (FreeBSD would need pf and a
// dnsmasq tshyve does not generate); a plain bridge with addresses still compiles.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { compileTexts } from './helpers.js';

const EXAMPLE = join(import.meta.dirname, '../../../examples/nat-network');

describe('network services on the bhyve target', () => {
  it('`tshyve compile --target bhyve` names each refused feature and exits 1', async () => {
    const err: string[] = [];
    const code = await main(['compile', '--target', 'bhyve', EXAMPLE], { out: () => {}, err: (l) => err.push(l) });
    expect(code).toBe(1);
    const text = err.join('\n');
    expect(text).toContain('Bridge/nat spec.nat  error: NAT is not compiled for FreeBSD: it needs pf(4)');
    expect(text).toContain('Bridge/nat spec.dhcp  error: DHCP is not compiled for FreeBSD: it needs a dnsmasq (ports: dns/dnsmasq)');
    expect(text).toContain(
      'VirtualMachine/web spec.nics[0].ports  error: port forwards are not compiled for FreeBSD: they need pf(4) `rdr` rules',
    );
  });

  it('compiles a bridge without nat or dhcp as before, without these errors', () => {
    const { result } = compileTexts([
      {
        file: 'b.yaml',
        text: 'apiVersion: tshyve.dev/v1alpha1\nkind: Bridge\nmetadata: { name: lan }\nspec: { name: bridge0, addresses: [10.0.0.1/24] }\n',
      },
    ]);
    expect(result.diagnostics.filter((d) => d.code.startsWith('bhyve.nat') || d.code.startsWith('bhyve.dhcp'))).toEqual([]);
    expect(result.hostScript).toContain('ifconfig bridge0 inet 10.0.0.1/24 alias');
  });
});
