// The validator module is ajv's standalone code for the schema; this fails when the committed file
// is not what scripts/generate-validators.js makes from the schema now (rebuild = same bytes).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS build script without types
import { generateValidators } from '../../scripts/generate-validators.js';
import { loadSchema, schemaKinds } from '../../src/manifest/schema.js';

describe('precompiled schema validator', () => {
  it('is byte for byte what the generator makes from the schema', async () => {
    const current = readFileSync(new URL('../../src/manifest/schema-validator.generated.ts', import.meta.url), 'utf8');
    expect(await generateValidators()).toBe(current);
  });

  it('knows the document kinds and reports errors with their schema node and data (verbose)', () => {
    expect(schemaKinds()).toEqual(['VirtualMachine', 'Bridge', 'Tap', 'Volume', 'VolumeSnapshot', 'Firmware']);
    const { validate } = loadSchema();
    expect(validate({ apiVersion: 'tshyve.dev/v1alpha1', kind: 'Bridge', metadata: { name: 'a' }, spec: { mtu: 'x' } })).toBe(false);
    const mtu = validate.errors?.find((e) => e.instancePath === '/spec/mtu');
    expect(mtu?.data).toBe('x');
    expect(mtu?.parentSchema).toBeTypeOf('object');
  });
});
