// The flags of the command line, each defined once with its help text: a parseArgs option plus
// `description` and the placeholder its value takes. Verb tables (verbs.ts) pick from these.

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean | string[];
  /** One line of help. */
  description: string;
  /** The value's placeholder in help (`DIR`, `NAME`); strings only. */
  value?: string;
}

export type FlagTable = Record<string, FlagSpec>;

export const STATE_DIR = {
  'state-dir': { type: 'string', value: 'DIR', description: 'state directory (default /var/lib/tshyve, or $TSHYVE_STATE_DIR)' },
} as const satisfies FlagTable;
export const JSON_FLAG = {
  json: { type: 'boolean', default: false, description: 'print one JSON object ({"ok": …}) instead of text' },
} as const satisfies FlagTable;
export const NETNS = {
  netns: { type: 'string', value: 'NAME', description: 'run the host side (links, VM processes) inside this network namespace' },
} as const satisfies FlagTable;
export const HOST = {
  host: { type: 'string', value: 'NAME', description: "this host's name for placement (default the hostname)" },
  'host-label': {
    type: 'string',
    multiple: true,
    default: [] as string[],
    value: 'KEY=VALUE',
    description: 'a label of this host for placement.hostSelector (repeatable; tshyve.dev/kvm is detected)',
  },
} as const satisfies FlagTable;
export const HOST_CHECK = {
  'no-host-check': { type: 'boolean', default: false, description: 'skip the checks that depend on this host (files present, memory)' },
} as const satisfies FlagTable;
export const YES = {
  yes: { type: 'boolean', short: 'y', default: false, description: 'do not ask for confirmation' },
} as const satisfies FlagTable;
export const RECONCILE = {
  ...JSON_FLAG,
  ...STATE_DIR,
  ...NETNS,
  prune: { type: 'boolean', default: false, description: 'also delete volumes whose reclaimPolicy is Delete' },
  'allow-empty': { type: 'boolean', default: false, description: 'allow deletes even when DIR holds no manifests' },
  verbose: { type: 'boolean', short: 'v', default: false, description: 'show every command (argv) a step runs' },
  ...HOST_CHECK,
  ...HOST,
} as const satisfies FlagTable;
export const WATCH = {
  ...STATE_DIR,
  ...NETNS,
  ...HOST,
  resync: { type: 'string', default: '30s', value: 'DURATION', description: 'reconcile at least this often (jittered ±20%)' },
  debounce: { type: 'string', default: '200ms', value: 'DURATION', description: 'wait this long after a file change before reconciling' },
  git: { type: 'boolean', default: false, description: 'DIR is a git checkout: pull it (fast-forward only) every --git-interval' },
  'git-interval': { type: 'string', default: '60s', value: 'DURATION', description: 'how often --git pulls' },
  prune: { type: 'boolean', default: false, description: 'also delete volumes whose reclaimPolicy is Delete' },
  metrics: {
    type: 'string',
    value: 'ADDR:PORT',
    description: 'serve Prometheus metrics on this address, e.g. 127.0.0.1:9419 (default off)',
  },
  'require-signed': {
    type: 'string',
    value: 'GNUPGHOME',
    description: 'with --git, apply only upstream heads signed by a key in this GnuPG home directory',
  },
} as const satisfies FlagTable;
