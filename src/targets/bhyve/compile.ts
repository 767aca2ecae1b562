// Compiles the resolved desired state for a FreeBSD host: per VM the bhyve(8) argv, the loader step
// (grub-bhyve, or bhyveload(8) for FreeBSD guests), bhyvectl --destroy, the bhyve_config(5) file and
// the run loop (with rctl(8) rules for disk limits); for the host the handbook's setup steps and boot-time configuration.
import { readFileSync } from 'node:fs';
import { cloudInitSeedContent } from '../../model/cloud-init-content.js';
import type { DesiredState, ResolvedVm } from '../../model/resolved.js';
import { cloudInitSeedIso } from './device-entries.js';
import { buildBhyveMachine } from './bhyve-argv.js';
import { buildBhyveloadStep } from './bhyveload-loader.js';
import { formatBhyveConfig } from './bhyve-config.js';
import { formatLoaderConf, formatRcConf, formatSysctlConf } from './boot-config.js';
import { buildGrubLoader } from './grub-loader.js';
import { formatHostScript, planHostSteps } from './host-steps.js';
import { reportNetworkServices } from './network-services.js';
import { formatRcScript } from './rc-script.js';
import { processLimits } from './rctl-limits.js';
import { formatRunScript } from './run-script.js';
import {
  DEFAULT_INSTALL_DIR,
  FREEBSD_STATE_DIR,
  type BhyveCompileOptions,
  type BhyveCompileResult,
  type BhyveDiagnostic,
  type CompiledVm,
} from './types.js';

export function destroyArgv(name: string): string[] {
  return ['bhyvectl', '--destroy', `--vm=${name}`];
}

/** The NoCloud files of `vm` (user-data files are read now, on the compiling host). */
function compileCloudInit(vm: ResolvedVm, stateDir: string, report: (d: BhyveDiagnostic) => void): CompiledVm['cloudInit'] {
  const ci = vm.cloudInit;
  if (!ci) return undefined;
  const path = `VirtualMachine/${vm.meta.name} spec.cloudInit`;
  try {
    const text = ci.userDataFile !== undefined ? readFileSync(ci.userDataFile, 'utf8') : ci.userData;
    const c = cloudInitSeedContent(vm, text);
    const files = [
      { name: 'meta-data', content: c.metaData },
      { name: 'user-data', content: c.userData },
      ...(c.networkConfig !== undefined ? [{ name: 'network-config', content: c.networkConfig }] : []),
    ];
    return { files, iso: cloudInitSeedIso(stateDir, vm.meta.name) };
  } catch (e) {
    report({ severity: 'error', code: 'bhyve.cloud-init', path, message: (e as Error).message });
    return undefined;
  }
}

export function compileBhyve(state: DesiredState, options: BhyveCompileOptions = {}): BhyveCompileResult {
  const stateDir = options.stateDir ?? FREEBSD_STATE_DIR;
  const diagnostics: BhyveDiagnostic[] = [];
  const report = (d: BhyveDiagnostic) => diagnostics.push(d);
  let usesNmdm = false;
  const vms: CompiledVm[] = state.vms.map((vm) => {
    const name = vm.meta.name;
    const vmStateDir = `${stateDir}/${name}`;
    const varsCopy =
      vm.firmware.type === 'bootrom' && vm.firmware.varsTemplate
        ? { template: vm.firmware.varsTemplate, path: `${vmStateDir}/vars.fd` }
        : undefined;
    const machine = buildBhyveMachine(vm, stateDir, varsCopy?.path, report);
    usesNmdm ||= machine.lpc.usesNmdm;
    const loader = buildGrubLoader(vm, machine.memory, vmStateDir) ?? buildBhyveloadStep(vm, machine.memory, report);
    const destroy = destroyArgv(name);
    const cloudInit = compileCloudInit(vm, stateDir, report);
    const limits = processLimits(vm, report);
    if (vm.autostart.ready?.length)
      report({
        severity: 'warning',
        code: 'bhyve.unsupported-option',
        path: `VirtualMachine/${name} spec.autostart.after`,
        message: 'the rc.d script starts VMs in `after` order but does not wait for their readiness; `ready` is ignored',
      });
    const runScript = formatRunScript({
      vm,
      argv: machine.argv,
      ...(machine.restoreArgv ? { restoreArgv: machine.restoreArgv } : {}),
      destroyArgv: destroy,
      vmStateDir,
      ...(loader ? { loader } : {}),
      ...(varsCopy ? { varsCopy } : {}),
      ...(machine.lpc.logFile ? { logFile: machine.lpc.logFile } : {}),
      ...(cloudInit ? { cloudInitIso: cloudInit.iso } : {}),
      ...(limits ? { limits } : {}),
    });
    return {
      name,
      argv: machine.argv,
      ...(machine.restoreArgv ? { restoreArgv: machine.restoreArgv } : {}),
      destroyArgv: destroy,
      config: formatBhyveConfig(vm, machine),
      runScript,
      ...(loader ? { loader } : {}),
      ...(varsCopy ? { varsCopy } : {}),
      ...(machine.lpc.logFile ? { logFile: machine.lpc.logFile } : {}),
      ...(cloudInit ? { cloudInit } : {}),
    };
  });
  reportNetworkServices(state, report);
  const hostSteps = planHostSteps(state, usesNmdm, report);
  return {
    vms,
    hostSteps,
    hostScript: formatHostScript(hostSteps),
    boot: {
      loaderConf: formatLoaderConf(),
      rcConf: formatRcConf(state, options.installDir ?? DEFAULT_INSTALL_DIR),
      sysctlConf: formatSysctlConf(state),
      rcScript: formatRcScript(),
    },
    diagnostics,
  };
}

/** The files `tshyve compile --target bhyve --out DIR` writes, relative to DIR. */
export function listCompiledFiles(result: BhyveCompileResult): { path: string; content: string; mode: number }[] {
  const files = [
    { path: 'host-setup.sh', content: result.hostScript, mode: 0o755 },
    { path: 'boot/loader.conf', content: result.boot.loaderConf, mode: 0o644 },
    { path: 'boot/rc.conf', content: result.boot.rcConf, mode: 0o644 },
    { path: 'boot/sysctl.conf', content: result.boot.sysctlConf, mode: 0o644 },
    { path: 'boot/rc.d/tshyve', content: result.boot.rcScript, mode: 0o755 },
  ];
  for (const vm of result.vms) {
    files.push({ path: `vms/${vm.name}/run.sh`, content: vm.runScript, mode: 0o755 });
    files.push({ path: `vms/${vm.name}/bhyve.conf`, content: vm.config, mode: 0o644 });
    files.push({
      path: `vms/${vm.name}/argv.json`,
      content:
        JSON.stringify({ loader: vm.loader?.argv, bhyve: vm.argv, restore: vm.restoreArgv, destroy: vm.destroyArgv }, null, 2) + '\n',
      mode: 0o644,
    });
    // user-data may hold secrets: readable by root only.
    for (const f of vm.cloudInit?.files ?? []) files.push({ path: `vms/${vm.name}/cloud-init/${f.name}`, content: f.content, mode: 0o600 });
  }
  return files;
}
