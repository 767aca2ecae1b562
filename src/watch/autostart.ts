// Boot-time autostart of the watch agent: a systemd unit on Linux (after network-online), and on
// FreeBSD the rc.d script and /etc/rc.conf lines to install by hand.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { quoteShellWord as quoteSh } from '../host/shell-quote.js';

export const UNIT_NAME = 'tshyve-agent.service';

export interface AgentCommand {
  node: string;
  bin: string;
  dir: string;
  stateDir: string;
  extraArgs: string[];
}

/** systemd quoting: every word in double quotes with \ and " escaped; `%` doubled (specifier). */
function quoteSystemd(word: string): string {
  return `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;
}

export function renderSystemdUnit(cmd: AgentCommand): string {
  const argv = [cmd.node, cmd.bin, 'watch', resolve(cmd.dir), '--state-dir', resolve(cmd.stateDir), ...cmd.extraArgs];
  return [
    '# Installed by `tshyve autostart enable`; remove with `tshyve autostart disable`.',
    '[Unit]',
    `Description=tshyve agent: keeps the VMs of ${resolve(cmd.dir)} converged`,
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${argv.map(quoteSystemd).join(' ')}`,
    'Restart=always',
    'RestartSec=1',
    '# VM processes are detached: restarting the agent must not stop the guests.',
    'KillMode=process',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

export function renderFreebsdRcScript(cmd: AgentCommand): { script: string; rcConf: string[] } {
  const args = ['watch', resolve(cmd.dir), '--state-dir', resolve(cmd.stateDir), ...cmd.extraArgs].map(quoteSh).join(' ');
  const script = [
    '#!/bin/sh',
    '#',
    '# PROVIDE: tshyve',
    '# REQUIRE: NETWORKING vmm',
    '# KEYWORD: shutdown',
    '',
    '. /etc/rc.subr',
    '',
    'name="tshyve"',
    'rcvar="tshyve_enable"',
    'pidfile="/var/run/${name}.pid"',
    'command="/usr/sbin/daemon"',
    `command_args="-f -p \${pidfile} ${quoteSh(cmd.node).replace(/"/g, '\\"')} ${quoteSh(cmd.bin).replace(/"/g, '\\"')} ` +
      `${args.replace(/"/g, '\\"')}"`,
    '',
    'load_rc_config $name',
    ': ${tshyve_enable:="NO"}',
    'run_rc_command "$1"',
    '',
  ].join('\n');
  return { script, rcConf: ['tshyve_enable="YES"', 'vmm_load="YES"  # in /boot/loader.conf'] };
}

export interface SystemdResult {
  unitPath: string;
  actions: string[];
}

async function systemctl(args: string[]): Promise<string> {
  const r = await execa('systemctl', args, { reject: false });
  return r.exitCode === 0
    ? `systemctl ${args.join(' ')}`
    : `systemctl ${args.join(' ')} failed (${(r.stderr || r.stdout).trim().split('\n')[0]})`;
}

function hasSystemd(): boolean {
  return existsSync('/run/systemd/system');
}

export async function enableSystemdUnit(cmd: AgentCommand, unitDir = '/etc/systemd/system'): Promise<SystemdResult> {
  await mkdir(unitDir, { recursive: true });
  const unitPath = join(unitDir, UNIT_NAME);
  await writeFile(unitPath, renderSystemdUnit(cmd), { mode: 0o644 });
  const actions = [`wrote ${unitPath}`];
  if (hasSystemd()) {
    actions.push(await systemctl(['daemon-reload']));
    actions.push(await systemctl(['enable', '--now', UNIT_NAME]));
  } else {
    actions.push(
      'systemd is not running on this machine: the unit is installed; on a systemd host `systemctl enable --now ' +
        UNIT_NAME +
        '` enables and starts it',
    );
  }
  return { unitPath, actions };
}

export async function disableSystemdUnit(unitDir = '/etc/systemd/system'): Promise<SystemdResult> {
  const unitPath = join(unitDir, UNIT_NAME);
  const actions: string[] = [];
  if (hasSystemd()) actions.push(await systemctl(['disable', '--now', UNIT_NAME]));
  await rm(unitPath, { force: true });
  actions.push(`removed ${unitPath}`);
  if (hasSystemd()) actions.push(await systemctl(['daemon-reload']));
  return { unitPath, actions };
}

export async function systemdUnitStatus(
  unitDir = '/etc/systemd/system',
): Promise<{ installed: boolean; enabled?: string; active?: string }> {
  const unitPath = join(unitDir, UNIT_NAME);
  const installed = existsSync(unitPath);
  if (!hasSystemd()) return { installed };
  const enabled = (await execa('systemctl', ['is-enabled', UNIT_NAME], { reject: false })).stdout.trim();
  const active = (await execa('systemctl', ['is-active', UNIT_NAME], { reject: false })).stdout.trim();
  return { installed, enabled, active };
}
