// Collects diagnostics for resolution and cross-resource rules, locating each at its YAML node.
import type { Diagnostic, Severity } from './diagnostics.js';
import { formatPath } from './diagnostics.js';
import { locate, type SourceDocument } from './parse-yaml.js';

export type DocPath = (string | number)[];

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  errorCount = 0;

  report(severity: Severity, source: SourceDocument, path: DocPath, code: string, message: string, atKey = false): void {
    if (severity === 'error') this.errorCount++;
    const pos = locate(source, path, atKey);
    this.diagnostics.push({ severity, code, file: source.file, line: pos.line, column: pos.column, path: formatPath(path), message });
  }

  error(source: SourceDocument, path: DocPath, code: string, message: string): void {
    this.report('error', source, path, code, message);
  }

  warning(source: SourceDocument, path: DocPath, code: string, message: string): void {
    this.report('warning', source, path, code, message);
  }
}
