// A problem found in the manifests, pointing at file:line:col and the offending document path;
// host-dependent ones are warnings until enforced on the host that would run the resource.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Stable rule identifier, e.g. `schema.unknown-key`, `ref.unresolved`, `pci.slot-collision`. */
  code: string;
  file: string;
  line: number;
  column: number;
  /** Dotted path inside the document, e.g. `VirtualMachine/web spec.disks[0].volume`. */
  path: string;
  message: string;
  /**
   * Set on a fact of the host that ran the check (memory it has, files it holds): a warning where
   * the spec is only checked (`validate`, CI), an error where the resource would run (`plan`, `apply`, `run`).
   */
  hostFact?: { kind: string; name: string };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.column}`;
  const path = d.path ? `  ${d.path}` : '';
  return `${where}${path}  ${d.severity}: ${d.message}`;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || a.message.localeCompare(b.message);
}

/** Formats a path array as `spec.disks[0].volume`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${s}` : s;
  }
  return out;
}

/** Host facts of the resources `runsHere` accepts become errors; every other diagnostic is kept as is. */
export function enforceHostFacts(diagnostics: readonly Diagnostic[], runsHere: (kind: string, name: string) => boolean): Diagnostic[] {
  return diagnostics.map((d) =>
    d.hostFact && d.severity === 'warning' && runsHere(d.hostFact.kind, d.hostFact.name) ? { ...d, severity: 'error' as const } : d,
  );
}
