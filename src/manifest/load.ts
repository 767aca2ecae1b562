// Loads a manifest file or directory into the resolved desired state: discover, parse, schema
// check, resolve, cross-resource rules. Every problem comes back as a diagnostic; nothing throws
// for bad input except an unreadable path.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { DesiredState, ResolvedFirmware, ResolvedTap, ResolvedVm } from '../model/resolved.js';
import { readCloudInitFiles } from './cloud-init-files.js';
import { compareDiagnostics, hasErrors, type Diagnostic } from './diagnostics.js';
import { discoverManifests } from './discover.js';
import { indexDocuments } from './documents.js';
import { parseManifestText, type ParseResult, type SourceDocument } from './parse-yaml.js';
import { Reporter } from './reporter.js';
import { resolveBridges, resolveFirmware, resolveTaps, resolveVolumes } from './resolve-host-resources.js';
import { resolveVolumeClones, resolveVolumeSnapshots } from './resolve-volume-snapshots.js';
import { machineHash, resolveVm, type UnhashedVm } from './resolve-vm.js';
import { uniquifyDerivedMacs } from './mac-address.js';
import { resolveNetworks } from './resolve-network.js';
import { validateCrossResource } from './validate-cross.js';
import { validatePathConfinement } from './validate-paths.js';
import { validateDocumentSchema } from './validate-schema.js';

export interface LoadOptions {
  /** Host memory in bytes; when given, a VM asking for more is an error. */
  hostMemoryBytes?: number;
  /** Base for the file names in diagnostics (default: the current directory). */
  displayBase?: string;
  /** Keep file names in diagnostics absolute (the watch loop maps them back to files). */
  absolutePaths?: boolean;
  /** The state directory: no path of a manifest may point at its records. */
  stateDir?: string;
  /** Parse and schema results of earlier loads, reused for a file whose text is unchanged (watch). */
  parseCache?: ParseCache;
}

/**
 * Per file (display name): its text, parsed documents and each document's schema diagnostics. Both
 * depend on the text alone, and nothing downstream changes a parsed document.
 */
export type ParseCache = Map<string, { text: string; parsed: ParseResult; schema: Diagnostic[][] }>;

function parseAndCheck(name: string, text: string, cache: ParseCache | undefined) {
  const hit = cache?.get(name);
  if (hit && hit.text === text) return hit;
  const parsed = parseManifestText(name, text);
  const entry = { text, parsed, schema: parsed.documents.map((source) => validateDocumentSchema(source)) };
  cache?.set(name, entry);
  return entry;
}

export interface LoadResult {
  state: DesiredState;
  diagnostics: Diagnostic[];
  files: string[];
  /** Number of documents read (0 means "no manifests": reconcilers must not prune). */
  documentCount: number;
  ok: boolean;
  /** Paths of the manifests that are symlinks, with their targets (`plan` shows them). */
  symlinks: string[];
}

export async function loadSpecs(path: string, options: LoadOptions = {}): Promise<LoadResult> {
  const files = await discoverManifests(path);
  // One synchronous read per file: fs/promises' readFile costs four thread-pool round trips per file.
  const texts = files.map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));
  return { ...loadSpecTexts(texts, options), files };
}

/** The same pipeline on texts in memory (used by watch for last-good state, and by tests). */
export function loadSpecTexts(texts: { file: string; text: string }[], options: LoadOptions = {}): LoadResult {
  const files = texts.map((t) => t.file);
  const base = options.displayBase ?? process.cwd();
  const display = (f: string) => {
    if (!f.startsWith('/') || options.absolutePaths) return f;
    const rel = relative(base, f);
    return rel && !rel.startsWith('..') ? rel : f;
  };
  const diagnostics: Diagnostic[] = [];
  const valid: SourceDocument[] = [];
  let documentCount = 0;
  for (const { file, text } of texts) {
    const { parsed, schema } = parseAndCheck(display(file), text, options.parseCache);
    diagnostics.push(...parsed.diagnostics);
    parsed.documents.forEach((source, i) => {
      documentCount++;
      const problems = schema[i]!;
      diagnostics.push(...problems);
      if (problems.length === 0) valid.push(source);
    });
  }
  const reporter = new Reporter();
  const index = indexDocuments(valid, reporter);
  const bridges = resolveBridges(index);
  const taps = resolveTaps(index, bridges, reporter);
  const volumes = resolveVolumes(index, reporter);
  const snapshots = resolveVolumeSnapshots(index, volumes, reporter);
  resolveVolumeClones(index, volumes, snapshots, reporter);
  const firmware = resolveFirmware(index, reporter);
  const ctx = {
    reporter,
    // Every Firmware name counts for references, even one whose body was invalid (reported already).
    firmware: new Map<string, ResolvedFirmware | undefined>([...index.Firmware.keys()].map((n) => [n, undefined])),
    volumes: new Map(volumes.map((v) => [v.meta.name, v])),
    taps: new Map(taps.map((t) => [t.meta.name, t])),
    bridges: new Map(bridges.map((b) => [b.meta.name, { ifname: b.ifname, mtu: b.mtu }])),
    vmNames: new Set(index.VirtualMachine.keys()),
    ...(options.hostMemoryBytes !== undefined ? { hostMemoryBytes: options.hostMemoryBytes } : {}),
  };
  for (const f of firmware) ctx.firmware.set(f.meta.name, f);
  const machines: UnhashedVm[] = [];
  const generatedTaps: ResolvedTap[] = [];
  for (const entry of index.VirtualMachine.values()) {
    const result = resolveVm(entry, ctx);
    generatedTaps.push(...result.generatedTaps);
    if (result.vm) machines.push(result.vm);
  }
  uniquifyDerivedMacs(machines);
  readCloudInitFiles(machines, index, reporter, options.stateDir);
  const vms: ResolvedVm[] = machines.map((m) => ({ ...m, specHash: machineHash(m) }));
  const state: DesiredState = { vms, bridges, taps: [...taps, ...generatedTaps], volumes, snapshots, firmware };
  resolveNetworks(state, index, reporter);
  validateCrossResource(state, index, reporter);
  const symlinks = validatePathConfinement(state, index, reporter, options.stateDir);
  diagnostics.push(...reporter.diagnostics);
  diagnostics.sort(compareDiagnostics);
  return { state, diagnostics, files, documentCount, ok: !hasErrors(diagnostics), symlinks };
}
