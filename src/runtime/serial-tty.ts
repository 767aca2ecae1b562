// A COM port in `tty` mode (bhyve `-l comN,/dev/nmdm0A`): guest output goes to a host tty and what
// arrives on it goes to the guest, alongside the console socket.
import { createReadStream, createWriteStream, type ReadStream, type WriteStream } from 'node:fs';

export interface TtyRelay {
  write(data: Buffer): void;
  close(): void;
}

export function openTtyRelay(path: string, onInput: (data: Buffer) => void, log: (line: string) => void): TtyRelay {
  let out: WriteStream | undefined = createWriteStream(path, { flags: 'r+' });
  let input: ReadStream | undefined = createReadStream(path, { flags: 'r+' });
  out.on('error', (e) => {
    log(`serial tty ${path}: ${e.message}`);
    out = undefined;
  });
  input.on('error', (e) => {
    log(`serial tty ${path}: ${e.message}`);
    input = undefined;
  });
  input.on('data', (d) => onInput(d as Buffer));
  return {
    write: (data) => void out?.write(data),
    close: () => {
      input?.destroy();
      out?.destroy();
    },
  };
}
