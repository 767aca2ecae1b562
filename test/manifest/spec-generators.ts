// fast-check generators of tshyve manifests (schema/tshyve.schema.json kinds): a consistent world of
// Bridges, Taps, Volumes, Firmware and VirtualMachines that must validate, and hostile variants of it
// (wrong types, unicode, huge numbers, deep nesting, alias bombs, duplicate keys, broken documents).
import fc from 'fast-check';
import { stringify } from 'yaml';

export const API = 'tshyve.dev/v1alpha1';
type Doc = Record<string, unknown>;

const resourceName = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}[a-z0-9]$/);
const size = fc.constantFrom('512MiB', '1GiB', '2G', '64M', '16GiB');
const labelMap = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9.]{0,8}[a-z]$/), fc.string({ maxLength: 20 }), { maxKeys: 3 });

/** A world whose every reference resolves: unique names per kind, each volume and tap used once. */
export const validWorld = fc
  .record({
    bridges: fc.uniqueArray(resourceName, { maxLength: 3 }),
    volumes: fc.uniqueArray(resourceName, { maxLength: 4 }),
    vms: fc.uniqueArray(resourceName, { minLength: 1, maxLength: 4 }),
    firmware: fc.constantFrom('linux', 'bootrom'),
    cpus: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 4, maxLength: 4 }),
    memory: fc.array(fc.constantFrom('128MiB', '256MiB', '1GiB', '512M'), { minLength: 4, maxLength: 4 }),
    rng: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    volumeSizes: fc.array(size, { minLength: 4, maxLength: 4 }),
    labels: labelMap,
    extras: fc.array(
      fc.record(
        {
          acpi: fc.boolean(),
          rtcUtc: fc.boolean(),
          uuid: fc.uuid({ version: 4 }),
          run: fc.constantFrom('Always', 'OnFailure', 'Once', 'Halted'),
          stopTimeout: fc.constantFrom('500ms', '30s', '5m', '1h30m'),
          serial: fc.constantFrom(
            { com1: { mode: 'socket' } },
            { com1: { mode: 'off' }, com2: { mode: 'socket' } },
            { com3: { mode: 'stdio' } },
          ),
          consoles: fc
            .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_.-]{0,20}$/), { minLength: 1, maxLength: 3 })
            .map((ns) => ns.map((name) => ({ name }))),
          restartPolicy: fc.record(
            { onReboot: fc.constantFrom('restart', 'stop'), onPoweroff: fc.constantFrom('restart', 'stop', 'restartWithBackoff') },
            { requiredKeys: [] },
          ),
          autostart: fc.record(
            { enabled: fc.boolean(), order: fc.integer({ min: 0, max: 100000 }), delay: fc.constantFrom('1s', '250ms') },
            { requiredKeys: [] },
          ),
          mac: fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 3, maxLength: 3 }),
        },
        { requiredKeys: [] },
      ),
      { minLength: 4, maxLength: 4 },
    ),
  })
  .map((w): Doc[] => {
    const docs: Doc[] = [];
    const doc = (kind: string, name: string, spec: Doc, extra: Doc = {}): Doc => ({
      apiVersion: API,
      kind,
      metadata: { name, ...extra },
      spec,
    });
    w.bridges.forEach((b, i) => docs.push(doc('Bridge', b, { name: `tshbr${i}`, mtu: 1500 })));
    const taps = w.bridges.map((b, i) => `tap-${i}-${b}`.slice(0, 63).replace(/-$/, 'x'));
    taps.forEach((t, i) => docs.push(doc('Tap', t, { name: `tshtap${i}`, bridge: w.bridges[i] })));
    w.volumes.forEach((v, i) =>
      docs.push(doc('Volume', v, { size: w.volumeSizes[i], file: { path: `/var/lib/tshyve/volumes/${v}.img`, sparse: true } })),
    );
    docs.push(
      doc(
        'Firmware',
        'fw',
        w.firmware === 'linux'
          ? { linux: { kernel: '/var/lib/tshyve/kernels/vmlinuz', cmdline: 'console=ttyS0 root=/dev/vda1' } }
          : { bootrom: { image: '/usr/share/seabios/bios-256k.bin' } },
      ),
    );
    w.vms.forEach((m, i) => {
      const { mac, ...extras } = w.extras[i]!;
      const spec: Doc = { cpus: w.cpus[i], memory: w.memory[i], firmware: 'fw', rng: w.rng[i], ...extras };
      const disks = w.volumes.filter((_, k) => k % w.vms.length === i).map((volume) => ({ volume }));
      if (disks.length) spec.disks = disks;
      // A locally administered MAC, distinct per VM (its index in the first octet after 02).
      const macOf = (n: number) => (mac ? [0x02, i, n, ...mac].map((b) => b.toString(16).padStart(2, '0')).join(':') : undefined);
      const nics = taps.filter((_, k) => k % w.vms.length === i).map((tap, n) => (macOf(n) ? { tap, mac: macOf(n) } : { tap }));
      if (nics.length) spec.nics = nics;
      docs.push(doc('VirtualMachine', m, spec, Object.keys(w.labels).length ? { labels: w.labels } : {}));
    });
    return docs;
  });

