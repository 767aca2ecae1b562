// The confirmation `destroy` asks for on a terminal, after `terraform destroy`: only the word `yes`
// goes ahead. Streams are injected so the question can be tested without a terminal.
import { createInterface } from 'node:readline/promises';

export async function confirmYes(
  question: string,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  signal?: AbortSignal,
): Promise<boolean> {
  const rl = createInterface({ input, output, terminal: false });
  try {
    // rl.question never settles when the input ends first: the close event answers "no" then.
    const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
    const answer = await Promise.race([
      rl.question(`${question}\n  Only 'yes' will be accepted to confirm.\n\n  Enter a value: `, signal ? { signal } : {}),
      closed,
    ]);
    return answer.trim() === 'yes';
  } catch {
    return false; // closed input or an interrupt: no
  } finally {
    rl.close();
  }
}
