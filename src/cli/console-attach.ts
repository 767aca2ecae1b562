// `tshyve console NAME`: attaches the terminal to a VM's com1 socket; Ctrl-] detaches and the VM
// keeps running. Raw mode on a TTY so keys reach the guest as typed.
import { connect } from 'node:net';
import { TshyveError } from '../errors.js';
import { DETACH_KEY } from '../runtime/console-relay.js';

export async function attachConsole(
  socketPath: string,
  name: string,
  write: (data: Buffer) => void = (d) => process.stdout.write(d),
): Promise<void> {
  const socket = connect(socketPath);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', (error) =>
      reject(
        new TshyveError(
          'TSHYVE_NOT_FOUND',
          `cannot attach to ${name}'s console (${socketPath}): ${(error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'the VM is not running' : (error as Error).message}`,
          { cause: error },
        ),
      ),
    );
  });
  const stdin = process.stdin;
  const raw = stdin.isTTY === true;
  if (raw) stdin.setRawMode(true);
  process.stderr.write(`[attached to ${name}; Ctrl-] detaches]\r\n`);
  await new Promise<void>((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      stdin.off('data', onKey);
      if (raw) stdin.setRawMode(false);
      stdin.pause();
      stdin.unref?.(); // a piped stdin would otherwise keep the process alive after detaching
      socket.destroy();
      resolve();
    };
    const onKey = (data: Buffer) => {
      const at = data.indexOf(DETACH_KEY);
      if (at >= 0) {
        if (at > 0) socket.write(data.subarray(0, at));
        process.stderr.write(`\r\n[detached from ${name}]\r\n`);
        finish();
        return;
      }
      socket.write(data);
    };
    stdin.on('data', onKey);
    stdin.on('end', finish);
    stdin.resume();
    socket.on('data', write);
    socket.on('close', () => {
      if (!finished) process.stderr.write(`\r\n[${name}: console closed]\r\n`);
      finish();
    });
  });
}
