// Real VNC tooling for the display tests: Debian's vncsnapshot (a VNC client; its -passwd file is
// the classic obfuscated format, made here with OpenSSL's DES under the fixed vncpasswd key) and
// tesseract reading the captured screen.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const VNCSNAPSHOT = '/usr/bin/vncsnapshot';
export const TESSERACT = '/usr/bin/tesseract';
export const VGA_BIOS = '/usr/share/seabios/vgabios-bochs-display.bin';

export function vncToolsMissing(): string | undefined {
  if (!existsSync(VNCSNAPSHOT)) return 'vncsnapshot missing (apt-get install vncsnapshot)';
  if (!existsSync(TESSERACT)) return 'tesseract missing (apt-get install tesseract-ocr)';
  if (!existsSync(VGA_BIOS)) return `${VGA_BIOS} missing (apt-get install seabios)`;
  return undefined;
}

/** A loopback TCP port free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Captures the screen at 127.0.0.1:port to `jpeg` (`encodings`: vncsnapshot's -encodings list, else
 * its default preference); returns vncsnapshot's exit status and output.
 */
export function snapshot(port: number, jpeg: string, passwdFile?: string, encodings?: string): { ok: boolean; output: string } {
  const args = [
    '-quality',
    '100',
    ...(passwdFile ? ['-passwd', passwdFile] : []),
    ...(encodings ? ['-encodings', encodings] : []),
    `127.0.0.1::${port}`,
    jpeg,
  ];
  const r = spawnSync(VNCSNAPSHOT, args, { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: r.status === 0 && existsSync(jpeg), output: `${r.stdout}${r.stderr}` };
}

export function ocr(jpeg: string): string {
  return execFileSync(TESSERACT, [jpeg, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/** Writes `password` as vncpasswd does: DES-encrypted under the fixed key (bit-reversed bytes 23,82,107,6,35,78,88,7). */
export function writeVncPasswdFile(path: string, password: string): void {
  const block = Buffer.alloc(8);
  block.write(password.slice(0, 8), 'latin1');
  const enc = execFileSync(
    'openssl',
    ['enc', '-des-ecb', '-nopad', '-provider', 'legacy', '-provider', 'default', '-K', 'e84ad660c4721ae0'],
    { input: block },
  );
  writeFileSync(path, enc.subarray(0, 8));
}
