// A standby is kept only while a VM of its state directory runs: whoever stops a VM (stop, apply,
// destroy, watch) ends the standby once none is left, so no idle process outlives the last VM.
import { observeVms } from './observe-vms.js';
import { stopStandby } from './standby.js';

/** Ends the standby of `stateDir` if no VM process of it is alive; true if one was ended. */
export async function retireStandbyIfIdle(stateDir: string): Promise<boolean> {
  const vms = await observeVms(stateDir);
  if (vms.some((v) => v.alive || v.starting)) return false;
  return stopStandby(stateDir);
}
