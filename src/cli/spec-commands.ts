// `tshyve validate DIR` and `tshyve show DIR`: check the manifests, print the resolved desired state.
import { existsSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { loadSpecs, type LoadResult } from '../manifest/load.js';
import { enforceHostFacts, hasErrors } from '../manifest/diagnostics.js';
import { formatDuration, formatSize } from '../manifest/units.js';
import { describeFirmware } from '../manifest/firmware-summary.js';
import { formatPci } from '../manifest/pci-placement.js';
import type { DesiredState, ResolvedVm } from '../model/resolved.js';
import { formatReadyCondition } from '../model/readiness.js';
import { printDiagnostics, printJson, type Output } from './output.js';
import { TshyveError } from '../errors.js';
import { resolveStateDir } from '../state/paths.js';
import { expectPositionals, parseVerbArgs } from './parse-verb.js';

function parseSpecArgs(args: string[], verb: 'validate' | 'show') {
  const { values, positionals } = parseVerbArgs(verb, args);
  expectPositionals(verb, positionals, 1);
  return { dir: positionals[0]!, json: values.json!, hostCheck: !values['no-host-check'] };
}

/** Which resources' host facts (memory, firmware files) are errors: those that would run here. */
/** `db`, or `db (ready: ssh within 2m)` for a readiness gate. */
function gateText(vm: ResolvedVm, dep: string): string {
  const gate = vm.autostart.ready?.find((g) => g.vm === dep);
  return gate ? `${dep} (ready: ${formatReadyCondition(gate.ready)} within ${formatDuration(gate.timeoutMs)})` : dep;
}

export type HostEnforcement = (state: DesiredState) => (kind: string, name: string) => boolean;

/**
 * Loads for a verb. Host facts are warnings (`validate`, `show`: they pass on any machine, e.g. CI)
 * unless `enforce` says which resources would run on this host (`plan`, `apply`, `run`).
 */
export async function loadForCli(
  dir: string,
  hostCheck = true,
  enforce?: HostEnforcement,
  stateDir = resolveStateDir(undefined),
): Promise<LoadResult> {
  const result = await loadSpecs(dir, { stateDir, ...(hostCheck ? { hostMemoryBytes: totalmem() } : {}) });
  if (!enforce) return result;
  const diagnostics = enforceHostFacts(result.diagnostics, enforce(result.state));
  return { ...result, diagnostics, ok: !hasErrors(diagnostics) };
}

/** Enforces host facts of the VM that `run`/`start` runs and of the Firmware it names. */
const enforceForVm =
  (target: string, isFile: boolean): HostEnforcement =>
  (state) => {
    const vm = isFile && state.vms.length === 1 ? state.vms[0] : state.vms.find((v) => v.meta.name === target);
    return (kind, name) => (kind === 'VirtualMachine' && name === vm?.meta.name) || (kind === 'Firmware' && name === vm?.firmwareRef);
  };

/**
 * One VirtualMachine of `run`/`start`: `target` is a manifest file holding it (or naming it among
 * several), or the name of a VM in `dir`. Diagnostics go to `output`; errors stop before anything runs.
 */
export async function loadOneVm(target: string, dir: string, output: Output): Promise<ResolvedVm> {
  const isFile = existsSync(target) && statSync(target).isFile();
  const source = isFile ? target : dir;
  const result = await loadForCli(source, true, enforceForVm(target, isFile));
  printDiagnostics(output, result.diagnostics);
  if (!result.ok)
    throw new TshyveError('TSHYVE_SPEC_INVALID', `${source} has errors; nothing was started (run \`tshyve validate ${source}\`)`);
  const vms = result.state.vms;
  const vm = isFile && vms.length === 1 ? vms[0] : vms.find((v) => v.meta.name === target);
  if (!vm) {
    const names = vms.map((v) => v.meta.name).join(', ') || 'none';
    throw new TshyveError(
      'TSHYVE_NOT_FOUND',
      isFile
        ? `${target} must define exactly one VirtualMachine (found: ${names})`
        : `no VirtualMachine named ${target} in ${dir} (found: ${names})`,
    );
  }
  return vm;
}

export async function validateCommand(args: string[], output: Output): Promise<number> {
  const { dir, json, hostCheck } = parseSpecArgs(args, 'validate');
  const result = await loadForCli(dir, hostCheck);
  if (json)
    printJson(output, { ok: result.ok, files: result.files.length, documents: result.documentCount, diagnostics: result.diagnostics });
  else {
    printDiagnostics(output, result.diagnostics);
    const hostFacts = result.diagnostics.filter((d) => d.hostFact && d.severity === 'warning').length;
    if (hostFacts)
      output.err(
        `note: ${hostFacts} warning${hostFacts === 1 ? ' depends' : 's depend'} on this machine (memory, ` +
          `files); plan, apply and run refuse them on the host that would run the resource`,
      );
    if (result.ok)
      output.out(
        `${dir}: ${result.documentCount} document${result.documentCount === 1 ? '' : 's'} in ${result.files.length} ` +
          `file${result.files.length === 1 ? '' : 's'}, valid`,
      );
  }
  return result.ok ? 0 : 1;
}

export async function showCommand(args: string[], output: Output): Promise<number> {
  const { dir, json, hostCheck } = parseSpecArgs(args, 'show');
  const result = await loadForCli(dir, hostCheck);
  if (!result.ok) {
    if (json) printJson(output, { ok: false, diagnostics: result.diagnostics });
    else printDiagnostics(output, result.diagnostics);
    return 1;
  }
  if (json) printJson(output, { ok: true, diagnostics: result.diagnostics, state: result.state });
  else {
    printDiagnostics(output, result.diagnostics);
    for (const line of describeState(result.state)) output.out(line);
  }
  return 0;
}

/** The cloud-init input in one line; user-data is named, never shown. */
export function describeCloudInit(ci: NonNullable<ResolvedVm['cloudInit']>): string {
  const users = ci.users.map((u) => `${u.name} (${u.sshAuthorizedKeys.length} key${u.sshAuthorizedKeys.length === 1 ? '' : 's'})`);
  const userData =
    ci.userDataFile !== undefined
      ? `user-data from ${ci.userDataFile}`
      : ci.userData !== undefined
        ? `inline user-data (${Buffer.byteLength(ci.userData)} bytes)`
        : 'no user-data';
  return [`hostname ${ci.hostname}`, users.length ? `users ${users.join(', ')}` : 'no users', userData].join(', ');
}

/** A human summary of the resolved desired state. */
export function describeState(state: DesiredState): string[] {
  const lines: string[] = [];
  for (const b of state.bridges)
    lines.push(
      `bridge ${b.meta.name}: ${b.ifname} mtu ${b.mtu}${b.members.length ? ` members ${b.members.join(',')}` : ''}${b.addresses.length ? ` addresses ${b.addresses.join(',')}` : ''}`,
    );
  for (const t of state.taps)
    lines.push(
      `tap ${t.meta.name}: ${t.ifname}${t.bridgeIfname ? ` on ${t.bridgeIfname}` : ''} mtu ${t.mtu}${t.generatedFor ? ' (generated)' : ''}`,
    );
  for (const v of state.volumes)
    lines.push(
      `volume ${v.meta.name}: ${formatSize(v.sizeBytes)} ${v.backend.type === 'zfs' ? `zfs ${v.backend.dataset} volmode=${v.backend.volmode}` : `file ${v.backend.path}`} reclaim ${v.reclaimPolicy}`,
    );
  for (const f of state.firmware) lines.push(`firmware ${f.meta.name}: ${describeFirmware(f.body)}`);
  for (const vm of state.vms) {
    const c = vm.cpus;
    lines.push(
      `vm ${vm.meta.name}: ${c.count} vCPU (${c.sockets}s/${c.cores}c/${c.threads}t), ${formatSize(vm.memoryBytes)}, ` +
        `${describeFirmware(vm.firmware)} [${vm.specHash}]`,
    );
    lines.push(`  pci ${formatPci(vm.hostbridge.pci)} hostbridge, ${formatPci(vm.lpc.pci)} lpc`);
    for (const d of vm.disks) lines.push(`  pci ${formatPci(d.pci)} ${d.device} ${d.path}${d.readOnly ? ' ro' : ''}`);
    for (const n of vm.nics)
      lines.push(`  pci ${formatPci(n.pci)} ${n.device} ${n.tapIfname} mac ${n.mac}${n.macGenerated ? ' (derived)' : ''}`);
    if (vm.rng) lines.push(`  pci ${formatPci(vm.rng.pci)} virtio-rnd`);
    if (vm.cloudInit) lines.push(`  pci ${formatPci(vm.cloudInit.pci)} cloud-init seed: ${describeCloudInit(vm.cloudInit)}`);
    for (const s of vm.serial) lines.push(`  ${s.port} ${s.mode}${s.path ? ` ${s.path}` : ''}`);
    lines.push(
      `  autostart ${vm.autostart.enabled ? `order ${vm.autostart.order}` : 'off'}${vm.autostart.after.length ? ` after ${vm.autostart.after.map((d) => gateText(vm, d)).join(',')}` : ''}, stop timeout ${formatDuration(vm.stopTimeoutMs)}`,
    );
  }
  return lines;
}
