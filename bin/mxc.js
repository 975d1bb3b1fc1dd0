#!/usr/bin/env node
// Launcher of the `mxc` command: runs the bundled CLI. The bundle is made by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../build/cli/mxc.js', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write(
    `mxc: the command-line tool is not built yet (${bundle} is missing).\n` +
      'Run "npm run build" in the MX Commissioner folder, then try again.\n' +
      '(From a source checkout, "npm run mxc -- <command>" runs it without building.)\n',
  );
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
