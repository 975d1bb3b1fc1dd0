// Every journey starts the same way: the browser host as `npm start` runs it, and Debian's Chromium, both
// closed when the test ends.
import type { TestContext } from 'node:test';
import { launchBrowser, type TestBrowser } from './browser';
import { startHostProcess, type HostProcess } from './host-process';

export async function startAppInBrowser(t: TestContext, options: { seed?: (dataDir: string) => void } = {}): Promise<{ host: HostProcess; browser: TestBrowser }> {
  const host = await startHostProcess(options.seed ? { seed: options.seed } : {});
  t.after(() => host.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  return { host, browser };
}
