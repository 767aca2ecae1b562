// Every verb of the command line in one table: what it does, its synopsis, every flag (from
// flags.ts) and an example. `main` dispatches from it, `--help` and the generated reference
// (docs/cli.md) print from it, and each verb parses its arguments against its own entry.
import { HOST_CHECK, JSON_FLAG, NETNS, RECONCILE, STATE_DIR, WATCH, YES, type FlagTable } from './flags.js';

export interface VerbSpec {
  /** The synopsis after `tshyve`, e.g. `start NAME`. */
  synopsis: string;
  summary: string;
  /** What the verb does, a few sentences. */
  description: string;
  flags: FlagTable;
  examples: string[];
  /** Internal verbs are dispatched but left out of the help list and the reference. */
  internal?: boolean;
}

export const VERBS = {
  validate: {
    synopsis: 'validate DIR',
    summary: 'check every manifest; all problems at once',
    description:
      'Loads every manifest under DIR and reports every problem as `file:line:col  path  message`; ' +
      'exit 1 on errors. Facts of this host (files that do not exist here, more memory than it has) ' +
      'are warnings, so a repository CI can validate on any machine.',
    flags: { ...JSON_FLAG, ...HOST_CHECK },
    examples: ['tshyve validate vms/'],
  },
  show: {
    synopsis: 'show DIR',
    summary: 'print the resolved desired state',
    description: 'Prints what DIR resolves to: defaults filled, sizes in bytes, PCI slots, MAC addresses, generated taps.',
    flags: { ...JSON_FLAG, ...HOST_CHECK },
    examples: ['tshyve show vms/ --json'],
  },
  plan: {
    synopsis: 'plan DIR',
    summary: 'show the host and VM changes apply would make',
    description:
      'Compares DIR with this host (links, volumes, VM processes) and prints the steps in the order ' +
      'apply runs them, with the reason for each. Changes nothing.',
    flags: {
      ...RECONCILE,
      'detailed-exitcode': { type: 'boolean', default: false, description: 'exit 2 when there are changes, 0 when none' },
      'restart-stopped': { type: 'boolean', default: false, description: 'plan to start VMs that `tshyve stop` holds down' },
    },
    examples: ['tshyve plan vms/', 'tshyve plan vms/ --json --detailed-exitcode'],
  },
  apply: {
    synopsis: 'apply DIR',
    summary: 'make the host match DIR',
    description:
      'Runs exactly the plan: VM stops, modules, bridges, taps, volumes, then VM starts in autostart ' +
      'order. Undoes what it created if a step fails. Declared VMs whose process is not running are ' +
      'started as their `run` strategy says, except those `tshyve stop` holds down.',
    flags: {
      ...RECONCILE,
      'keep-partial': { type: 'boolean', default: false, description: 'leave what a failed apply created in place' },
      'restart-stopped': {
        type: 'boolean',
        default: false,
        description: 'also start VMs that `tshyve stop` holds down (releases the hold)',
      },
      ...YES,
    },
    examples: ['tshyve apply vms/', 'tshyve apply vms/ --restart-stopped'],
  },
  destroy: {
    synopsis: 'destroy DIR',
    summary: "stop DIR's VMs and remove the network resources tshyve owns",
    description:
      'Stops the VMs DIR declares and removes the bridges and taps tshyve created for it. Volumes ' +
      'stay unless their reclaimPolicy is Delete and --prune is given. Asks for confirmation on a ' +
      'terminal unless --yes.',
    flags: {
      ...RECONCILE,
      'keep-partial': { type: 'boolean', default: false, description: 'leave what a failed step left in place' },
      ...YES,
    },
    examples: ['tshyve destroy vms/ --yes'],
  },
  run: {
    synopsis: 'run FILE|NAME',
    summary: 'run one VM in the foreground, com1 on the terminal',
    description:
      'Runs one VM in this process like `bhyve -l com1,stdio`; Ctrl-] stops it. The exit code is the bhyve(8) exit status of the guest.',
    flags: {
      dir: { type: 'string', default: 'vms', value: 'DIR', description: 'where NAME is looked up' },
      ...STATE_DIR,
      'debug-log': { type: 'string', value: 'FILE', description: 'write the firmware debug port (0x402) here' },
    },
    examples: ['tshyve run vms/hello.yaml', 'tshyve run hello --dir vms/'],
  },
  ps: {
    synopsis: 'ps [NAME]',
    summary: 'the declared VMs: state, pid, uptime, vCPUs, memory, restarts, last exit',
    description:
      'Lists the VMs applied to the state directory (and declared VMs placed on other hosts, with ' +
      'the reason). A VM that `tshyve stop` holds down shows as `held`. With NAME, only that VM; ' +
      'exit 1 if there is no such VM.',
    flags: { ...JSON_FLAG, ...STATE_DIR },
    examples: ['tshyve ps', 'tshyve ps hello --json'],
  },
  console: {
    synopsis: 'console NAME',
    summary: "attach to a VM's serial console (Ctrl-] detaches)",
    description:
      "Shows the console's scrollback, then live output; what you type goes to the guest. Ctrl-] detaches and the VM keeps running.",
    flags: { port: { type: 'string', value: 'comN', description: 'the COM port (com1..com4; default com1)' }, ...STATE_DIR },
    examples: ['tshyve console hello', 'tshyve console hello --port com2'],
  },
  logs: {
    synopsis: 'logs NAME',
    summary: "a VM's console log (or its VMM or firmware log)",
    description:
      "Prints what the guest wrote to a COM port, terminal control sequences neutralised. --vmm shows the VM process's own log, --firmware the SeaBIOS debug log.",
    flags: {
      follow: { type: 'boolean', short: 'f', default: false, description: 'keep printing as the log grows' },
      port: { type: 'string', value: 'comN', description: 'the COM port (com1..com4; default com1)' },
      vmm: { type: 'boolean', default: false, description: "the VM process's log instead" },
      firmware: { type: 'boolean', default: false, description: 'the firmware debug log instead' },
      raw: { type: 'boolean', default: false, description: "print the guest's bytes as they are, control sequences included" },
      ...STATE_DIR,
    },
    examples: ['tshyve logs grub', 'tshyve logs hello -f --port com2'],
  },
  start: {
    synopsis: 'start NAME',
    summary: 'start a VM as last applied; releases a `stop` hold',
    description:
      'Starts the VM from the spec last applied to the state directory (not from the current directory), ' +
      'in the network namespace it was applied in unless --netns says otherwise.',
    flags: { ...STATE_DIR, ...NETNS, ...JSON_FLAG },
    examples: ['tshyve start hello'],
  },
  stop: {
    synopsis: 'stop NAME',
    summary: 'power a VM off and hold it down until `start`',
    description:
      'Presses the ACPI power button, and ends the VM by force after its stopTimeout. The VM stays ' +
      'down, whatever its run strategy, until `tshyve start`, a change of its spec or run strategy, ' +
      'or `apply --restart-stopped`; `ps` shows it as held.',
    flags: { ...STATE_DIR, ...JSON_FLAG },
    examples: ['tshyve stop hello'],
  },
  snapshot: {
    synopsis: 'snapshot NAME',
    summary: "save a running VM's state (vCPUs, devices, memory) to a file",
    description:
      'Pauses every vCPU of the running VM, writes its state and the touched pages of its memory to ' +
      'a snapshot file (0600; default vm.snapshot in the VM state directory), then lets it run on, or ' +
      'with --stop ends it and holds it down. Refused while the VM has devices whose state is not saved ' +
      'yet (virtio-9p, e1000, xHCI, the framebuffer, a programmed HPET): see docs/vm-snapshots.md.',
    flags: {
      stop: { type: 'boolean', default: false, description: 'end the VM after the snapshot (suspend)' },
      file: {
        type: 'string',
        value: 'PATH',
        description: 'where the snapshot goes, inside <state>/vms/NAME/ (default <state>/vms/NAME/vm.snapshot)',
      },
      ...STATE_DIR,
      ...JSON_FLAG,
    },
    examples: ['tshyve snapshot hello', 'tshyve snapshot hello --stop --file /var/lib/tshyve/vms/hello/before-upgrade.snapshot'],
  },
  restore: {
    synopsis: 'restore NAME',
    summary: 'start a stopped VM from a snapshot instead of booting it',
    description:
      'Starts the applied VM from a snapshot file (bhyve -r): memory, vCPUs and devices as they were. ' +
      'Refused with the reason when the memory size, vCPUs or device set differ from the snapshot, or ' +
      "this host's CPU lacks features the guest saw. Disks, taps and sockets are reopened from the spec. " +
      'A second restore from the same snapshot is refused while the VM has a writable disk that is not a ' +
      'clone of a VolumeSnapshot (it would fork the disk state), unless --force.',
    flags: {
      file: { type: 'string', value: 'PATH', description: 'the snapshot (default <state>/vms/NAME/vm.snapshot)' },
      force: {
        type: 'boolean',
        default: false,
        description: 'restore a snapshot this VM was already started from although its disks are writable (forks their state)',
      },
      ...STATE_DIR,
      ...JSON_FLAG,
    },
    examples: ['tshyve restore hello', 'tshyve restore hello --file /var/lib/tshyve/vms/hello/before-upgrade.snapshot'],
  },
  restart: {
    synopsis: 'restart NAME',
    summary: 'check a VM can start, then stop and start it',
    description:
      'Checks that the applied VM can start (its devices run here, its firmware and disks are there) ' +
      'before stopping it, then starts it again.',
    flags: { ...STATE_DIR, ...NETNS, ...JSON_FLAG },
    examples: ['tshyve restart hello'],
  },
  ssh: {
    synopsis: 'ssh NAME [-- CMD...]',
    summary: "ssh to a VM's guest (its forwarded port 22, or its address)",
    description:
      'Runs the system ssh(1) to the guest: to the host port a `nics[].ports` entry forwards to guest port 22, ' +
      'else to port 22 of its address (its DHCP lease, else its static address), as the first cloudInit user. ' +
      "Host keys go to the VM's own known_hosts in the state directory (first key accepted, a changed one refused). " +
      "A VM applied inside a network namespace is reached from there. The exit code is ssh's.",
    flags: {
      user: { type: 'string', short: 'l', value: 'NAME', description: 'log in as NAME (default spec.cloudInit.users[0].name)' },
      identity: { type: 'string', short: 'i', value: 'FILE', description: 'private key file, passed to ssh -i' },
      verbose: { type: 'boolean', short: 'v', default: false, description: 'print the ssh command line first' },
      ...STATE_DIR,
    },
    examples: ['tshyve ssh web', 'tshyve ssh web -- uname -a', 'tshyve ssh web --identity ~/.ssh/id_ed25519 --user admin'],
  },
  wait: {
    synopsis: 'wait NAME --for running|address|ssh|serial:REGEX',
    summary: 'wait until a VM is running, has an address, answers ssh, or printed a line',
    description:
      'Exit 0 as soon as the VM is ready in that sense, 1 with the reason once --timeout passes, or at once when it ' +
      'cannot become ready (address and ssh: no NIC on a bridge with dhcp; serial: no com1). running: its ' +
      'process runs the guest; address: it holds a DHCP lease; ssh: a TCP connect to its SSH port (as `tshyve ssh` ' +
      'reaches it) reads an `SSH-2.0-` banner; serial:REGEX: its com1 log (the console scrollback) matches REGEX.',
    flags: {
      for: { type: 'string', value: 'CONDITION', description: 'running, address, ssh or serial:REGEX' },
      timeout: { type: 'string', default: '2m', value: 'DURATION', description: 'give up after this long' },
      ...JSON_FLAG,
      ...STATE_DIR,
    },
    examples: ['tshyve wait web --for ssh --timeout 5m', "tshyve wait hello --for 'serial:waiter ready'"],
  },
  watch: {
    synopsis: 'watch DIR',
    summary: 'the GitOps agent: keep the host converged with DIR',
    description:
      'Reconciles on every file change, when a VM process ends (seen at once), after a crash-loop ' +
      'backoff, and on a jittered resync. Invalid edits keep the last good version. One agent per ' +
      'state directory; a new one adopts the VMs a dead one left running.',
    flags: { ...WATCH, once: { type: 'boolean', default: false, description: 'one pass, then exit (0 when it succeeded)' } },
    examples: ['tshyve watch vms/', 'tshyve watch /srv/vms --git --git-interval 30s --metrics 127.0.0.1:9419'],
  },
  events: {
    synopsis: 'events',
    summary: 'what the agent did, then each new event as it happens',
    description:
      "Prints the agent's event journal (VM started/exited, restart scheduled, drift repaired, file held back, revision applied, passes), then follows it; Ctrl-C ends.",
    flags: {
      ...JSON_FLAG,
      since: { type: 'string', value: 'DURATION|TIME', description: 'only events since then (10m, or an ISO 8601 time)' },
      'no-follow': { type: 'boolean', default: false, description: 'print what is there and exit' },
      ...STATE_DIR,
    },
    examples: ['tshyve events --json --since 1h'],
  },
  status: {
    synopsis: 'status',
    summary: 'is the agent alive, what it last did, git revision, errors',
    description:
      'Exit 0: the agent runs and its last pass was clean; 1: it runs but is degraded (errors, files ' +
      'held back, git failures); 3: it is not running (died or stopped); 4: no agent ever ran with ' +
      'this state directory.',
    flags: { ...JSON_FLAG, ...STATE_DIR },
    examples: ['tshyve status', 'tshyve status --json'],
  },
  autostart: {
    synopsis: 'autostart enable DIR | disable | status',
    summary: 'run the agent at boot (systemd unit; FreeBSD: prints rc.d)',
    description:
      'enable writes a systemd unit that runs `tshyve watch DIR` with the flags given here (every ' +
      'watch flag), with Restart=always, and enables and starts it; disable stops and removes it.',
    flags: {
      ...WATCH,
      'unit-dir': { type: 'string', value: 'DIR', description: 'where the unit goes (default /etc/systemd/system)' },
      ...JSON_FLAG,
    },
    examples: ['tshyve autostart enable /srv/vms --git', 'tshyve autostart status'],
  },
  compile: {
    synopsis: 'compile --target bhyve DIR',
    summary: 'the same specs as bhyve(8) command lines and FreeBSD host setup',
    description:
      'Prints (or writes with --out) the bhyve and bhyveload argv, the FreeBSD host setup and an rc.d script for the VMs of DIR.',
    flags: {
      target: { type: 'string', value: 'bhyve', description: 'the target (bhyve)' },
      out: { type: 'string', value: 'DIR', description: 'write the scripts into DIR' },
      ...JSON_FLAG,
      ...STATE_DIR,
      'install-dir': { type: 'string', value: 'DIR', description: 'where the scripts will live on the FreeBSD host' },
    },
    examples: ['tshyve compile --target bhyve vms/'],
  },
  import: {
    synopsis: 'import bhyve [-- ARGV...]',
    summary: 'a bhyve command line, vmrun.sh line or bhyve.conf back into manifests',
    description:
      'Reads a bhyve(8) command line (after --), or scripts and bhyve_config(5) files (--file), and ' +
      'prints the manifests that stand for them, with a warning for what has no place.',
    flags: {
      file: { type: 'string', multiple: true, value: 'FILE', description: 'a script or bhyve.conf to read (repeatable)' },
      'base-dir': {
        type: 'string',
        value: 'DIR',
        description: 'relative image paths are resolved against DIR (default the current directory)',
      },
      ...JSON_FLAG,
    },
    examples: ['tshyve import bhyve -- bhyve -c 2 -m 1G -s 0,hostbridge -s 31,lpc -l com1,stdio vm1'],
  },
  'vm-run': {
    synopsis: 'vm-run NAME',
    summary: 'the body of one VM process (started by start, apply and watch)',
    description:
      'Runs the applied VM NAME in this process under its restart policy. Once its host resources are open it becomes an unprivileged user (tshyve-vm, or $TSHYVE_VM_USER).',
    flags: {
      ...STATE_DIR,
      user: {
        type: 'string',
        value: 'NAME',
        description: 'the user the VM process becomes after set-up (default tshyve-vm, or $TSHYVE_VM_USER)',
      },
    },
    examples: [],
    internal: true,
  },
  'image-prepare': {
    synopsis: 'image-prepare --image SRC --out RAW --max-bytes N [--sha256 HEX] [--format F]',
    summary: "a volume's source image into the image cache (a step of apply)",
    description: 'Downloads (resuming), verifies, decompresses and converts SRC into the raw image RAW.',
    flags: {
      image: { type: 'string', value: 'SRC', description: 'absolute path or http(s) URL' },
      out: { type: 'string', value: 'RAW', description: 'the raw image to write' },
      'max-bytes': { type: 'string', value: 'N', description: "the volume's size in bytes" },
      sha256: { type: 'string', value: 'HEX', description: 'expected digest of SRC as downloaded' },
      format: { type: 'string', value: 'F', description: 'raw, qcow2, vmdk, vhdx or vdi (default: detected)' },
      'progress-file': { type: 'string', value: 'FILE', description: 'keep the current stage and bytes here (JSON), for apply' },
    },
    examples: [],
    internal: true,
  },
} satisfies Record<string, VerbSpec>;

export type VerbName = keyof typeof VERBS;

export function isVerbName(name: string): name is VerbName {
  return Object.hasOwn(VERBS, name);
}
