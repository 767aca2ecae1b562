// The SSH banner probe as a program, run by readSshBannerIn inside a VM's network namespace:
// `node ssh-banner-probe.js HOST PORT TIMEOUT_MS` prints one BannerResult as JSON.
import { readSshBanner } from './ssh-banner.js';

const [host, port, timeoutMs] = process.argv.slice(2);
const result =
  host && Number.isInteger(Number(port)) && Number.isInteger(Number(timeoutMs))
    ? await readSshBanner(host, Number(port), Number(timeoutMs))
    : { ok: false, detail: 'usage: ssh-banner-probe HOST PORT TIMEOUT_MS' };
process.stdout.write(JSON.stringify(result) + '\n');
