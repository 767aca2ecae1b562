// Data shared by the bhyve target: what a compile produces (argv arrays, host steps, files) and
// what it reports. Follows bhyve(8), bhyve_config(5) and the FreeBSD handbook chapter on bhyve.

export interface BhyveDiagnostic {
  severity: 'error' | 'warning';
  code: string;
  /** `VirtualMachine/NAME spec.disks[0]` style location. */
  path: string;
  message: string;
}

/** One FreeBSD host command, run unless `unless` succeeds; `then` runs right after it. */
export interface HostStep {
  argv: string[];
  unless?: string[];
  then?: string[][];
  /** May fail harmlessly when already done (e.g. `addm` of a member). */
  mayFail?: boolean;
  why: string;
}

/** The two-step boot of the handbook: grub-bhyve or bhyveload(8) loads the kernel, then bhyve runs it. */
export interface LoaderStep {
  argv: string[];
  /** Files the loader reads, written by the run script: path → content. */
  files: { path: string; content: string }[];
}

export interface CompiledVm {
  name: string;
  argv: string[];
  /** `spec.restoreFrom`: the first run's argv, `argv` with `-r SNAPSHOT` (bhyve(8)); later boots use `argv`. */
  restoreArgv?: string[];
  loader?: LoaderStep;
  destroyArgv: string[];
  /** bhyve_config(5) text, for `bhyve -k FILE`. */
  config: string;
  runScript: string;
  /** UEFI variables: copied from the template once. */
  varsCopy?: { template: string; path: string };
  /** Serial port in log mode: bhyve's stdio appended to this file. */
  logFile?: string;
  /** cloud-init NoCloud files (vms/NAME/cloud-init/, 0600) and the seed ISO run.sh makes of them. */
  cloudInit?: { files: { name: string; content: string }[]; iso: string };
}

export interface BootConfig {
  loaderConf: string;
  rcConf: string;
  sysctlConf: string;
  rcScript: string;
}

export interface BhyveCompileResult {
  vms: CompiledVm[];
  hostSteps: HostStep[];
  hostScript: string;
  boot: BootConfig;
  diagnostics: BhyveDiagnostic[];
}

export interface BhyveCompileOptions {
  /** Per-VM state (UEFI variables, console sockets, grub files). Default /var/db/tshyve. */
  stateDir?: string;
  /** Where the compiled files will live on the FreeBSD host (used by the rc.d script). Default /usr/local/etc/tshyve/bhyve. */
  installDir?: string;
}

export const FREEBSD_STATE_DIR = '/var/db/tshyve';
export const DEFAULT_INSTALL_DIR = '/usr/local/etc/tshyve/bhyve';
