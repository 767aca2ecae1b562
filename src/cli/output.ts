// Where CLI verbs print: stdout for results, stderr for diagnostics and progress. Injected so
// verbs can be run and checked in-process.
import { formatDiagnostic, type Diagnostic } from '../manifest/diagnostics.js';

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const consoleOutput: Output = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

export function printDiagnostics(output: Output, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) output.err(formatDiagnostic(d));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length > 0) output.err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
}

export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value, null, 2));
}
