// Reads the event journal (events.jsonl.1 then events.jsonl) and follows it as it grows, like
// `tail -F`: inotify on the state directory (fs.watch), never a polling timer; survives rotation.
import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { ensureStateDir } from '../state/atomic-write.js';
import { EVENTS_FILE, EVENTS_ROTATED_FILE, eventsPath, parseEventLine, rotatedEventsPath, type TshyveEvent } from './events.js';

export interface FollowOptions {
  /** Only events at or after this time. */
  since?: Date;
  /** Stop after the events already written (no watching). */
  follow?: boolean;
  onEvent: (event: TshyveEvent) => void;
  /** A read or watch failure while following; following goes on where it can. */
  onError?: (error: Error) => void;
}

export interface EventFollower {
  close(): Promise<void>;
}

interface Source {
  handle: FileHandle;
  ino: number;
  offset: number;
  tail: string;
}

async function openSource(path: string): Promise<Source | undefined> {
  try {
    const handle = await open(path, 'r');
    return { handle, ino: (await handle.stat()).ino, offset: 0, tail: '' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

// Reads a source from where it stopped to its end; whole lines only (a torn last line waits).
async function drainSource(src: Source, emit: (line: string) => void): Promise<void> {
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    const { bytesRead } = await src.handle.read(buf, 0, buf.length, src.offset);
    if (bytesRead === 0) return;
    src.offset += bytesRead;
    const lines = (src.tail + buf.toString('utf8', 0, bytesRead)).split('\n');
    src.tail = lines.pop()!;
    for (const line of lines) if (line) emit(line);
  }
}

/**
 * Delivers every event already in the journal (filtered by `since`), then, unless `follow` is false,
 * each new one as it is appended, until close(). Creates the state directory if it is missing.
 */
export async function followEvents(stateDir: string, options: FollowOptions): Promise<EventFollower> {
  const since = options.since?.getTime();
  const emit = (line: string) => {
    const event = parseEventLine(line);
    if (event && (since === undefined || Date.parse(event.at) >= since)) options.onEvent(event);
  };
  const path = eventsPath(stateDir);
  let watcher: FSWatcher | undefined;
  let closed = false;
  let prev: Source | undefined; // the rotated file we were reading (a late writer may still append to it)
  let cur: Source | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const step = async () => {
    if (prev) await drainSource(prev, emit);
    if (cur) await drainSource(cur, emit);
    const st = await stat(path).catch(() => undefined);
    if (closed || !st || st.ino === cur?.ino) return;
    // Rotated (or created): the file we read is now events.jsonl.1, unless it was rotated twice
    // since we looked; then events.jsonl.1 is a file we never saw, read it first.
    await prev?.handle.close();
    prev = cur;
    const rotated = cur ? await openSource(rotatedEventsPath(stateDir)) : undefined;
    if (rotated && rotated.ino !== prev?.ino && rotated.ino !== st.ino) {
      await drainSource(rotated, emit);
      await prev?.handle.close();
      prev = rotated;
    } else {
      await rotated?.handle.close();
    }
    cur = await openSource(path);
    if (cur) await drainSource(cur, emit);
  };
  const schedule = () => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await step();
        } catch (error) {
          options.onError?.(error as Error);
        }
      } while (again && !closed);
      running = undefined;
    })();
  };

  if (options.follow !== false) {
    await ensureStateDir(stateDir);
    watcher = watch(stateDir, { persistent: true }, (_type, name) => {
      if (name === EVENTS_FILE || name === EVENTS_ROTATED_FILE) schedule();
    });
    watcher.on('error', (error) => options.onError?.(error));
  }
  // The current file first: if it is rotated before the older one is opened, both name one file.
  cur = await openSource(path);
  prev = await openSource(rotatedEventsPath(stateDir));
  if (prev && prev.ino === cur?.ino) {
    await prev.handle.close();
    prev = undefined;
  }
  if (prev) await drainSource(prev, emit);
  schedule();
  await running;

  const close = async () => {
    if (closed) return;
    closed = true;
    watcher?.close();
    await running;
    await prev?.handle.close();
    await cur?.handle.close();
  };
  if (options.follow === false) await close();
  return { close };
}
