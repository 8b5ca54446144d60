// Debian's Chromium for the console's browser tests (Playwright drives /usr/bin/chromium; it downloads no
// browser of its own). Installed with apt-get where missing: as root directly, otherwise through sudo.
import { existsSync } from 'node:fs';
import { run } from './lib.mjs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function prepareChromium() {
  if (existsSync(CHROMIUM_PATH)) return true;
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const aptGet = (...args) => {
    const [command, ...rest] = [...asRoot, 'apt-get', ...args];
    return run(command, rest, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  if (
    aptGet('install', '-y', '--no-install-recommends', 'chromium') !== 0 &&
    (aptGet('update') !== 0 || aptGet('install', '-y', '--no-install-recommends', 'chromium') !== 0)
  ) {
    return false;
  }
  return existsSync(CHROMIUM_PATH);
}
