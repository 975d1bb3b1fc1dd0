// Crypto building blocks against OpenSSL's own command line, measured in the same run on the same machine:
// (a) backup encryption throughput vs `openssl speed -evp aes-256-gcm`, (b) certificate creation time vs
// `openssl req -x509`, (c) how long the event loop stalls while backups, certificates and a KDF run — the
// point of using the async APIs: a virtual controller in the same process keeps answering.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createCipheriv, randomBytes } from 'node:crypto';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchResult } from './bench-result';
import { createBackupFile, openBackupFile } from '../src-main/crypto/backup-file';
import { sealedLength, sealSegmentRange, segmentCount } from '../src-main/crypto/gcm-segments';
import { allocateBodyBuffer, sealBody, stopSegmentWorkers } from '../src-main/crypto/segment-worker-pool';
import { createSelfSignedCertificate } from '../src-main/crypto/certificate';

const run = promisify(execFile);
const OPENSSL = '/usr/bin/openssl';
const PAYLOAD_BYTES = 64 * 1024 * 1024;
const MIB = 1024 * 1024;
const CERT_RUNS = 5;
const RUNS = 5;

export default async function cryptoBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const haveOpenssl = existsSync(OPENSSL);
  if (!haveOpenssl) console.log(`openssl not found at ${OPENSSL}: the rows that compare against it are skipped.`);
  // The buffers are the ones the backup writer allocates for a body this large (shared memory the workers
  // write into), allocated and touched once outside the timing: first-touch page faults of a fresh 64 MiB
  // buffer cost as much as the cipher itself here and measure the kernel, not the encryption.
  const payload = allocateBodyBuffer(PAYLOAD_BYTES, PAYLOAD_BYTES);
  payload.set(randomBytes(PAYLOAD_BYTES));
  const out = allocateBodyBuffer(sealedLength(PAYLOAD_BYTES), PAYLOAD_BYTES).fill(1);

  // (a) AES-256-GCM throughput of the backup writer's body sealing (sealBody: 1 MiB segments, on worker
  // threads for a body this large), without the KDF. Like openssl speed -seconds 1, each run repeats the work
  // for at least one second. The machine is shared and its speed drifts by tens of percent within a minute,
  // so ours and openssl's runs alternate (each pair sees the same conditions), and each side keeps its best
  // of RUNS: the least disturbed. openssl speed runs one thread; the writer uses the cores the machine has
  // (said in the row), and the one-thread row below shows one core's share.
  let oursMBps = 0;
  let opensslMBps = 0;
  let oneThreadMBps = 0;
  for (let i = 0; i < RUNS; i++) {
    oursMBps = Math.max(oursMBps, await sealSpeedOverOneSecond(payload, out));
    if (haveOpenssl) opensslMBps = Math.max(opensslMBps, await opensslGcmSpeed());
    oneThreadMBps = Math.max(oneThreadMBps, sealOnOneThread(payload, out));
  }
  if (haveOpenssl) {
    const ratio = oursMBps / opensslMBps;
    results.push({
      name: `backup encryption (AES-256-GCM over 64 MiB in 1 MiB segments, ${availableParallelism()} cores, no KDF, best of ${RUNS})`,
      value: oursMBps,
      unit: 'MB/s',
      reference: `openssl speed -evp aes-256-gcm -seconds 1 -bytes 16384 (best of ${RUNS}, alternating with ours)`,
      referenceValue: opensslMBps,
      ratio,
      target: '>= 0.7x',
      met: ratio >= 0.7,
    });
  }

  // (a'') The same sealing against openssl on as many processes as the writer has cores (openssl speed -multi):
  // the like-for-like view of the same measurement, without a target (the target is row (a)).
  if (haveOpenssl && availableParallelism() > 1) {
    let multiMBps = 0;
    for (let i = 0; i < RUNS; i++) multiMBps = Math.max(multiMBps, await opensslGcmSpeed(availableParallelism()));
    results.push({
      name: `backup encryption on ${availableParallelism()} cores vs openssl on as many (no target)`,
      value: oursMBps,
      unit: 'MB/s',
      reference: `openssl speed -multi ${availableParallelism()} -evp aes-256-gcm -seconds 1 -bytes 16384 (best of ${RUNS})`,
      referenceValue: multiMBps,
      ratio: oursMBps / multiMBps,
    });
  }

  // (a') One core's share, against what any Node code can reach on one core: cipher.update() called on one
  // cache-resident 16 KiB buffer for a second, the exact analogue of openssl speed. The gap between this
  // row's reference and openssl speed is the cost of Node's Cipher API (a new output buffer per call); the
  // gap between ours and it is streaming 64 MiB through RAM segment by segment.
  let nodeMBps = 0;
  for (let i = 0; i < RUNS; i++) nodeMBps = Math.max(nodeMBps, nodeUpdateSpeed16k());
  results.push({
    name: 'backup encryption on one thread vs the best a Node cipher loop can do on one thread (no target)',
    value: oneThreadMBps,
    unit: 'MB/s',
    reference: 'Node cipher.update() on one 16 KiB buffer for 1 s (best of 3)',
    referenceValue: nodeMBps,
    ratio: oneThreadMBps / nodeMBps,
  });

  // (b) Self-signed RSA-2048 server certificate, key generation included, median of CERT_RUNS.
  const ours: number[] = [];
  for (let i = 0; i < CERT_RUNS; i++) {
    const started = performance.now();
    await createSelfSignedCertificate({ commonName: 'bench', keyType: 'rsa-2048' });
    ours.push(performance.now() - started);
  }
  const oursMs = median(ours);
  if (haveOpenssl) {
    const opensslMs = await opensslReqMedian();
    const ratio = opensslMs / oursMs;
    results.push({
      name: 'certificate creation (RSA-2048, self-signed, median of 5)',
      value: oursMs,
      unit: 'ms',
      reference: 'openssl req -x509 -newkey rsa:2048 -nodes -days 365 (process, median of 5)',
      referenceValue: opensslMs,
      ratio,
      target: 'ours <= 1.5x openssl time',
      met: oursMs <= 1.5 * opensslMs,
    });
  }

  // (c) Event loop delay while (a), (b) and a full-strength scrypt backup round trip run at once.
  const idleP99 = await loopP99(() => sleep(1000));
  const busyP99 = await loopP99(async () => {
    await Promise.all([
      timeSeal(payload, out),
      (async () => {
        for (let i = 0; i < 3; i++) await createSelfSignedCertificate({ commonName: 'bench', keyType: 'rsa-2048' });
      })(),
      (async () => {
        const metadata = { model: 'MXR300-32', serial: 'B', firmware: '1.000', createdAt: new Date(), encryption: true };
        const file = await createBackupFile([{ name: 'data.bin', data: payload.subarray(0, 8 * MIB) }], { password: 'bench-password', metadata });
        await openBackupFile(file, 'bench-password');
      })(),
    ]);
  });
  results.push({
    name: 'event loop delay p99 during encryption + certificates + scrypt (N=2^17)',
    value: busyP99,
    unit: 'ms',
    reference: 'idle event loop, same run',
    referenceValue: idleP99,
    ratio: idleP99 / busyP99,
    target: 'p99 < 20 ms',
    met: busyP99 < 20,
  });
  await stopSegmentWorkers();
  return results;
}

