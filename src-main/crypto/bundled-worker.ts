// Starts a worker thread of the main process (the backup segment worker, the password strength worker).
//
// From a bundle (scripts/build.mjs emits `<name>.js` beside each bundle, self-contained) the script is read
// with the process's own file layer and started from memory (a data: URL). In the packaged app the script is
// therefore read from inside app.asar, through Electron's archive reader, like the main bundle itself: the
// archive's integrity check (the embedded asar integrity fuse) covers the code the worker runs, and nothing
// is unpacked beside the archive (docs/electron-security.md). A worker's own module loader is never asked to
// read the archive, and the script needs no module resolution (its packages are bundled in).
//
// From the TypeScript sources (tests, tsx): Node does not carry tsx's loader into a worker, so the worker
// registers it before it imports the source. A failed import is rethrown so that 'error' fires.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const sources = new Map<string, string>();

/** `name`: the bundled script's name (without .js); `source`: the worker's TypeScript source. */
export function startBundledWorker(name: string, source: URL): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    let script = sources.get(name);
    if (script === undefined) {
      script = readFileSync(fileURLToPath(new URL(`./${name}.js`, import.meta.url)), 'utf8');
      sources.set(name, script);
    }
    return new Worker(new URL(`data:text/javascript;base64,${Buffer.from(script, 'utf8').toString('base64')}`));
  }
  const loader = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); })` +
      '.catch((error) => process.nextTick(() => { throw error; }));',
    { eval: true },
  );
}
