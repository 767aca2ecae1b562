// Imported manifests as YAML text (yaml package): one multi-document file that starts with the
// yaml-language-server schema line, as the examples do. Strings are quoted wherever a YAML 1.1
// reader (editors, older tools) would take them for something else (`off`, `0:0`).
import { Document } from 'yaml';

export function formatManifests(documents: Record<string, unknown>[], schemaPath = 'schema/tshyve.schema.json', comment?: string): string {
  const header = [`# yaml-language-server: $schema=${schemaPath}`, ...(comment ? comment.split('\n').map((l) => `# ${l}`) : [])].join('\n');
  const body = documents.map((d) => new Document(d, { version: '1.1' }).toString({ lineWidth: 0 })).join('---\n');
  return `${header}\n${body}`;
}
