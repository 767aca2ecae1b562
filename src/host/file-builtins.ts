// The coreutils commands of a volume file step (mkdir -p, rm -f, truncate --size >N, sync, ln -T),
// run in-process with the system calls those tools make (coreutils 9 semantics, LC_ALL=C messages):
// a volume then costs no process starts. Any other argv, or another spelling, runs the real tool.
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, rm, stat, type FileHandle } from 'node:fs/promises';
import type { CommandResult } from './backend.js';

/** glibc's strerror(3) wording for the errors a volume step meets; others keep libuv's words. */
const STRERROR: Record<string, string> = {
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ENOSPC: 'No space left on device',
  EDQUOT: 'Disk quota exceeded',
  EROFS: 'Read-only file system',
  EFBIG: 'File too large',
  EIO: 'Input/output error',
  EMLINK: 'Too many links',
  EXDEV: 'Invalid cross-device link',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
};

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const code = e.code === 'ERR_FS_EISDIR' ? 'EISDIR' : e.code;
  return (code && STRERROR[code]) ?? e.message;
}

type Builtin = () => Promise<void>;

class ToolError extends Error {}

async function withFile<T>(path: string, flags: number, use: (f: FileHandle) => Promise<T>): Promise<T> {
  const f = await open(path, flags, 0o666);
  try {
    return await use(f);
  } finally {
    await f.close();
  }
}

const q = (path: string) => `'${path}'`;

/** mkdir -p names the first component that is not a directory yet: the one it failed to make. */
async function firstMissingDirectory(path: string): Promise<string> {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const prefix = `/${parts.slice(0, i).join('/')}`;
    const isDir = await stat(prefix).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) return prefix;
  }
  return path;
}

/** rm -f: every operand is tried; a missing one is no error. */
async function removeFiles(paths: string[]): Promise<void> {
  const problems: string[] = [];
  for (const path of paths) {
    try {
      await rm(path, { force: true });
    } catch (error) {
      problems.push(`rm: cannot remove ${q(path)}: ${reason(error)}`);
    }
  }
  if (problems.length) throw new ToolError(problems.join('\n'));
}

/** The builtin for exactly the argv shapes linux-commands.ts builds for file volumes, else undefined. */
function builtinFor(argv: string[]): Builtin | undefined {
  const [tool, ...args] = argv;
  const dash = args.indexOf('--');
  if (dash < 0) return undefined;
  const options = args.slice(0, dash).join(' ');
  const paths = args.slice(dash + 1);
  if (paths.length === 0 || !paths.every((p) => p.startsWith('/'))) return undefined;
  if (tool === 'mkdir' && options === '-p' && paths.length === 1)
    return async () => {
      try {
        await mkdir(paths[0]!, { recursive: true });
      } catch (error) {
        throw new ToolError(`mkdir: cannot create directory ${q(await firstMissingDirectory(paths[0]!))}: ${reason(error)}`);
      }
    };
  if (tool === 'rm' && options === '-f') return () => removeFiles(paths);
  const grow = /^--size >([0-9]+)$/.exec(options);
  if (tool === 'truncate' && grow && paths.length === 1) {
    const size = Number(grow[1]);
    if (!Number.isSafeInteger(size)) return undefined;
    // truncate(1): open O_WRONLY|O_CREAT (0666 & ~umask); `>N` extends only, never shrinks.
    return async () => {
      try {
        await withFile(paths[0]!, constants.O_WRONLY | constants.O_CREAT | constants.O_NONBLOCK, async (f) => {
          if ((await f.stat()).size < size) await f.truncate(size);
        });
      } catch (error) {
        throw new ToolError(`truncate: cannot open ${q(paths[0]!)} for writing: ${reason(error)}`);
      }
    };
  }
  if (tool === 'sync' && options === '')
    // sync(1) with operands: fsync(2) each, opened read-only (a directory too).
    return async () => {
      for (const path of paths) {
        let f: FileHandle;
        try {
          f = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
        } catch (error) {
          throw new ToolError(`sync: error opening ${q(path)}: ${reason(error)}`);
        }
        try {
          await f.sync();
        } catch (error) {
          throw new ToolError(`sync: error syncing ${q(path)}: ${reason(error)}`);
        } finally {
          await f.close();
        }
      }
    };
  if (tool === 'ln' && options === '-T' && paths.length === 2)
    // ln -T SOURCE DEST: link(2), refusing an existing DEST.
    return async () => {
      try {
        await lstat(paths[0]!);
      } catch (error) {
        throw new ToolError(`ln: failed to access ${q(paths[0]!)}: ${reason(error)}`);
      }
      try {
        await link(paths[0]!, paths[1]!);
      } catch (error) {
        throw new ToolError(`ln: failed to create hard link ${q(paths[1]!)}: ${reason(error)}`);
      }
    };
  return undefined;
}

/** Runs argv in-process if it is one of the builtins; undefined when the real tool must run. */
export function runFileBuiltin(argv: string[]): Promise<CommandResult> | undefined {
  const builtin = builtinFor(argv);
  if (!builtin) return undefined;
  const started = performance.now();
  return builtin().then(
    () => ({ exitCode: 0, stdout: '', stderr: '', durationMs: performance.now() - started }),
    (error: unknown) => {
      if (!(error instanceof ToolError)) throw error;
      return { exitCode: 1, stdout: '', stderr: error.message, durationMs: performance.now() - started };
    },
  );
}
