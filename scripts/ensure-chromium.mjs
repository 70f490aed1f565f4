#!/usr/bin/env node
// Find a Chromium for Playwright: $CHROMIUM_PATH, then /usr/bin/chromium. Where none is found and
// we are root with apt-get, install Debian's chromium (Playwright's own download cannot work here).
// Otherwise stop with a message that says how to install one.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const found = candidates.find((p) => existsSync(p));
if (found) {
  console.error(`chromium: ${found}`);
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.error('chromium: not found; installing Debian chromium with apt-get (about a minute)...');
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null', { stdio: 'inherit', shell: '/bin/bash' });
  } catch {
    console.error('chromium: apt-get install chromium failed.');
    process.exit(1);
  }
  if (existsSync('/usr/bin/chromium')) process.exit(0);
}
console.error(
  'chromium: no Chromium found for the end-to-end tests.\n' +
    '  Install one: sudo apt-get install chromium   (Debian/Ubuntu)\n' +
    '  or point CHROMIUM_PATH at a Chromium/Chrome binary.',
);
process.exit(1);
