// melsec-connect (an independent MC protocol client) as the interoperability tests and the benchmark
// use it: its MCProtocol engine directly, not its PLCClient wrapper (which sleeps 50-100 ms per tag).
// Its engine polls its queue with a timer that re-arms forever, even after dropConnection(), which
// would keep a test process alive: shutDown() stops that poll as well.
import { createRequire } from 'node:module';

export interface McProtocol {
  initiateConnection(params: Record<string, unknown>, cb: (err?: unknown) => void): void;
  readItems(addr: string, cb: (bad: boolean, result: { value: unknown; quality: unknown }) => void): unknown;
  writeItems(addr: string, value: unknown, cb: (bad: boolean, result: unknown) => void): unknown;
  setDebugLevel(level: string): void;
  dropConnection(): void;
}

interface McProtocolInternals {
  queueTimer?: ReturnType<typeof setTimeout>;
  startQueueTimer?: (ms: number) => void;
}

const require = createRequire(import.meta.url);
const MCProtocol = require('melsec-connect/src/mcprotocol/mcprotocol.js') as new () => McProtocol;

export function createMcProtocol(): McProtocol {
  const mc = new MCProtocol();
  mc.setDebugLevel('NONE');
  return mc;
}

export function shutDownMcProtocol(mc: McProtocol): void {
  const internals = mc as McProtocol & McProtocolInternals;
  internals.startQueueTimer = () => undefined;
  if (internals.queueTimer) clearTimeout(internals.queueTimer);
  mc.dropConnection();
}
