// SLMP round trips per second against one virtual controller started in this run: melsec-connect
// (an independent implementation) sequential as the reference, our SlmpClient sequential, and our
// SlmpClient with 4E pipelining. Each round trip is a 1-word device read of D0.
//
// The reference is melsec-connect's MCProtocol engine, not its PLCClient wrapper: PLCClient sleeps
// 50 ms after every tag on purpose, which would measure a timer, not a protocol implementation.
import { createMcProtocol, shutDownMcProtocol } from '../src-main/simulator/testing/melsec-connect';
import type { BenchResult } from './bench-result';
import { startVirtualController } from '../src-main/simulator/start-virtual-controller';
import { SlmpClient } from '../src-main/slmp/client';
import { connectTcp } from '../src-main/links/tcp-link';

const MEASURE_MS = 2000;
const WARMUP_MS = 200;
const PIPELINE_DEPTH = 32;


/** Runs `once` back to back for WARMUP_MS, then counts completions for MEASURE_MS. */
async function perSecond(once: () => Promise<void>): Promise<number> {
  const warmEnd = Date.now() + WARMUP_MS;
  while (Date.now() < warmEnd) await once();
  const start = performance.now();
  const end = start + MEASURE_MS;
  let n = 0;
  while (performance.now() < end) {
    await once();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

/** Keeps `depth` requests in flight for the whole measurement window. */
async function perSecondPipelined(once: () => Promise<void>, depth: number): Promise<number> {
  const run = async (ms: number): Promise<{ n: number; s: number }> => {
    const start = performance.now();
    const end = start + ms;
    let n = 0;
    await Promise.all(
      Array.from({ length: depth }, async () => {
        while (performance.now() < end) {
          await once();
          n++;
        }
      }),
    );
    return { n, s: (performance.now() - start) / 1000 };
  };
  await run(WARMUP_MS);
  const { n, s } = await run(MEASURE_MS);
  return n / s;
}

export default async function slmpRoundTrips(): Promise<BenchResult[]> {
  const sim = await startVirtualController({ model: 'MXR300-32', host: '127.0.0.1', slmpPort: 0 });
  try {
    const slmp = sim.listeners.find((l) => l.service === 'slmp');
    if (!slmp || slmp.transport !== 'tcp') throw new Error('the virtual controller opened no SLMP service');

    // (a) melsec-connect, sequential, 4E binary, iQ-R device form.
    const mc = createMcProtocol();
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('melsec-connect did not connect')), 3000);
      mc.initiateConnection(
        { host: slmp.host, port: slmp.port, protocol: 'TCP', ascii: false, frame: '4E', plcType: 'R', logLevel: 'NONE' },
        () => {
          clearTimeout(t);
          resolve();
        },
      );
    });
    const mcRead = (): Promise<void> =>
      new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('melsec-connect: no answer within 2 s')), 2000);
        mc.readItems('D0', (bad) => {
          clearTimeout(t);
          if (bad) reject(new Error('melsec-connect: bad quality'));
          else resolve();
        });
      });
    const reference = await perSecond(mcRead);
    shutDownMcProtocol(mc);

    // (b) our client, sequential.
    const seqClient = new SlmpClient(await connectTcp({ host: slmp.host, port: slmp.port, virtual: true }), { timeoutMs: 2000 });
    const sequential = await perSecond(async () => {
      await seqClient.readWords('D', 0, 1);
    });
    await seqClient.close();

    // (c) our client, 4E pipelining.
    const pipeClient = new SlmpClient(await connectTcp({ host: slmp.host, port: slmp.port, virtual: true }), {
      timeoutMs: 2000,
      maxInFlight: PIPELINE_DEPTH,
    });
    const pipelined = await perSecondPipelined(async () => {
      await pipeClient.readWords('D', 0, 1);
    }, PIPELINE_DEPTH);
    await pipeClient.close();

    const refName = 'melsec-connect sequential (4E, 1-word read)';
    return [
      {
        name: 'SlmpClient sequential (4E, 1-word read)',
        value: sequential,
        unit: 'round trips/s',
        reference: refName,
        referenceValue: reference,
        ratio: sequential / reference,
      },
      {
        name: `SlmpClient 4E pipelined (${PIPELINE_DEPTH} in flight, 1-word read)`,
        value: pipelined,
        unit: 'round trips/s',
        reference: refName,
        referenceValue: reference,
        ratio: pipelined / reference,
        target: '>= 3x',
        met: pipelined / reference >= 3,
      },
    ];
  } finally {
    await sim.stop();
  }
}
