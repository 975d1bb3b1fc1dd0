// Issue 14: the virtual device and the main process under hostile neighbours. Every row is a ratio against a
// reference measured in the same run:
//  (a) refused requests per second (an unauthenticated client's Device Reads, C816) against accepted ones
//      (the same reads by a logged-on client): a refused request may cost at most twice an accepted one;
//  (b) a legitimate TLS Read Type Name's p99 on a commissioned device while 16 connections flood it with
//      refused requests, against its p99 with no flood: under 50 ms;
//  (c) the main event loop's p99 while a 256-character password check, an encrypted backup, certificate
//      creation and that flood run together, against the idle loop: under 20 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { BenchResult } from './bench-result';
import { VirtualController } from '../src-main/simulator/virtual-controller';
import { installSecurity } from '../src-main/simulator/install-security';
import { writeStoredCertificate } from '../src-main/simulator/crypto-functions/certificate-store';
import { TLS_SERVICE } from '../src-main/simulator/crypto-functions/tls-listener';
import { controllerCertificate } from '../src-main/simulator/crypto-functions/testing/test-certificates';
import { connectSecurityClient, SecurityClient } from '../src-main/simulator/testing/security-client';
import { Command, Subcommand } from '../src-main/slmp/commands';
import { SecurityCommand as C, SecurityOperation as Op } from '../src-main/slmp/security-commands';
import { DEFAULT_ROUTE, encodeRequest } from '../src-main/slmp/frame';
import { checkPassword } from '../src-main/services/wizard/password-check';
import { stopPasswordStrengthWorker } from '../src-main/services/wizard/password-strength';
import { createBackupFile, openBackupFile } from '../src-main/crypto/backup-file';
import { createSelfSignedCertificate } from '../src-main/crypto/certificate';
import { stopSegmentWorkers } from '../src-main/crypto/segment-worker-pool';

const ADMIN = { name: 'admin', password: 'Adm1n-Pass!' };
const readD0 = Buffer.from([0, 0, 0, 0, 0xa8, 0x00, 1, 0]);
const MEASURE_MS = 2000;
const FLOOD_CONNECTIONS = 16;

async function commissionedDevice(root: string): Promise<{ controller: VirtualController; tcpPort: number; tlsPort: number; ca: string }> {
  const cert = await controllerCertificate(new Date());
  const usb = join(root, 'usb.sock');
  const controller = new VirtualController({
    model: 'MXR300-32',
    stateDir: join(root, 'state'),
    listeners: [
      { service: 'slmp', transport: 'tcp', host: '127.0.0.1', port: 0 },
      { service: 'usb', transport: 'usb', path: usb },
    ],
  });
  writeStoredCertificate(controller.stateDir, { version: 1, certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem, writtenAt: new Date().toISOString() });
  installSecurity(controller, { sdCardDir: join(root, 'sd'), tls: { host: '127.0.0.1', port: 0 } });
  await controller.start();
  const cable = await connectSecurityClient({ path: usb });
  // A full factory history (128 KiB, ~1,365 records), as on a device that has been in use: what a per-record
  // rewrite of the history file paid for. Remote STOPs are recorded one by one (before authentication is on).
  for (let i = 0; i < 1400; i++) await cable.request(Command.RemoteStop, Subcommand.None, Buffer.from([1, 0]));
  await cable.ok(C.Users, Op.Users.Write, { groups: [], users: [{ name: ADMIN.name, group: 'Administrators', password: ADMIN.password }] });
  cable.close();
  const port = (service: string): number => (controller.listeners.list().find((l) => l.service === service) as { port: number }).port;
  return { controller, tcpPort: port('slmp'), tlsPort: port(TLS_SERVICE), ca: cert.certificatePem };
}

async function tcpClient(port: number, localAddress?: string): Promise<SecurityClient> {
  return connectSecurityClient({ port }, { timeoutMs: 10_000, ...(localAddress && { localAddress }) });
}

async function tlsClient(port: number, ca: string): Promise<SecurityClient> {
  const socket = tls.connect({ host: '127.0.0.1', port, ca, checkServerIdentity: () => undefined });
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', () => resolve());
    socket.once('error', reject);
  });
  return new SecurityClient(socket, 10_000);
}

/** Sequential round trips for MEASURE_MS: requests per second. */
async function rate(once: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await once();
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < MEASURE_MS) {
    await once();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

/** Round-trip times of `count` sequential calls; returns the p99 in ms. */
async function p99(once: () => Promise<unknown>, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]!;
}

/**
 * 16 connections from other addresses pipelining refused Device Reads as fast as the device answers, from a
 * separate process (a neighbour on the network is not in the app's process).
 */
