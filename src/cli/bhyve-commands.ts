// `tshyve compile --target bhyve DIR [--out DIR] [--json]` and `tshyve import bhyve [--file SCRIPT]...
// [-- ARGV...]`: the FreeBSD bhyve(8) target of src/targets/bhyve, on the command line.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { TshyveError } from '../errors.js';
import { loadSpecs, loadSpecTexts } from '../manifest/load.js';
import { compileBhyve, listCompiledFiles } from '../targets/bhyve/compile.js';
import { importBhyveScripts } from '../targets/bhyve/import-script.js';
import { formatManifests } from '../targets/bhyve/manifest-yaml.js';
import { formatCommandLine } from '../host/shell-quote.js';
import { splitShellWords } from '../targets/bhyve/shell-words.js';
import { printDiagnostics, printJson, type Output } from './output.js';
import { expectPositionals, parseVerbArgs, usageLine } from './parse-verb.js';

export async function compileCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('compile', args);
  expectPositionals('compile', positionals, 1);
  if (values.target !== 'bhyve')
    throw new TshyveError('TSHYVE_USAGE', `--target bhyve is the one target there is\n${usageLine('compile')}`);
  // The target is another host: its memory is not this one's, so no host checks here.
  const loaded = await loadSpecs(positionals[0]!);
  if (!loaded.ok) {
    if (values.json) printJson(output, { ok: false, diagnostics: loaded.diagnostics });
    else printDiagnostics(output, loaded.diagnostics);
    return 1;
  }
  const result = compileBhyve(loaded.state, {
    ...(values['state-dir'] ? { stateDir: values['state-dir'] } : {}),
    ...(values['install-dir'] ? { installDir: values['install-dir'] } : {}),
  });
  const ok = !result.diagnostics.some((d) => d.severity === 'error');
  const files = listCompiledFiles(result);
  if (ok && values.out) {
    for (const f of files) {
      const path = join(values.out, f.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.content, { mode: f.mode });
      await chmod(path, f.mode);
    }
  }
  if (values.json) {
    printJson(output, {
      ok,
      diagnostics: [...loaded.diagnostics, ...result.diagnostics],
      vms: result.vms.map((v) => ({ name: v.name, loader: v.loader?.argv, bhyve: v.argv, destroy: v.destroyArgv })),
      hostSteps: result.hostSteps,
      files: values.out ? files.map((f) => join(values.out!, f.path)) : files,
    });
    return ok ? 0 : 1;
  }
  printDiagnostics(output, loaded.diagnostics);
  for (const d of result.diagnostics) output.err(`${d.path}  ${d.severity}: ${d.message}`);
  if (!ok) return 1;
  if (values.out) {
    output.out(
      `wrote ${files.length} files to ${values.out} (${result.vms.length} VM${result.vms.length === 1 ? '' : 's'}); ` +
        `run ${join(values.out, 'host-setup.sh')} first`,
    );
    return 0;
  }
  output.out('# host setup');
  for (const s of result.hostSteps) output.out(formatCommandLine(s.argv));
  for (const vm of result.vms) {
    output.out(`# VirtualMachine ${vm.name}`);
    if (vm.loader) output.out(formatCommandLine(vm.loader.argv));
    output.out(formatCommandLine(vm.argv));
    output.out(formatCommandLine(vm.destroyArgv));
  }
  return 0;
}

export async function importCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseVerbArgs('import', args);
  const [source, ...rest] = positionals;
  if (source !== 'bhyve' || (rest.length === 0 && !values.file?.length)) {
    throw new TshyveError(
      'TSHYVE_USAGE',
      'usage: tshyve import bhyve [--file SCRIPT|BHYVE_CONFIG]... [--base-dir DIR] [--json] [-- bhyve ARGS... VMNAME]',
    );
  }
  const scripts = await Promise.all((values.file ?? []).map((f) => readFile(f, 'utf8')));
  // One quoted string is a command line to split; several words are the argv itself.
  const argv = rest.length === 1 ? splitShellWords(rest[0]!) : rest;
  // Relative image paths were relative to the directory bhyve ran in: by default, this one.
  const result = importBhyveScripts(scripts, argv.length ? [argv] : [], { baseDir: resolve(values['base-dir'] ?? process.cwd()) });
  const text = formatManifests(result.documents);
  const check = loadSpecTexts([{ file: '<imported>', text }]);
  const problems = check.diagnostics.filter((d) => d.code !== 'file.missing');
  if (values.json)
    printJson(output, { ok: check.ok, documents: result.documents, warnings: result.warnings, notes: result.notes, diagnostics: problems });
  else {
    for (const w of result.warnings) output.err(`warning: ${w}`);
    for (const n of result.notes) output.err(`note: ${n}`);
    printDiagnostics(output, problems);
    output.out(text.trimEnd());
  }
  return check.ok ? 0 : 1;
}
