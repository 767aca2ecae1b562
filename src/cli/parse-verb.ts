// Parses a verb's arguments against its entry in the verb table: strict flags, and for a flag that
// does not exist the closest one ("did you mean --yes?") with the verb's synopsis.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TshyveError } from '../errors.js';
import { closestMatch } from '../manifest/suggest.js';
import { VERBS, type VerbName } from './verbs.js';

type VerbConfig<N extends VerbName> = { args: string[]; allowPositionals: true; strict: true; options: (typeof VERBS)[N]['flags'] };

export function usageLine(verb: VerbName): string {
  return `usage: tshyve ${VERBS[verb].synopsis} [flags] (tshyve ${verb} --help lists them)`;
}

export function parseVerbArgs<N extends VerbName>(verb: N, args: string[]): ReturnType<typeof parseArgs<VerbConfig<N>>> {
  const options = VERBS[verb].flags;
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options } as VerbConfig<N> & ParseArgsConfig) as ReturnType<
      typeof parseArgs<VerbConfig<N>>
    >;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'(-{1,2}[^']+)'/.exec((error as Error).message)?.[1] ?? '';
      const names = Object.keys(options);
      const guess = closestMatch(flag.replace(/^-+/, '').split('=')[0]!, names);
      throw new TshyveError('TSHYVE_USAGE', `unknown flag ${flag}${guess ? `; did you mean --${guess}?` : ''}\n${usageLine(verb)}`);
    }
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
      throw new TshyveError('TSHYVE_USAGE', `${(error as Error).message}\n${usageLine(verb)}`);
    throw error;
  }
}

/** Throws the verb's usage when the number of positional arguments is not in [min, max]. */
export function expectPositionals(verb: VerbName, positionals: string[], min: number, max = min): void {
  if (positionals.length < min || positionals.length > max) throw new TshyveError('TSHYVE_USAGE', usageLine(verb));
}
