#!/usr/bin/env node
// `npm start`: builds what is missing (scripts/build.mjs is incremental), then runs the Electron app when an
// Electron binary is installed, otherwise the browser host, and says in one line which and why.
// Options are passed through (e.g. --no-open: print the browser host's address without opening a browser).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const require = createRequire(join(root, 'package.json'));

function build() {
  const script = join(root, 'scripts/build.mjs');
  if (existsSync(script)) {
    const result = spawnSync(process.execPath, [script], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error('The build failed (see above); nothing was started.');
      process.exit(result.status ?? 1);
    }
    return;
  }
  // Until build.mjs exists: build the screens with Vite; the host then runs from its TypeScript source.
  if (!existsSync(join(root, 'build/renderer/index.html'))) {
    const vite = join(root, 'node_modules/vite/bin/vite.js');
    const result = spawnSync(process.execPath, [vite, 'build', '--config', 'src-renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}

/** The Electron binary's path, or why there is none. */
function electronBinary() {
  if (!existsSync(join(root, 'node_modules/electron'))) return { reason: 'the electron package is not installed' };
  if (!existsSync(join(root, 'node_modules/electron/dist'))) return { reason: 'no Electron binary is installed here (node_modules/electron has none)' };
  try {
    const path = require('electron');
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { reason: `the Electron binary it names (${path}) does not exist` };
  } catch (error) {
    return { reason: `the electron package cannot tell where its binary is (${error instanceof Error ? error.message : error})` };
  }
}

build();
const electron = electronBinary();
let command;
let commandArgs;
if (electron.path && existsSync(join(root, 'build/app/main.js'))) {
  console.log(`Starting the Electron app: an Electron binary is installed (${electron.path}).`);
  command = electron.path;
  commandArgs = [root, ...args.filter((a) => a !== '--no-open')];
} else {
  const why = electron.path ? 'the Electron app is not built (build/app/main.js is missing)' : electron.reason;
  console.log(`Starting the browser host: ${why}.`);
  command = process.execPath;
  const builtHost = join(root, 'build/host/main.js');
  commandArgs = existsSync(builtHost) ? [builtHost, ...args] : ['--import', 'tsx', join(root, 'src-main/host/main.ts'), ...args];
}

const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
