// Collects diagnostics for resolution and cross-resource rules, locating each at its YAML node.
import type { Diagnostic, Severity } from './diagnostics.js';
import { formatPath } from './diagnostics.js';
import { locate, type SourceDocument } from './parse-yaml.js';

export type DocPath = (string | number)[];

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  errorCount = 0;

  report(
    severity: Severity,
    source: SourceDocument,
    path: DocPath,
    code: string,
    message: string,
    atKey = false,
    hostFact?: Diagnostic['hostFact'],
  ): void {
    if (severity === 'error') this.errorCount++;
    const pos = locate(source, path, atKey);
    this.diagnostics.push({
      severity,
      code,
      file: source.file,
      line: pos.line,
      column: pos.column,
      path: formatPath(path),
      message,
      ...(hostFact ? { hostFact } : {}),
    });
  }

  /** A fact of this host (see Diagnostic.hostFact): reported as a warning, enforced by the caller. */
  hostFact(source: SourceDocument, path: DocPath, code: string, message: string): void {
    const v = source.value as { kind?: unknown; metadata?: { name?: unknown } } | undefined;
    this.report('warning', source, path, code, message, false, { kind: String(v?.kind ?? ''), name: String(v?.metadata?.name ?? '') });
  }

  error(source: SourceDocument, path: DocPath, code: string, message: string): void {
    this.report('error', source, path, code, message);
  }

  warning(source: SourceDocument, path: DocPath, code: string, message: string): void {
    this.report('warning', source, path, code, message);
  }
}
