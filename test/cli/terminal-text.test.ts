// Hostile guest output through the terminal-text filter of `tshyve logs`: OSC 52 clipboard writes,
// title sets, cursor movement, C0/C1 controls, sequences split across chunks. Plain text survives.
import { describe, expect, it } from 'vitest';
import { neutraliseTerminalText, TerminalTextFilter } from '../../src/cli/terminal-text.js';

const E = '\x1b';

describe('neutraliseTerminalText', () => {
  it('keeps text, UTF-8, newlines, carriage returns and tabs', () => {
    expect(neutraliseTerminalText('Hello, wörld ✓\r\n\tGRUB 2.06\n')).toBe('Hello, wörld ✓\r\n\tGRUB 2.06\n');
  });

  it('removes an OSC 52 clipboard write (BEL and ST terminated)', () => {
    expect(neutraliseTerminalText(`a${E}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07b`)).toBe('ab');
    expect(neutraliseTerminalText(`a${E}]52;c;cm0gLXJmIH4=${E}\\b`)).toBe('ab');
  });

  it('removes title sets (OSC 0/2) and hyperlinks (OSC 8)', () => {
    expect(neutraliseTerminalText(`${E}]0;pwned${E}\\${E}]2;title\x07ok`)).toBe('ok');
    expect(neutraliseTerminalText(`${E}]8;;http://evil/${E}\\click${E}]8;;${E}\\`)).toBe('click');
  });

  it('removes cursor movement, erase, colours and private modes', () => {
    expect(neutraliseTerminalText(`x${E}[2J${E}[H${E}[10;20H${E}[1A${E}[31;1mred${E}[0m${E}[?1049h${E}[?25l y`)).toBe('xred y');
  });

  it('removes other ESC sequences: reset, save/restore, charset designation, DCS, APC', () => {
    expect(neutraliseTerminalText(`1${E}c2${E}73${E}84${E}(B5${E}P+q544e${E}\\6${E}_apc${E}\\7`)).toBe('1234567');
  });

  it('removes C0 controls except \\n \\r \\t, DEL, and C1 controls (8-bit CSI, OSC)', () => {
    expect(neutraliseTerminalText('a\x00\x07\x08\x0b\x0c\x0e\x7fb')).toBe('ab');
    expect(neutraliseTerminalText('a\u009b2Jb\u009d0;title\u009cc\u0085d')).toBe('abcd');
  });

  it('turns invalid UTF-8, including a raw 8-bit CSI byte, into U+FFFD instead of passing it', () => {
    expect(neutraliseTerminalText(Buffer.from([0x61, 0x9b, 0x32, 0x4a, 0x62]))).toBe('a\ufffd2Jb');
  });

  it('recognises sequences and UTF-8 split across chunks', () => {
    const f = new TerminalTextFilter();
    const parts = [`ok ${E}`, ']52;c;AAAA', `${E}`, '\\ done \xe2'.replace('\xe2', ''), ''];
    let out = parts.map((p) => f.push(Buffer.from(p, 'utf8')).toString()).join('');
    const check = Buffer.from('✓', 'utf8');
    out += f.push(check.subarray(0, 1)).toString() + f.push(check.subarray(1)).toString() + f.end().toString();
    expect(out).toBe('ok  done ✓');
  });

  it('an unterminated string cannot swallow the rest of the log forever', () => {
    const out = neutraliseTerminalText(`${E}]52;c;${'A'.repeat(5000)}visible`);
    expect(out.endsWith('visible')).toBe(true);
    expect(out.length).toBeLessThan(1000);
  });
});
