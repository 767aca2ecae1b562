// A problem found in the manifests, pointing at file:line:col and the offending document path.

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
