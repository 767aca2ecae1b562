// A private unix socket server (0600) for a VM process: removes only an existing *socket* at the
// path (never a regular file or anything else a path may name), binds under a tight umask.
import { chmod, lstat, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { TshyveError } from '../errors.js';

export async function removeStaleSocket(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = (await lstat(path)).isSocket();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!isSocket) throw new TshyveError('TSHYVE_CONFLICT', `${path} exists and is not a socket; tshyve will not replace it`);
  await rm(path, { force: true });
}

export async function listenUnixSocket(path: string, onConnection: (socket: Socket) => void): Promise<Server> {
  await removeStaleSocket(path);
  const server = createServer(onConnection);
  const oldMask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
  } finally {
    process.umask(oldMask);
  }
  await chmod(path, 0o600);
  return server;
}

export async function closeUnixSocket(server: Server | undefined, path: string): Promise<void> {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await removeStaleSocket(path).catch(() => {});
}
