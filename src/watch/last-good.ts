// The watch loop's memory of the last good text of every manifest file: a file that now fails to
// parse or validate is replaced by its last good version, so a half-written edit or a broken
// commit never stops or deletes what that file describes. Files that are gone are really gone.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../state/atomic-write.js';
import { discoverManifests } from '../manifest/discover.js';
import { loadSpecTexts, type LoadOptions, type LoadResult, type ParseCache } from '../manifest/load.js';
import type { Diagnostic } from '../manifest/diagnostics.js';

export interface GuardedLoad {
  /** The state in force: new files where they are valid, last good versions where not. */
  result: LoadResult;
  /** Problems of the files as they are on disk now (what the user must fix). */
  diagnostics: Diagnostic[];
  /** Files held at their last good version. */
  heldBack: string[];
  /** Invalid files never seen valid: what they describe is unknown, so nothing may be deleted. */
  unknownContent: string[];
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export class LastGoodManifests {
  private good = new Map<string, string>();
  private restored = false;
  /** Parsed files of earlier passes: a steady pass parses and schema-checks only what changed. */
  private readonly parsed: ParseCache = new Map();

  /** With `persistPath`, the last good set survives agent restarts (a JSON file, 0600). */
  constructor(private readonly persistPath?: string) {}

  private async restore(): Promise<void> {
    if (this.restored || !this.persistPath) return;
    this.restored = true;
    try {
      const saved = JSON.parse(await readFile(this.persistPath, 'utf8')) as Record<string, string>;
      this.good = new Map(Object.entries(saved).filter(([, v]) => typeof v === 'string'));
    } catch {
      /* nothing saved yet, or unreadable: start empty */
    }
  }

  private async persist(): Promise<void> {
    if (this.persistPath) await writeFileAtomic(this.persistPath, JSON.stringify(Object.fromEntries(this.good)) + '\n');
  }

  async load(dir: string, options: LoadOptions = {}): Promise<GuardedLoad> {
    return this.loadFiles(await discoverManifests(dir), options);
  }

  /** Loads these manifest files (as discovered by the caller), persisting the good set when it changes. */
  async loadFiles(files: string[], options: LoadOptions = {}): Promise<GuardedLoad> {
    // One synchronous read per file (as loadSpecs): fs/promises' readFile costs four thread-pool round trips per file.
    const texts = files.map((file) => ({ file, text: readOrUndefined(file) }));
    await this.restore();
    const changed = this.loadTexts(texts, options);
    if (changed.goodChanged) await this.persist();
    return changed;
  }

  /** `text: undefined` is a file that could not be read: held back like an invalid one, never a deletion. */
  loadTexts(texts: { file: string; text: string | undefined }[], loadOptions: LoadOptions = {}): GuardedLoad & { goodChanged: boolean } {
    const present = new Set(texts.map((t) => t.file));
    for (const file of this.parsed.keys()) if (!present.has(file)) this.parsed.delete(file);
    const options: LoadOptions = { ...loadOptions, parseCache: this.parsed };
    const readable = texts.filter((t): t is { file: string; text: string } => t.text !== undefined);
    const fresh = loadSpecTexts(readable, { ...options, absolutePaths: true });
    const broken = new Set(fresh.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
    for (const t of texts) if (t.text === undefined) broken.add(t.file);
    if (broken.size === 0) {
      const goodChanged = readable.length !== this.good.size || readable.some((t) => this.good.get(t.file) !== t.text);
      if (goodChanged) this.good = new Map(readable.map((t) => [t.file, t.text]));
      return { result: fresh, diagnostics: fresh.diagnostics, heldBack: [], unknownContent: [], goodChanged };
    }
    const heldBack: string[] = [];
    const unknownContent: string[] = [];
    const guarded = texts.flatMap((t): { file: string; text: string }[] => {
      if (!broken.has(t.file) && t.text !== undefined) return [{ file: t.file, text: t.text }];
      const last = this.good.get(t.file);
      if (last === undefined) {
        unknownContent.push(t.file);
        return [];
      }
      heldBack.push(t.file);
      return [{ file: t.file, text: last }];
    });
    let result = loadSpecTexts(guarded, { ...options, absolutePaths: true });
    if (!result.ok && this.good.size > 0) {
      // A cross-file error remains (a good file refers to one held back): keep the whole last good set.
      result = loadSpecTexts(
        [...this.good].map(([file, text]) => ({ file, text })),
        { ...options, absolutePaths: true },
      );
      return { result, diagnostics: fresh.diagnostics, heldBack: texts.map((t) => t.file), unknownContent, goodChanged: false };
    }
    return { result, diagnostics: fresh.diagnostics, heldBack, unknownContent, goodChanged: false };
  }
}
