// The manifests as written, indexed by kind and name: the bhyve target keeps the user's notation
// for sizes (`-m 1024M`) and PCI slots (`-s 2` vs `-s 2:0`), which resolution normalises away.
import { parseAllDocuments } from 'yaml';
import type { VirtualMachineDocument, VolumeDocument } from '../../model/spec-types.generated.js';
import type { RawDocuments } from './types.js';

export function indexRawDocuments(texts: { file: string; text: string }[]): RawDocuments {
  const raw: RawDocuments = { vms: new Map(), volumes: new Map() };
  for (const { text } of texts) {
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) continue;
      const value = doc.toJS() as { kind?: string; metadata?: { name?: string } } | null;
      const name = value?.metadata?.name;
      if (!value || typeof name !== 'string') continue;
      if (value.kind === 'VirtualMachine') raw.vms.set(name, value as VirtualMachineDocument);
      if (value.kind === 'Volume') raw.volumes.set(name, value as VolumeDocument);
    }
  }
  return raw;
}