/** Values of any type a hand-edited manifest might hold where something else was expected. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -0, -1, 1e308, -1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity),
  fc.constantFrom(
    '',
    ' ',
    '~',
    'null',
    '0x10',
    '1e400',
    '99999999999999999999T',
    '-1GiB',
    '\u202e\u0000',
    '../../etc/passwd',
    '/etc/shadow',
  ),
  fc.double(),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((b) => Number(b)),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^\/[a-z\u00e9\u4e2d/._ -]{1,30}$/),
  fc.array(fc.integer(), { maxLength: 4 }),
  fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), { maxKeys: 3 }),
  fc.integer({ min: 50, max: 400 }).map((depth) => nested(depth)), // deeper nesting: textDamage `deep`
);

function nested(depth: number): unknown {
  let v: unknown = 'core';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { n: v };
  return v;
}

/** Every path into a JSON-like value (maps by key, sequences by index). */
export function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

/** A copy of `doc` with the value at `path` replaced (or, for a map, a new key added there). */
export function replaceAt(doc: unknown, path: (string | number)[], value: unknown, newKey?: string): unknown {
  if (path.length === 0) {
    if (newKey !== undefined && doc && typeof doc === 'object' && !Array.isArray(doc)) return { ...doc, [newKey]: value };
    return value;
  }
  const [head, ...rest] = path;
  if (Array.isArray(doc)) return doc.map((v, i) => (i === head ? replaceAt(v, rest, value, newKey) : v));
  const o = doc as Record<string, unknown>;
  return { ...o, [head as string]: replaceAt(o[head as string], rest, value, newKey) };
}

export type Rendering = 'block' | 'flow' | 'quoted';

export function render(docs: readonly unknown[], style: Rendering = 'block'): string {
  return docs
    .map((d) =>
      stringify(d, {
        collectionStyle: style === 'flow' ? 'flow' : 'block',
        defaultStringType: style === 'quoted' ? 'QUOTE_DOUBLE' : 'PLAIN',
        defaultKeyType: 'PLAIN',
        lineWidth: 0,
        aliasDuplicateObjects: false,
      }),
    )
    .join('---\n');
}

/** Text-level damage no object rendering can express. */
export const textDamage = fc.oneof(
  // a key repeated in the same map (uniqueKeys refuses it)
  fc.record({ kind: fc.constant('duplicate-key' as const), line: fc.nat() }),
  // an alias bomb: `depth` levels of anchors, each level `fanout` aliases of the one before
  fc.record({ kind: fc.constant('alias-bomb' as const), depth: fc.integer({ min: 2, max: 12 }), fanout: fc.integer({ min: 2, max: 10 }) }),
  // separators, directives, BOMs, tabs and stray indicators
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      '\n---\n',
      '\n...\n',
      '%YAML 1.2\n---\n',
      '\ufeff',
      '\t',
      ': :',
      '- - -',
      '&a *a',
      '!!binary',
      '? ',
      '{',
      ']',
      '\n--- |\n  x\n',
      '"',
    ),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  // nesting far deeper than a renderer recurses: flow sequences or maps under a spec
  fc.record({ kind: fc.constant('deep' as const), depth: fc.integer({ min: 500, max: 5000 }), maps: fc.boolean() }),
);
export type TextDamage = typeof textDamage extends fc.Arbitrary<infer T> ? T : never;

export function aliasBomb(depth: number, fanout: number): string {
  const lines = [`  l0: &l0 [${Array.from({ length: fanout }, () => '"lol"').join(', ')}]`];
  for (let i = 1; i < depth; i++) lines.push(`  l${i}: &l${i} [${Array.from({ length: fanout }, () => `*l${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

export function damage(text: string, d: TextDamage): string {
  const lines = text.split('\n');
  switch (d.kind) {
    case 'duplicate-key': {
      const keyed = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*[A-Za-z]+:/.test(l));
      if (keyed.length === 0) return text;
      const [line, i] = keyed[d.line % keyed.length]!;
      lines.splice(i + 1, 0, line.replace(/:.*$/, ': 1'));
      return lines.join('\n');
    }
    case 'alias-bomb': {
      const at = lines.findIndex((l) => l === 'metadata:');
      if (at < 0) return `bomb:\n${aliasBomb(d.depth, d.fanout)}\n---\n${text}`;
      lines.splice(at + 1, 0, '  annotations:', aliasBomb(d.depth, d.fanout).replace(/^/gm, '  '));
      return lines.join('\n');
    }
    case 'splice': {
      const at = d.at % (text.length + 1);
      return text.slice(0, at) + d.text + text.slice(at);
    }
    case 'cut':
      return text.slice(0, d.at % (text.length + 1));
    case 'deep': {
      const at = lines.findIndex((l) => l === 'spec:');
      const value = d.maps ? `${'{ a: '.repeat(d.depth)}1${' }'.repeat(d.depth)}` : `${'['.repeat(d.depth)}${']'.repeat(d.depth)}`;
      lines.splice(at < 0 ? 0 : at + 1, 0, `${at < 0 ? '' : '  '}nest: ${value}`);
      return lines.join('\n');
    }
  }
}
