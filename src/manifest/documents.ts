// The schema-valid documents of a load, indexed by kind and name, with duplicates reported.
import type {
  BridgeDocument,
  FirmwareDocument,
  TapDocument,
  TshyveDocument,
  VirtualMachineDocument,
  VolumeDocument,
  VolumeSnapshotDocument,
} from '../model/spec-types.generated.js';
import type { SourceDocument } from './parse-yaml.js';
import type { Reporter } from './reporter.js';

export interface Entry<D> {
  doc: D;
  source: SourceDocument;
}

export interface DocumentIndex {
  VirtualMachine: Map<string, Entry<VirtualMachineDocument>>;
  Bridge: Map<string, Entry<BridgeDocument>>;
  Tap: Map<string, Entry<TapDocument>>;
  Volume: Map<string, Entry<VolumeDocument>>;
  VolumeSnapshot: Map<string, Entry<VolumeSnapshotDocument>>;
  Firmware: Map<string, Entry<FirmwareDocument>>;
}

export function indexDocuments(sources: SourceDocument[], reporter: Reporter): DocumentIndex {
  const index: DocumentIndex = {
    VirtualMachine: new Map(),
    Bridge: new Map(),
    Tap: new Map(),
    Volume: new Map(),
    VolumeSnapshot: new Map(),
    Firmware: new Map(),
  };
  for (const source of sources) {
    const doc = source.value as TshyveDocument;
    const byName = index[doc.kind] as Map<string, Entry<TshyveDocument>>;
    const previous = byName.get(doc.metadata.name);
    if (previous) {
      const at = `${previous.source.file}`;
      reporter.error(source, ['metadata', 'name'], 'name.duplicate', `${doc.kind} \`${doc.metadata.name}\` is already defined in ${at}`);
      continue;
    }
    byName.set(doc.metadata.name, { doc, source });
  }
  return index;
}