async function sealSpeedOverOneSecond(payload: Buffer, out: Buffer): Promise<number> {
  let bytes = 0;
  let seconds = 0;
  while (seconds < 1) {
    seconds += await timeSeal(payload, out);
    bytes += payload.length;
  }
  return bytes / 1e6 / seconds;
}

async function timeSeal(payload: Buffer, out: Buffer): Promise<number> {
  const keys = { key: randomBytes(32), nonce: randomBytes(12), aad: randomBytes(160) };
  const started = performance.now();
  await sealBody(keys, payload, out);
  return (performance.now() - started) / 1000;
}

/** The same segments sealed on this thread alone, repeated for at least one second. */
function sealOnOneThread(payload: Buffer, out: Buffer): number {
  const keys = { key: randomBytes(32), nonce: randomBytes(12), aad: randomBytes(160) };
  const started = performance.now();
  let bytes = 0;
  while (performance.now() - started < 1000) {
    sealSegmentRange(keys, payload, out, 0, segmentCount(payload.length));
    bytes += payload.length;
  }
  return bytes / 1e6 / ((performance.now() - started) / 1000);
}

function nodeUpdateSpeed16k(): number {
  const block = randomBytes(16384);
  const cipher = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
  const started = performance.now();
  let bytes = 0;
  while (performance.now() - started < 1000) {
    for (let i = 0; i < 64; i++) cipher.update(block);
    bytes += 64 * block.length;
  }
  const seconds = (performance.now() - started) / 1000;
  cipher.final();
  return bytes / 1e6 / seconds;
}

/** `openssl speed` prints 1000s of bytes per second; its 16384-byte column, in MB/s (10^6). */
async function opensslGcmSpeed(processes = 1): Promise<number> {
  const multi = processes > 1 ? ['-multi', String(processes)] : [];
  const { stdout } = await run(OPENSSL, ['speed', ...multi, '-evp', 'aes-256-gcm', '-seconds', '1', '-bytes', '16384']);
  const match = /^AES-256-GCM\s+([\d.]+)k\s*$/im.exec(stdout);
  if (!match) throw new Error(`cannot read openssl speed output:\n${stdout}`);
  return Number(match[1]) / 1000;
}

async function opensslReqMedian(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'mxc-bench-'));
  try {
    const times: number[] = [];
    for (let i = 0; i < CERT_RUNS; i++) {
      const started = performance.now();
      await run(OPENSSL, [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
        '-days', '365', '-subj', '/CN=bench',
      ]);
      times.push(performance.now() - started);
    }
    return median(times);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
