// The destroy question (only `yes` goes ahead) and the two-stage interrupt watch, with injected
// streams and an injected signal source instead of a terminal.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirmYes } from '../../src/cli/confirm.js';
import { watchInterrupts } from '../../src/cli/interrupt.js';

async function answer(text: string | undefined): Promise<{ ok: boolean; asked: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let asked = '';
  output.on('data', (b: Buffer) => {
    asked += b.toString();
  });
  const pending = confirmYes('Do you really want to destroy all of it?', input, output);
  if (text === undefined) input.end();
  else input.write(text);
  return { ok: await pending, asked };
}

describe('confirmYes', () => {
  it('accepts only the word yes', async () => {
    expect((await answer('yes\n')).ok).toBe(true);
    expect((await answer('  yes \n')).ok).toBe(true);
    for (const no of ['y\n', 'YES\n', 'no\n', '\n']) expect((await answer(no)).ok).toBe(false);
  });

  it('says what it asks and that only yes is accepted; closed input is a no', async () => {
    const r = await answer(undefined);
    expect(r.ok).toBe(false);
    expect(r.asked).toContain('Do you really want to destroy all of it?');
    expect(r.asked).toContain("Only 'yes' will be accepted");
  });
});

describe('watchInterrupts', () => {
  const setup = () => {
    const proc = new EventEmitter();
    const lines: string[] = [];
    const watch = watchInterrupts({ out: (l) => lines.push(l), err: (l) => lines.push(l) }, proc as unknown as NodeJS.Process);
    return { proc, lines, watch };
  };

  it('first signal: finish the running step; second: cancel it', () => {
    const { proc, lines, watch } = setup();
    watch.running('step 2 of 5 (+ tap tap0)');
    proc.emit('SIGINT', 'SIGINT');
    expect(watch.signal.aborted).toBe(true);
    expect(watch.cancelSignal.aborted).toBe(false);
    expect(lines).toEqual(['interrupt received (SIGINT): finishing step 2 of 5 (+ tap tap0) then stopping (interrupt again to cancel it)']);
    proc.emit('SIGTERM', 'SIGTERM');
    expect(watch.cancelSignal.aborted).toBe(true);
    expect(lines[1]).toMatch(/^second interrupt \(SIGTERM\): cancelling step 2 of 5/);
    watch.dispose();
    expect(proc.listenerCount('SIGINT') + proc.listenerCount('SIGTERM')).toBe(0);
  });

  it('a copy is cancelled on the first signal; between steps it stops before the next', () => {
    const a = setup();
    a.watch.running('step 1 of 1 (+ volume /v/d.img)', true);
    a.proc.emit('SIGINT', 'SIGINT');
    expect(a.lines[0]).toBe(
      'interrupt received (SIGINT): cancelling step 1 of 1 (+ volume /v/d.img) (its partial copy is removed) then stopping',
    );
    const b = setup();
    b.proc.emit('SIGTERM', 'SIGTERM');
    expect(b.lines[0]).toBe('interrupt received (SIGTERM): stopping before the next step');
  });
});
