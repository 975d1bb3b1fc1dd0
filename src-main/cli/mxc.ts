// Entry point of the `mxc` command (bin/mxc.js runs the bundled build/cli/mxc.js; in the repository
// `npm run mxc -- <command>` runs this file through tsx).

import { runCli } from './run-cli';

const code = await runCli(process.argv.slice(2));
// Every service was closed by the command; exiting explicitly also ends stray keep-alive handles.
process.exit(code);
