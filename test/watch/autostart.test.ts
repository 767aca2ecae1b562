// Boot-time autostart: the systemd unit (after network-online, KillMode=process so guests survive
// agent restarts) installed into a unit directory, and the FreeBSD rc.d script and rc.conf lines.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { renderFreebsdRcScript, renderSystemdUnit } from '../../src/watch/autostart.js';

const cmd = {
  node: '/usr/bin/node',
  bin: '/opt/tshyve/bin/tshyve.js',
  dir: '/srv/vms',
  stateDir: '/var/lib/tshyve',
  extraArgs: ['--host', 'web-01'],
};

describe('autostart', () => {
  it('renders a systemd unit that starts the agent after the network is up', () => {
    const unit = renderSystemdUnit(cmd);
    expect(unit).toContain('After=network-online.target');
    expect(unit).toContain(
      'ExecStart="/usr/bin/node" "/opt/tshyve/bin/tshyve.js" "watch" "/srv/vms" "--state-dir" "/var/lib/tshyve" "--host" "web-01"',
    );
    expect(unit).toContain('KillMode=process');
    expect(unit).toContain('WantedBy=multi-user.target');
  });

  it('quotes paths for systemd', () => {
    expect(renderSystemdUnit({ ...cmd, dir: '/srv/my "vms" 100%' })).toContain('"/srv/my \\"vms\\" 100%%"');
  });

  it('renders the FreeBSD rc.d script and rc.conf lines', () => {
    const { script, rcConf } = renderFreebsdRcScript(cmd);
    expect(script).toMatch(/^#!\/bin\/sh\n/);
    expect(script).toContain('# REQUIRE: NETWORKING');
    expect(script).toContain('rcvar="tshyve_enable"');
    expect(rcConf).toContain('tshyve_enable="YES"');
  });

  it('enable installs the unit, status sees it, disable removes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tshyve-units-'));
    const lines: string[] = [];
    const out = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    try {
      expect(await main(['autostart', 'enable', '/srv/no-such-vms', '--unit-dir', dir], out)).toBe(1);
      expect(lines.join('\n')).toMatch(/\/srv\/no-such-vms is not a directory/);
      expect(existsSync(join(dir, 'tshyve-agent.service'))).toBe(false);
      expect(
        await main(
          [
            'autostart',
            'enable',
            dir,
            '--unit-dir',
            dir,
            '--state-dir',
            '/tmp/tshyve-state',
            '--git',
            '--git-interval',
            '30s',
            '--host',
            'h1',
            '--host-label',
            'rack=a',
            '--netns',
            'ns1',
            '--prune',
          ],
          out,
        ),
      ).toBe(0);
      const unit = readFileSync(join(dir, 'tshyve-agent.service'), 'utf8');
      expect(unit).toContain(
        `"watch" "${dir}" "--state-dir" "/tmp/tshyve-state" "--netns" "ns1" "--host" "h1" "--host-label" "rack=a" "--git" "--git-interval" "30s" "--prune"`,
      );
      expect(unit).toContain('Restart=always');
      expect(await main(['autostart', 'status', '--unit-dir', dir], out)).toBe(0);
      expect(lines.join('\n')).toMatch(/unit installed/);
      expect(await main(['autostart', 'disable', '--unit-dir', dir], out)).toBe(0);
      expect(existsSync(join(dir, 'tshyve-agent.service'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
