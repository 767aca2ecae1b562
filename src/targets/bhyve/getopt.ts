// getopt(3) as bhyve(8), bhyveload(8) and vmrun.sh parse their command lines: bundled flags
// (`-AHP`), attached or separate arguments (`-s3,…` / `-s 3,…`), `--` ends the options.

export interface GetoptResult {
  /** [letter, argument] in order; the argument is undefined for flags and for a missing one. */
  options: [string, string | undefined][];
  operands: string[];
}

export function getopt(argv: readonly string[], withArgument: ReadonlySet<string>, start = 0): GetoptResult {
  const options: GetoptResult['options'] = [];
  let i = start;
  for (; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      i++;
      break;
    }
    if (!word.startsWith('-') || word === '-') break;
    for (let j = 1; j < word.length; j++) {
      const letter = word[j]!;
      if (withArgument.has(letter)) {
        options.push([letter, word.slice(j + 1) || argv[++i]]);
        break;
      }
      options.push([letter, undefined]);
    }
  }
  return { options, operands: argv.slice(i) };
}
