// POSIX sh quoting (sh(1) "Quoting"), the one place argv arrays become command lines: plan output,
// the scripts tshyve generates for FreeBSD hosts, the rc.d script. Each word is quoted on its own.

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argv element as a sh word: bare when it cannot be misread, else single-quoted. */
export function quoteShellWord(word: string): string {
  if (word !== '' && SAFE_WORD.test(word) && !word.startsWith('=')) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** An argv array as one sh command line. */
export function formatCommandLine(argv: readonly string[]): string {
  return argv.map(quoteShellWord).join(' ');
}

/** An argv array over several lines, breaking before each `-s` and `-l` (as the handbook prints bhyve). */
export function formatWrappedCommandLine(argv: readonly string[], indent = '  ', breakBefore: readonly string[] = ['-s', '-l']): string {
  const lines: string[][] = [[]];
  argv.forEach((word, i) => {
    if (i > 0 && breakBefore.includes(word) && lines[lines.length - 1]!.length > 0) lines.push([]);
    lines[lines.length - 1]!.push(quoteShellWord(word));
  });
  return lines.map((l) => l.join(' ')).join(` \\\n${indent}`);
}
