// A small RFB 3.8 client (RFC 6143) for tests and the bench: security None only (VNC Authentication
// is exercised with Debian's vncsnapshot), KeyEvent/PointerEvent, and FramebufferUpdate parsing
// for the raw, hextile and zlib encodings (zlib bodies are counted, not inflated), counting the
// bytes each update took on the wire.
import { connect, type Socket } from 'node:net';

export interface UpdateStats {
  rects: number;
  /** Pixels the rectangles cover. */
  pixels: number;
  bytes: number;
  ms: number;
}

export class RfbClient {
  width = 0;
  height = 0;
  name = '';
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private closed = false;

  private constructor(private readonly sock: Socket) {
    sock.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    sock.on('close', () => {
      this.closed = true;
      this.wake();
    });
    sock.on('error', () => undefined);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private async take(n: number): Promise<Buffer> {
    while (this.buf.length < n) {
      if (this.closed) throw new Error(`RFB connection closed (wanted ${n} bytes, have ${this.buf.length})`);
      await new Promise<void>((r) => this.waiters.push(r));
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Connects and completes the 3.8 handshake with security type None. */
  static async open(port: number, host = '127.0.0.1'): Promise<RfbClient> {
    const sock = await new Promise<Socket>((resolve, reject) => {
      const s = connect(port, host, () => resolve(s));
      s.once('error', reject);
    });
    sock.setNoDelay(true);
    const c = new RfbClient(sock);
    const version = (await c.take(12)).toString('latin1');
    if (!version.startsWith('RFB 003.')) throw new Error(`not an RFB server: ${JSON.stringify(version)}`);
    sock.write('RFB 003.008\n');
    const count = (await c.take(1))[0]!;
    if (count === 0) throw new Error('server refused the connection');
    const types = [...(await c.take(count))];
    if (!types.includes(1)) throw new Error(`server wants security types ${types.join(',')}, this client only does None`);
    sock.write(Buffer.from([1]));
    const result = (await c.take(4)).readUInt32BE(0);
    if (result !== 0) throw new Error('security handshake failed');
    sock.write(Buffer.from([1])); // ClientInit: shared
    const init = await c.take(24);
    c.width = init.readUInt16BE(0);
    c.height = init.readUInt16BE(2);
    c.name = (await c.take(init.readUInt32BE(20))).toString('utf8');
    return c;
  }

  /** SetEncodings, in order of preference (0 raw, 5 hextile, 6 zlib). */
  setEncodings(encodings: number[]): void {
    const b = Buffer.alloc(4 + 4 * encodings.length);
    b[0] = 2;
    b.writeUInt16BE(encodings.length, 2);
    encodings.forEach((e, i) => b.writeInt32BE(e, 4 + 4 * i));
    this.sock.write(b);
  }

  key(keysym: number, down: boolean): void {
    const b = Buffer.alloc(8);
    b[0] = 4;
    b[1] = down ? 1 : 0;
    b.writeUInt32BE(keysym, 4);
    this.sock.write(b);
  }

  /** Presses and releases each character of `text` (ASCII keysyms; uppercase with Shift). */
  async type(text: string, gapMs = 150): Promise<void> {
    for (const ch of text) {
      const code = ch === '\n' ? 0xff0d : ch.charCodeAt(0);
      const shift = /[A-Z!@#$%^&*()_+{}|:"<>?~]/.test(ch);
      if (shift) this.key(0xffe1, true);
      this.key(code, true);
      this.key(code, false);
      if (shift) this.key(0xffe1, false);
      await new Promise((r) => setTimeout(r, gapMs));
    }
  }

  pointer(x: number, y: number, buttons = 0): void {
    const b = Buffer.alloc(6);
    b[0] = 5;
    b[1] = buttons;
    b.writeUInt16BE(x, 2);
    b.writeUInt16BE(y, 4);
    this.sock.write(b);
  }

  /** Sends raw bytes (garbage tests). */
  raw(bytes: Buffer): void {
    this.sock.write(bytes);
  }

  requestUpdate(incremental: boolean, x = 0, y = 0, w = this.width, h = this.height): void {
    const b = Buffer.alloc(10);
    b[0] = 3;
    b[1] = incremental ? 1 : 0;
    b.writeUInt16BE(x, 2);
    b.writeUInt16BE(y, 4);
    b.writeUInt16BE(w, 6);
    b.writeUInt16BE(h, 8);
    this.sock.write(b);
  }

  /** Reads one FramebufferUpdate (32 bpp default format), skipping other server messages. */
  async readUpdate(): Promise<UpdateStats> {
    const t0 = performance.now();
    let bytes = 0;
    for (;;) {
      const type = (await this.take(1))[0]!;
      bytes += 1;
      if (type === 0) break;
      if (type === 2) continue; // Bell
      if (type === 3) {
        const h = await this.take(7);
        await this.take(h.readUInt32BE(3));
        continue;
      }
      throw new Error(`unexpected server message ${type}`);
    }
    const head = await this.take(3);
    bytes += 3;
    const rects = head.readUInt16BE(1);
    let pixels = 0;
    for (let i = 0; i < rects; i++) {
      const r = await this.take(12);
      bytes += 12;
      const w = r.readUInt16BE(4),
        h = r.readUInt16BE(6),
        enc = r.readInt32BE(8);
      pixels += w * h;
      if (enc === 0) {
        await this.take(w * h * 4);
        bytes += w * h * 4;
      } else if (enc === 5) {
        bytes += await this.skipHextile(w, h);
      } else if (enc === 6) {
        const len = (await this.take(4)).readUInt32BE(0);
        await this.take(len);
        bytes += 4 + len;
      } else throw new Error(`unexpected encoding ${enc}`);
    }
    return { rects, pixels, bytes, ms: performance.now() - t0 };
  }

  private async skipHextile(w: number, h: number): Promise<number> {
    let bytes = 0;
    for (let ty = 0; ty < h; ty += 16)
      for (let tx = 0; tx < w; tx += 16) {
        const tw = Math.min(16, w - tx),
          th = Math.min(16, h - ty);
        const sub = (await this.take(1))[0]!;
        bytes += 1;
        if (sub & 1) {
          await this.take(tw * th * 4);
          bytes += tw * th * 4;
          continue;
        }
        let n = 0;
        if (sub & 2) n += 4;
        if (sub & 4) n += 4;
        if (n) await this.take(n);
        bytes += n;
        if (sub & 8) {
          const count = (await this.take(1))[0]!;
          const each = sub & 16 ? 6 : 2;
          await this.take(count * each);
          bytes += 1 + count * each;
        }
      }
    return bytes;
  }

  close(): void {
    this.sock.destroy();
  }
}
