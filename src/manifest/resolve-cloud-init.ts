// Resolves `spec.cloudInit` (cloud-init NoCloud input): the host name defaults to the VM name;
// files (keys, user-data) are read later, once their paths passed confinement (cloud-init-files.ts).
import type { ResolvedCloudInit } from '../model/resolved.js';
import type { CloudInit } from '../model/spec-types.generated.js';
import type { DocPath } from './reporter.js';
import { zeroPci } from './resolve-devices.js';

type ErrorSink = (p: DocPath, c: string, m: string) => void;

export function resolveCloudInit(spec: CloudInit, vmName: string, err: ErrorSink): ResolvedCloudInit {
  const names = new Set<string>();
  (spec.users ?? []).forEach((u, i) => {
    if (names.has(u.name)) err(['spec', 'cloudInit', 'users', i, 'name'], 'cloud-init.user', `user \`${u.name}\` is listed twice`);
    names.add(u.name);
  });
  if (spec.userData !== undefined && spec.userDataFile !== undefined)
    err(['spec', 'cloudInit', 'userDataFile'], 'cloud-init.user-data', 'give `userData` or `userDataFile`, not both');
  for (const key of ['instance-id', 'local-hostname'])
    if (spec.metaData && key in spec.metaData)
      err(['spec', 'cloudInit', 'metaData', key], 'cloud-init.meta-data', `meta-data \`${key}\` is set by tshyve`);
  return {
    pci: zeroPci(),
    hostname: spec.hostname ?? vmName,
    users: (spec.users ?? []).map((u) => ({
      name: u.name,
      groups: u.groups ?? [],
      ...(u.sudo !== undefined ? { sudo: u.sudo } : {}),
      ...(u.shell !== undefined ? { shell: u.shell } : {}),
      sshAuthorizedKeys: u.sshAuthorizedKeys ?? [],
      ...(u.sshAuthorizedKeysFile !== undefined ? { sshAuthorizedKeysFile: u.sshAuthorizedKeysFile } : {}),
    })),
    ...(spec.userData !== undefined ? { userData: spec.userData } : {}),
    ...(spec.userDataFile !== undefined ? { userDataFile: spec.userDataFile } : {}),
    ...(spec.networkConfig !== undefined ? { networkConfig: spec.networkConfig as Record<string, unknown> } : {}),
    metaData: (spec.metaData ?? {}) as Record<string, string | number | boolean>,
  };
}
