// `tshyve wait NAME --for running|address|ssh|serial:REGEX [--timeout 2m]`: for scripts; exit 0 once
// the VM is ready in that sense, 1 with the reason when the timeout passes first.
import { TshyveError } from '../errors.js';
import { parseDuration } from '../manifest/units.js';
import { formatReadyCondition, parseReadyCondition } from '../model/readiness.js';
import { readFrozenSpec } from '../state/applied-vm.js';
import { resolveStateDir } from '../state/paths.js';
import { vmFiles } from '../state/vm-files.js';
import { waitForReadiness } from '../supervise/readiness.js';
import { printJson, type Output } from './output.js';
import { expectPositionals, parseVerbArgs, usageLine } from './parse-verb.js';

export async function waitCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('wait', args);
  expectPositionals('wait', positionals, 1);
  const name = positionals[0]!;
  if (!values.for) throw new TshyveError('TSHYVE_USAGE', `--for is required (running, address, ssh or serial:REGEX)\n${usageLine('wait')}`);
  const condition = parseReadyCondition(values.for);
  if (typeof condition === 'string') throw new TshyveError('TSHYVE_USAGE', `--for: ${condition}`);
  const timeoutMs = parseDuration(values.timeout!);
  if (timeoutMs === undefined)
    throw new TshyveError('TSHYVE_USAGE', `--timeout: expected a duration such as 30s or 2m, got ${values.timeout}`);
  const stateDir = resolveStateDir(values['state-dir']);
  if (!(await readFrozenSpec(vmFiles(stateDir, name))))
    throw new TshyveError(
      'TSHYVE_NOT_FOUND',
      `no VM named ${name} has been applied with state directory ${stateDir} (\`tshyve ps\` lists them)`,
    );
  const result = await waitForReadiness(stateDir, name, condition, timeoutMs);
  const what = formatReadyCondition(condition);
  if (values.json) {
    printJson(
      output,
      result.met
        ? { ok: true, vm: name, for: what, waitedMs: result.waitedMs, detail: result.detail }
        : { ok: false, vm: name, for: what, waitedMs: result.waitedMs, error: { code: 'TSHYVE_NOT_READY', message: result.detail } },
    );
  } else if (result.met) output.out(`${name}: ${what}: ${result.detail}`);
  else output.err(`tshyve wait: ${result.detail}`);
  return result.met ? 0 : 1;
}