function flood(port: number): () => void {
  const frame = encodeRequest({ format: '3E', serial: 0, route: DEFAULT_ROUTE, timer: 4, command: Command.DeviceRead, subcommand: Subcommand.Word, data: readD0 });
  const script = `
    const net = require('node:net');
    const frame = Buffer.from(${JSON.stringify(frame.toString('hex'))}, 'hex');
    const burst = Buffer.concat(Array.from({ length: 16 }, () => frame));
    const answer = 11; // a refusal's 3E answer with its error information is 11 + 9 bytes
    for (let i = 0; i < ${FLOOD_CONNECTIONS}; i++) {
      const open = () => {
        const s = net.connect({ host: '127.0.0.1', port: ${port}, localAddress: '127.0.0.' + (2 + i) });
        s.on('error', () => undefined);
        s.on('close', () => setTimeout(open, 10));
        let bytes = 0;
        s.on('connect', () => s.write(burst));
        s.on('data', (d) => {
          bytes += d.length;
          // One burst in flight: the next once this one is answered (each answer 20 bytes).
          if (bytes >= 16 * 20) { bytes -= 16 * 20; s.write(burst); }
        });
      };
      open();
    }`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  return () => void child.kill();
}

async function loopP99(work: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    await work();
  } finally {
    histogram.disable();
  }
  return histogram.percentile(99) / 1e6;
}

export default async function hostileNeighbours(): Promise<BenchResult[]> {
  const root = mkdtempSync(join(tmpdir(), 'mxc-bench-hostile-'));
  const d = await commissionedDevice(root);
  const results: BenchResult[] = [];
  try {
    // (a) refused against accepted, one sequential client each.
    const admin = await tcpClient(d.tcpPort);
    await admin.logon(ADMIN.name, ADMIN.password);
    const accepted = await rate(() => admin.request(Command.DeviceRead, Subcommand.Word, readD0));
    const stranger = await tcpClient(d.tcpPort, '127.0.0.50');
    const refused = await rate(() => stranger.request(Command.DeviceRead, Subcommand.Word, readD0));
    results.push({
      name: 'refused Device Reads (no logon, C816) per second, sequential, each refusal recorded or counted',
      value: refused,
      unit: 'req/s',
      reference: 'accepted Device Reads by a logged-on client, same device, same run',
      referenceValue: accepted,
      ratio: refused / accepted,
      target: 'ratio >= 0.5 (a refusal costs at most twice an acceptance)',
      met: refused / accepted >= 0.5,
    });

    // (b) a legitimate TLS Read Type Name, idle and under the flood.
    const legit = await tlsClient(d.tlsPort, d.ca);
    await legit.logon(ADMIN.name, ADMIN.password);
    const typeName = (): Promise<unknown> => legit.request(Command.ReadTypeName, Subcommand.None);
    const idle = await p99(typeName, 300);
    const stopFlood = flood(d.tcpPort);
    await new Promise((r) => setTimeout(r, 300));
    const flooded = await p99(typeName, 300);
    results.push({
      name: `TLS Read Type Name p99 during a ${FLOOD_CONNECTIONS}-connection flood of refused requests on a commissioned device`,
      value: flooded,
      unit: 'ms',
      reference: 'the same request with no flood, same run',
      referenceValue: idle,
      ratio: idle / flooded,
      target: 'p99 < 50 ms',
      met: flooded < 50,
    });

    // (c) the main event loop while everything runs at once (the flood still on).
    const idleLoop = await loopP99(() => new Promise((r) => setTimeout(r, 1000)));
    stopFlood();
    const long = Array.from({ length: 256 }, (_, i) => 'aB3$kQ9!zX'[i % 10]).join('');
    const stopFlood2 = flood(d.tcpPort);
    const busyLoop = await loopP99(() =>
      Promise.all([
        (async () => {
          for (let i = 0; i < 5; i++) await checkPassword('admin1', long, { strength: 'strong', minLength: 12 });
        })(),
        (async () => {
          const payload = Buffer.alloc(8 * 1024 * 1024, 7);
          const metadata = { model: 'MXR300-32', serial: 'B', firmware: '1.000', createdAt: new Date(), encryption: true };
          const file = await createBackupFile([{ name: 'data.bin', data: payload }], { password: 'bench-password', metadata });
          await openBackupFile(file, 'bench-password');
        })(),
        (async () => {
          for (let i = 0; i < 3; i++) await createSelfSignedCertificate({ commonName: 'bench', keyType: 'rsa-2048' });
        })(),
      ]),
    );
    stopFlood2();
    results.push({
      name: 'main event loop p99 during a 256-character password check, an encrypted backup, certificate creation and a 16-connection flood on a practice device',
      value: busyLoop,
      unit: 'ms',
      reference: 'idle event loop, same run',
      referenceValue: idleLoop,
      ratio: idleLoop / busyLoop,
      target: 'p99 < 20 ms',
      met: busyLoop < 20,
    });
    admin.close();
    stranger.close();
    legit.close();
  } finally {
    await d.controller.stop();
    await stopPasswordStrengthWorker();
    await stopSegmentWorkers();
    rmSync(root, { recursive: true, force: true });
  }
  return results;
}
