// What a VM process's first boot starts from (supervise/first-boot.ts), on real files in a state
// directory: a restore request, spec.restoreFrom (linked into the VM's directory), a suspend whose
// machine changed (its snapshot discarded), a resume whose snapshot is gone (a cold boot with the
// reason), and a restore whose snapshot is gone (refused).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSpecTexts } from '../../src/manifest/load.js';
import { writeRestoreRequest } from '../../src/runtime/snapshot-files.js';
import { vmFiles } from '../../src/state/vm-files.js';
import { readSuspend, writeSuspend } from '../../src/state/vm-suspend.js';
import { abandonResume, chooseFirstBoot, finishRestore } from '../../src/supervise/first-boot.js';
import { readRestored } from '../../src/supervise/restore-guard.js';

const root = mkdtempSync(join(tmpdir(), 'tshyve-first-boot-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const stateDir = join(root, 'state');
const files = vmFiles(stateDir, 'web');

function vm(extra = '') {
  const r = loadSpecTexts([
    {
      file: 'vm.yaml',
      text: `apiVersion: tshyve.dev/v1alpha1\nkind: VirtualMachine\nmetadata: { name: web }\nspec:\n  cpus: 1\n  memory: 64MiB\n  firmware: { bootrom: { image: /x.bin } }\n${extra}`,
    },
  ]);
  return r.state.vms[0]!;
}

describe('chooseFirstBoot', () => {
  const inDir = join(files.dir, 'vm.snapshot');
  beforeEach(() => {
    rmSync(stateDir, { recursive: true, force: true });
    mkdirSync(files.dir, { recursive: true });
    writeFileSync(inDir, 'TSHYSNAP and the rest');
  });

  it('boots cold without a request, a suspend or restoreFrom', async () => {
    expect(await chooseFirstBoot(vm(), files, stateDir)).toEqual({});
  });

  it('takes a restore request once, and records the restore when the VMM took it', async () => {
    writeRestoreRequest(files.dir, { snapshot: inDir });
    const boot = await chooseFirstBoot(vm(), files, stateDir);
    expect(boot).toMatchObject({ snapshot: inDir, restoreFrom: inDir, resume: false });
    expect(await finishRestore(boot, files)).toBe(`restored from the snapshot ${inDir}`);
    expect(readRestored(files.dir).map((r) => r.path)).toEqual([inDir]);
    expect(existsSync(inDir)).toBe(true); // a snapshot the operator named stays
    expect(await chooseFirstBoot(vm(), files, stateDir)).toEqual({}); // the request was for one boot
  });

  it('links a spec.restoreFrom snapshot outside the VM directory into it, and removes the link after', async () => {
    const outside = join(root, 'web.snapshot');
    writeFileSync(outside, 'TSHYSNAP outside');
    const boot = await chooseFirstBoot(vm(`  restoreFrom: ${outside}\n`), files, stateDir);
    expect(boot.restoreFrom).toBe(join(files.dir, 'restore-source.snapshot'));
    expect(statSync(boot.restoreFrom!).ino).toBe(statSync(outside).ino);
    await finishRestore(boot, files);
    expect(existsSync(join(files.dir, 'restore-source.snapshot'))).toBe(false);
    expect(existsSync(outside)).toBe(true);
  });

  it('discards the snapshot of a suspend whose machine changed, and says so', async () => {
    await writeSuspend(files, { by: 'tshyve snapshot', snapshot: inDir, specHash: 'an-older-machine' });
    const boot = await chooseFirstBoot(vm(), files, stateDir);
    expect(boot).toEqual({ note: `cold boot: the machine spec changed after the suspend, so its snapshot ${inDir} was discarded` });
    expect(existsSync(inDir)).toBe(false);
    expect(readSuspend(files)).toBeUndefined();
  });

  it('boots a resume whose snapshot is gone cold, with the reason, and refuses a restore whose snapshot is gone', async () => {
    const v = vm();
    rmSync(inDir);
    writeRestoreRequest(files.dir, { snapshot: inDir, resume: { specHash: v.specHash } });
    expect(await chooseFirstBoot(v, files, stateDir)).toEqual({ note: `cold boot: cannot open the snapshot ${inDir}: ENOENT` });
    writeRestoreRequest(files.dir, { snapshot: inDir });
    await expect(chooseFirstBoot(v, files, stateDir)).rejects.toThrow(`cannot open the snapshot ${inDir}: ENOENT`);
  });

  it('removes a resume snapshot once used, and one the VMM refused', async () => {
    const v = vm();
    writeRestoreRequest(files.dir, { snapshot: inDir, resume: { specHash: v.specHash } });
    const used = await chooseFirstBoot(v, files, stateDir);
    expect(await finishRestore(used, files)).toBe(`resumed from the snapshot ${inDir} taken at host shutdown (now removed)`);
    expect(existsSync(inDir)).toBe(false);
    writeFileSync(inDir, 'TSHYSNAP garbled');
    writeRestoreRequest(files.dir, { snapshot: inDir, resume: { specHash: v.specHash } });
    const refused = await chooseFirstBoot(v, files, stateDir);
    expect(abandonResume(refused, 'truncated at byte 16')).toBe(
      `cold boot: the snapshot ${inDir} taken at host shutdown could not be restored (truncated at byte 16); it was removed`,
    );
    expect(existsSync(inDir)).toBe(false);
    expect(readFileSync(join(files.dir, 'restored-snapshots.json'), 'utf8')).toContain(inDir);
  });
});
