// Guest output made safe for a terminal: removes ECMA-48 control functions (ESC sequences, CSI,
// OSC/DCS/SOS/PM/APC strings, C1 controls U+0080-U+009F) and C0 controls other than \n \r \t, so
// a guest cannot set the title, write the clipboard (OSC 52), move the cursor or reset the terminal.
// Streaming: a sequence split across chunks is still recognised; text is decoded as UTF-8.

const ESC = 0x1b,
  BEL = 0x07;
const CSI_C1 = 0x9b,
  ST_C1 = 0x9c;
/** C1 introducers of control strings: DCS, SOS, OSC, PM, APC. */
const STRING_C1 = new Set([0x90, 0x98, 0x9d, 0x9e, 0x9f]);
/** ESC + this letter opens a control string: P (DCS), X (SOS), ] (OSC), ^ (PM), _ (APC). */
const STRING_ESC = new Set(['P', 'X', ']', '^', '_'].map((c) => c.charCodeAt(0)));
/** Longest sequence kept pending; past it the sequence is dropped and text resumes. */
const MAX_SEQUENCE = 4096;

type State = 'ground' | 'esc' | 'escIntermediate' | 'csi' | 'string' | 'stringEsc';

export class TerminalTextFilter {
  private state: State = 'ground';
  private length = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  /** The safe text of the next chunk of output, as UTF-8. */
  push(chunk: Uint8Array): Buffer {
    return this.filter(this.decoder.decode(chunk, { stream: true }));
  }

  /** What is left at the end of the output (an incomplete UTF-8 sequence becomes U+FFFD). */
  end(): Buffer {
    return this.filter(this.decoder.decode());
  }

  private filter(text: string): Buffer {
    let out = '';
    for (const ch of text) {
      const c = ch.codePointAt(0)!;
      if (this.state !== 'ground' && ++this.length > MAX_SEQUENCE) this.state = 'ground';
      switch (this.state) {
        case 'ground':
          if (c === ESC) this.enter('esc');
          else if (c === CSI_C1) this.enter('csi');
          else if (STRING_C1.has(c)) this.enter('string');
          else if (isPrintable(c)) out += ch;
          break;
        case 'esc':
          if (c === 0x5b)
            this.enter('csi'); // ESC [
          else if (STRING_ESC.has(c)) this.enter('string');
          else if (c >= 0x20 && c <= 0x2f) this.state = 'escIntermediate';
          else if (c === ESC) this.enter('esc');
          else this.state = 'ground'; // a final byte (ESC c, ESC 7…) or anything else: dropped
          break;
        case 'escIntermediate':
          if (c >= 0x30 && c <= 0x7e) this.state = 'ground';
          else if (c < 0x20 || c > 0x7e) {
            this.state = 'ground';
            out += this.reprocess(ch);
          }
          break;
        case 'csi':
          if (c >= 0x40 && c <= 0x7e) this.state = 'ground';
          else if (c < 0x20 || c > 0x3f) {
            this.state = 'ground';
            out += this.reprocess(ch);
          }
          break;
        case 'string':
          if (c === BEL || c === ST_C1) this.state = 'ground';
          else if (c === ESC) this.state = 'stringEsc';
          break;
        case 'stringEsc':
          // ESC \ is the string terminator; any other ESC sequence ends the string and starts anew.
          if (c === 0x5c) this.state = 'ground';
          else {
            this.enter('esc');
            out += this.reprocess(ch);
          }
          break;
      }
    }
    return Buffer.from(out, 'utf8');
  }

  private enter(state: State): void {
    this.state = state;
    this.length = 0;
  }

  private reprocess(ch: string): string {
    return this.filter(ch).toString('utf8');
  }
}

function isPrintable(c: number): boolean {
  if (c === 0x0a || c === 0x0d || c === 0x09) return true;
  if (c < 0x20 || c === 0x7f) return false;
  return !(c >= 0x80 && c <= 0x9f);
}

/** The whole of `data` made safe at once (tests, short texts). */
export function neutraliseTerminalText(data: Uint8Array | string): string {
  const f = new TerminalTextFilter();
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.concat([f.push(bytes), f.end()]).toString('utf8');
}
