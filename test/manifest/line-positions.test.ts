// Diagnostics keep their file:line:col after malformed YAML earlier in the file: the line index comes
// from the text, not from yaml's lexer (which loses a line break after a top-level `*a,`).
import { describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';

const bridgeWithBadMtu = [
  'apiVersion: tshyve.dev/v1alpha1',
  'kind: Bridge',
  'metadata:',
  '  name: br',
  'spec:',
  '  name: tshbr0',
  '  mtu: lots',
];

describe('diagnostic positions after broken documents', () => {
  for (const broken of ['*a,\nb', '*,\ne', 'a: *x,\nb: 1']) {
    it(`point at the right line after ${JSON.stringify(broken)}`, () => {
      const text = [broken, '---', ...bridgeWithBadMtu, ''].join('\n');
      const mtuLine = text.split('\n').indexOf('  mtu: lots') + 1;
      const result = loadSpecTexts([{ file: 'x.yaml', text }]);
      const mtu = result.diagnostics.find((d) => d.path.endsWith('spec.mtu'));
      expect(mtu).toMatchObject({ code: 'schema.type', line: mtuLine, column: 8 });
    });
  }
});
