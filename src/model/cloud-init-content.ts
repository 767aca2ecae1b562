// The files of a cloud-init NoCloud seed (cloud-init docs, "NoCloud" data source): meta-data,
// user-data (tshyve's #cloud-config part merged with the manifest's own as MIME multipart, the way
// cloud-init's user-data formats document) and network-config version 2. Pure: the caller reads files.
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { ResolvedVm } from './resolved.js';

export interface CloudInitSeedContent {
  metaData: string;
  userData: string;
  /** Absent when the VM has no NIC and the manifest gives none: cloud-init's fallback applies. */
  networkConfig?: string;
  instanceId: string;
}

type CloudInitVm = Pick<ResolvedVm, 'cloudInit' | 'nics'> & { meta: { name: string } };

/** cloud-init's user-data formats, by the text's first line. */
export function userDataContentType(text: string): string | undefined {
  const first = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n')).trim();
  if (first.startsWith('#cloud-config')) return 'text/cloud-config';
  if (first.startsWith('#!')) return 'text/x-shellscript';
  if (first.startsWith('#include')) return 'text/x-include-url';
  if (first.startsWith('#cloud-boothook')) return 'text/cloud-boothook';
  if (first.startsWith('#part-handler')) return 'text/part-handler';
  if (/^content-type:/i.test(first)) return undefined; // already MIME
  return 'text/plain';
}

function generatedCloudConfig(vm: CloudInitVm): string {
  const ci = vm.cloudInit!;
  const doc: Record<string, unknown> = { hostname: ci.hostname };
  if (ci.users.length)
    doc.users = ci.users.map((u) => ({
      name: u.name,
      ...(u.groups.length ? { groups: u.groups.join(',') } : {}),
      ...(u.sudo !== undefined ? { sudo: u.sudo } : {}),
      ...(u.shell !== undefined ? { shell: u.shell } : {}),
      lock_passwd: true,
      ...(u.sshAuthorizedKeys.length ? { ssh_authorized_keys: u.sshAuthorizedKeys } : {}),
    }));
  return `#cloud-config\n${stringify(doc)}`;
}

function multipart(parts: { type: string; name: string; body: string }[]): string {
  const boundary = `==tshyve-${createHash('sha256')
    .update(parts.map((p) => p.body).join('\0'))
    .digest('hex')
    .slice(0, 24)}==`;
  const lines = [`Content-Type: multipart/mixed; boundary="${boundary}"`, 'MIME-Version: 1.0', ''];
  for (const p of parts) {
    lines.push(`--${boundary}`, `Content-Type: ${p.type}; charset="utf-8"`, 'MIME-Version: 1.0');
    lines.push(`Content-Disposition: attachment; filename="${p.name}"`, '', p.body.endsWith('\n') ? p.body.slice(0, -1) : p.body);
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\n');
}

/**
 * The seed of `vm`. `userDataText` is the manifest's user-data (inline or the file's contents).
 * Throws an Error with a message for the user when the two cannot be merged.
 */
export function cloudInitSeedContent(vm: CloudInitVm, userDataText?: string): CloudInitSeedContent {
  const ci = vm.cloudInit!;
  const generated = generatedCloudConfig(vm);
  let userData = generated;
  if (userDataText !== undefined) {
    const type = userDataContentType(userDataText);
    if (type === undefined) {
      if (ci.users.length)
        throw new Error(`${vm.meta.name}: cloudInit user-data is a MIME document; list the users in it instead of cloudInit.users`);
      userData = userDataText;
    } else {
      userData = multipart([
        { type: 'text/cloud-config', name: 'tshyve.cfg', body: generated },
        { type, name: 'user-data', body: userDataText },
      ]);
    }
  }
  const network =
    ci.networkConfig ??
    (vm.nics.length
      ? {
          version: 2,
          ethernets: Object.fromEntries(vm.nics.map((n, i) => [`nic${i}`, { match: { macaddress: n.mac }, dhcp4: true }])),
        }
      : undefined);
  const networkConfig = network ? stringify(network) : undefined;
  const extras = stringify(ci.metaData);
  const instanceId = `iid-tshyve-${createHash('sha256')
    .update(JSON.stringify([ci.hostname, extras, userData, networkConfig ?? null]))
    .digest('hex')
    .slice(0, 16)}`;
  const metaData = stringify({ 'instance-id': instanceId, 'local-hostname': ci.hostname, ...ci.metaData });
  return { metaData, userData, ...(networkConfig ? { networkConfig } : {}), instanceId };
}
