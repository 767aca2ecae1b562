// The agent's event journal: one JSON object per line in <stateDir>/events.jsonl (0600), rotated to
// events.jsonl.1 past a size cap, as `limactl watch --json` streams them; plus the one-line text form.
import { open, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureStateDir } from '../state/atomic-write.js';

interface At {
  /** ISO 8601 time (UTC) the event happened. */
  at: string;
}
export type VmStartedEvent = At & { type: 'vm-started'; vm: string; pid: number };
/** `status` is the bhyve exit status (0 reboot, 1 poweroff, 2 halt, 3 triple fault, 4 error); `reason` says it in words. */
export type VmExitedEvent = At & { type: 'vm-exited'; vm: string; status: number; reason: string };
export type RestartScheduledEvent = At & { type: 'restart-scheduled'; vm: string; delayMs: number; reason: string };
/** `resource` as the plan names it (`tap tap0`, `bridge br0`, `vm hello`). */
export type DriftRepairedEvent = At & { type: 'drift-repaired'; resource: string; detail: string };
export type FileHeldBackEvent = At & { type: 'file-held-back'; file: string };
export type RevisionAppliedEvent = At & { type: 'revision-applied'; revision: string; subject: string };
/** One reconcile pass; `trigger` is what started it (`file change`, `resync`, `git`, `startup`, …). */
export type PassEvent = At & { type: 'pass'; trigger: string; changes: number; ok: boolean; durationMs: number };

export type TshyveEvent =
  VmStartedEvent | VmExitedEvent | RestartScheduledEvent | DriftRepairedEvent | FileHeldBackEvent | RevisionAppliedEvent | PassEvent;
export type TshyveEventType = TshyveEvent['type'];

type WithoutAt<E> = E extends TshyveEvent ? Omit<E, 'at'> & { at?: string } : never;
/** An event to append: `at` defaults to now. */
export type NewEvent = WithoutAt<TshyveEvent>;

export const EVENTS_FILE = 'events.jsonl';
export const EVENTS_ROTATED_FILE = 'events.jsonl.1';
/** Past this size the journal is renamed to events.jsonl.1 (replacing the older one) before the next append. */
export const EVENTS_MAX_BYTES = 1 << 20;

export function eventsPath(stateDir: string): string {
  return join(stateDir, EVENTS_FILE);
}
export function rotatedEventsPath(stateDir: string): string {
  return join(stateDir, EVENTS_ROTATED_FILE);
}

// The fields each type must carry, with their JSON types (checked when reading a journal line).
const FIELDS: Record<TshyveEventType, Record<string, 'string' | 'number' | 'boolean'>> = {
  'vm-started': { vm: 'string', pid: 'number' },
  'vm-exited': { vm: 'string', status: 'number', reason: 'string' },
  'restart-scheduled': { vm: 'string', delayMs: 'number', reason: 'string' },
  'drift-repaired': { resource: 'string', detail: 'string' },
  'file-held-back': { file: 'string' },
  'revision-applied': { revision: 'string', subject: 'string' },
  pass: { trigger: 'string', changes: 'number', ok: 'boolean', durationMs: 'number' },
};

/** One journal line back into an event; undefined for a torn, foreign or malformed line. */
export function parseEventLine(line: string): TshyveEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const fields = typeof o.type === 'string' ? FIELDS[o.type as TshyveEventType] : undefined;
  if (!fields || typeof o.at !== 'string' || Number.isNaN(Date.parse(o.at))) return undefined;
  for (const [k, t] of Object.entries(fields)) if (typeof o[k] !== t) return undefined;
  return o as unknown as TshyveEvent;
}

/**
 * Appends one event as one write(2) on an O_APPEND descriptor, so lines from several processes never
 * interleave. Rotates first when the journal is past `maxBytes`. Returns the event as written.
 */
export async function appendEvent(stateDir: string, event: NewEvent, options: { maxBytes?: number } = {}): Promise<TshyveEvent> {
  const { type, at, ...fields } = event;
  const full = { type, at: at ?? new Date().toISOString(), ...fields } as TshyveEvent;
  const line = JSON.stringify(full) + '\n';
  const path = eventsPath(stateDir);
  await ensureStateDir(stateDir);
  let handle = await open(path, 'a', 0o600);
  try {
    const st = await handle.stat();
    if (st.size > 0 && st.size + Buffer.byteLength(line) > (options.maxBytes ?? EVENTS_MAX_BYTES)) {
      // Rotate only the file we opened: another writer may have rotated it meanwhile.
      const now = await stat(path).catch(() => undefined);
      if (now?.ino === st.ino) await rename(path, rotatedEventsPath(stateDir));
      await handle.close();
      handle = await open(path, 'a', 0o600);
    }
    await handle.write(line);
  } finally {
    await handle.close();
  }
  return full;
}

// Control characters (from file names, commit subjects…) shown escaped, never sent to a terminal.
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function describe(e: TshyveEvent): string {
  switch (e.type) {
    case 'vm-started':
      return `${e.vm}: started (pid ${e.pid})`;
    case 'vm-exited':
      return `${e.vm}: exited with status ${e.status} (${e.reason})`;
    case 'restart-scheduled':
      return `${e.vm}: restart in ${e.delayMs} ms (${e.reason})`;
    case 'drift-repaired':
      return `${e.resource}: drift repaired (${e.detail})`;
    case 'file-held-back':
      return `${e.file}: held back at its last good version`;
    case 'revision-applied':
      return `revision ${e.revision} applied: ${e.subject}`;
    case 'pass':
      return `pass (${e.trigger}): ${e.ok ? 'ok' : 'failed'}, ${e.changes} change${e.changes === 1 ? '' : 's'}, ${e.durationMs} ms`;
  }
}

/** `2026-12-01T10:02:03.000Z hello: exited with status 1 (poweroff)`: the line the agent logs. */
export function formatEvent(event: TshyveEvent): string {
  return clean(`${event.at} ${describe(event)}`);
}
