// NAT, DHCP and port forwards on the bhyve target: refused, with the reason. On FreeBSD they would
// need pf(4) (a `nat on` rule and `rdr` anchors) and a dnsmasq from ports run by rc.d; tshyve
// generates neither, so a compiled FreeBSD host would silently lack the network the manifest asks for.
import type { DesiredState } from '../../model/resolved.js';
import type { BhyveDiagnostic } from './types.js';

export function reportNetworkServices(state: DesiredState, report: (d: BhyveDiagnostic) => void): void {
  for (const b of state.bridges) {
    const path = `Bridge/${b.meta.name}`;
    if (b.nat)
      report({
        severity: 'error',
        code: 'bhyve.nat',
        path: `${path} spec.nat`,
        message:
          'NAT is not compiled for FreeBSD: it needs pf(4) with a `nat on <uplink> from <subnet>` rule, which tshyve does not ' +
          'generate; remove `nat` and configure pf.conf(5) on the host',
      });
    if (b.dhcp)
      report({
        severity: 'error',
        code: 'bhyve.dhcp',
        path: `${path} spec.dhcp`,
        message:
          'DHCP is not compiled for FreeBSD: it needs a dnsmasq (ports: dns/dnsmasq) run by rc.d with the static leases, which tshyve ' +
          'does not generate; remove `dhcp` and serve DHCP on the host, or give guests static addresses in cloud-init',
      });
  }
  for (const vm of state.vms)
    vm.nics.forEach((nic, i) => {
      if (nic.ports?.length)
        report({
          severity: 'error',
          code: 'bhyve.port-forward',
          path: `VirtualMachine/${vm.meta.name} spec.nics[${i}].ports`,
          message: 'port forwards are not compiled for FreeBSD: they need pf(4) `rdr` rules, which tshyve does not generate',
        });
    });
}
