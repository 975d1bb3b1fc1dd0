// The controller's later life, measured against references in the same run (issue 11):
// (a) a maintenance visit's machine time (`mxc visit`: read, compare, backup, history, battery, report)
//     against the same device's commissioning (`mxc commission`) just before it;
// (b) the event-history export (the device's manipulation check, every page, the PC's chain, signing
//     input) of the largest history the device holds, against reading the same records raw, page by page.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './bench-result';
import { startVirtualController } from '../src-main/simulator/start-virtual-controller';
import { openEndpoint, type Endpoint } from '../src-main/devices/endpoint';
import { MxControllerDriver } from '../src-main/devices/mx-controller/mx-controller-driver';
import { readyProfile, TEST_PASSWORDS } from '../src-main/commissioning/engine/testing/engine-fixture';
import { runCommission } from '../src-main/cli/commission-command';
import { runVisitCommand } from '../src-main/cli/visit-command';
import { exportEventHistory } from '../src-main/lifecycle/event-history';

const silent = { stdout: () => undefined, stderr: () => undefined };
const connect = async (e: Endpoint) => new MxControllerDriver(await openEndpoint(e, { virtual: true }));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

// Bench choice: the history is filled for at most this long (a record per remote STOP/RUN); the result
// names how many records the export read.
const FILL_MS = 45_000;

export default async function lifecycle(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-bench-life-'));
  const usbSocket = join(dir, 'usb.sock');
  const tlsPort = await freePort();
  const running = await startVirtualController({ model: 'MXR300-32', usbSocket, stateDir: join(dir, 'state'), security: { sdCardDir: join(dir, 'sd'), backupKdf: { log2N: 14, r: 8, p: 1 }, tls: { host: '127.0.0.1', port: tlsPort } } });
  try {
    const write = (name: string, value: unknown) => {
      const p = join(dir, name);
      writeFileSync(p, JSON.stringify(value));
      chmodSync(p, 0o600);
      return p;
    };
    const [admin, password] = [...TEST_PASSWORDS.entries()][0]!;
    // The largest history the device holds (1 MiB), with the manipulation check on.
    const base = readyProfile('MXR300-32');
    const profile = write('profile.json', { ...base, settings: { ...base.settings, eventHistory: { ...base.settings.eventHistory, sizeKb: 1024 } } });
    const secrets = write('secrets.json', { version: 1, users: Object.fromEntries(TEST_PASSWORDS), logon: { user: admin, password }, backupPassword: 'Bk9-Bench-Backup-Pass' });
    const data = join(dir, 'data');

    let t0 = performance.now();
    const c = await runCommission(['--profile', profile, '--secrets', secrets, '--target', `usb-socket:${usbSocket}`, '--tls-target', `127.0.0.1:${tlsPort}`, '--pc-address', '127.0.0.1', '--out', join(dir, 'c'), '--data-dir', data, '--operator', 'bench'], silent, { connect, reconnect: { attempts: 40, delayMs: 100 } });
    const commissionMs = performance.now() - t0;
    if (c !== 0) throw new Error(`the commissioning for the bench did not pass (exit ${c})`);
    t0 = performance.now();
    const v = await runVisitCommand(['--target', `tls://127.0.0.1:${tlsPort}`, '--secrets', secrets, '--baseline', join(dir, 'c', 'report.json'), '--out', join(dir, 'v'), '--data-dir', data, '--operator', 'bench', '--pc-address', '127.0.0.1'], silent, { connect });
    const visitMs = performance.now() - t0;

    // Fill the history, then export it and read it raw over the same USB cable.
    const d = await connect({ kind: 'usb-socket', path: usbSocket });
    await d.logon(admin, password);
    const fillEnd = Date.now() + FILL_MS;
    let { total } = await d.readEventHistory({ max: 1 });
    const capacity = Math.floor((1024 * 1024) / 96);
    while (total < capacity && Date.now() < fillEnd) {
      await d.remoteStop();
      await d.remoteRun();
      if (total % 200 < 2) total = (await d.readEventHistory({ max: 1 })).total;
      else total += 2;
    }
    total = (await d.readEventHistory({ max: 1 })).total;
    t0 = performance.now();
    const exported = await exportEventHistory(d, { operatorName: 'bench' });
    const exportMs = performance.now() - t0;
    t0 = performance.now();
    let from = 0;
    let raw = 0;
    for (let page = 0; page < 10_000; page++) {
      const { records } = await d.readEventHistory({ from, max: 50 });
      if (!records.length) break;
      raw += records.length;
      from = records[records.length - 1]!.seq + 1;
    }
    const rawMs = performance.now() - t0;
    await d.close();
    return [
      {
        name: `maintenance visit machine time (exit ${v})`,
        value: visitMs / 1000,
        unit: 's',
        reference: 'the same device commissioned in this run (mxc commission)',
        referenceValue: commissionMs / 1000,
        ratio: commissionMs / visitMs,
        target: 'visit shorter than the commissioning',
        met: visitMs < commissionMs,
      },
      {
        name: `event-history export, ${exported.records.length} records (capacity ${capacity})`,
        value: exportMs,
        unit: 'ms',
        reference: `reading the same ${raw} records raw, page by page`,
        referenceValue: rawMs,
        ratio: rawMs / exportMs,
        target: 'export <= 1.5x the raw read',
        met: exportMs <= 1.5 * rawMs,
      },
    ];
  } finally {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
