#!/usr/bin/env node
// The end-to-end tests drive Debian's Chromium (playwright never downloads a browser here). On a fresh
// Debian machine where we are root, install it; elsewhere say exactly what is missing.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const chromium = process.env.MXC_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(chromium)) process.exit(0);

const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canApt) {
  console.error(`Chromium is missing at ${chromium}. Install Debian's package (apt-get install chromium) or set MXC_CHROMIUM.`);
  process.exit(1);
}
console.log('Chromium is missing: installing Debian\'s chromium package for the end-to-end tests');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk']]) {
  const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
