// The watch loop's memory of the last good text of every manifest file: a file that now fails to
// parse or validate is replaced by its last good version, so a half-written edit or a broken
// commit never stops or deletes what that file describes. Files that are gone are really gone.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../state/atomic-write.js';
import { discoverManifests } from '../spec/discover.js';
import { loadSpecTexts, type LoadOptions, type LoadResult } from '../spec/load.js';
import type { Diagnostic } from '../spec/diagnostics.js';

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

export class LastGoodManifests {
  private good = new Map<string, string>();
  private restored = false;

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
    const files = await discoverManifests(dir);
    const texts = await Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8').catch(() => '') })));
    await this.restore();
    const before = JSON.stringify([...this.good]);
    const result = this.loadTexts(texts, options);
    if (JSON.stringify([...this.good]) !== before) await this.persist();
    return result;
  }

  loadTexts(texts: { file: string; text: string }[], options: LoadOptions = {}): GuardedLoad {
    const fresh = loadSpecTexts(texts, { ...options, absolutePaths: true });
    const broken = new Set(fresh.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
    if (broken.size === 0) {
      this.good.clear();
      for (const t of texts) this.good.set(t.file, t.text);
      return { result: fresh, diagnostics: fresh.diagnostics, heldBack: [], unknownContent: [] };
    }
    const heldBack: string[] = [];
    const unknownContent: string[] = [];
    const guarded = texts.flatMap((t) => {
      if (!broken.has(t.file)) return [t];
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
      result = loadSpecTexts([...this.good].map(([file, text]) => ({ file, text })), { ...options, absolutePaths: true });
      return { result, diagnostics: fresh.diagnostics, heldBack: texts.map((t) => t.file), unknownContent };
    }
    return { result, diagnostics: fresh.diagnostics, heldBack, unknownContent };
  }
}
