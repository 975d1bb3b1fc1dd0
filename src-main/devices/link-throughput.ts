// Timing a link's throughput for the bandwidth limitation (2.4.10.1: "check the normal communication
// bandwidth ... in advance and set an appropriate bandwidth"). A bounded series of standard SLMP self
// tests (0619, public: a real controller echoes up to 960 characters) is the heaviest request/response
// traffic an engineering tool puts on the controller; the bytes each way (frames included, counted by the
// SLMP client) over the time they took give the rate. What it cannot see (the plant's other partners,
// the Ethernet port while on USB) is said with the result by the caller, never hidden.
import { PROJECT_LIMITS } from '../model/security-settings';

/** One echo: the bytes the PC sent and received for it (frames included). */
export type Echo = (text: string) => Promise<{ sent: number; received: number }>;

export interface ThroughputReading {
  rounds: number;
  echoBytes: number;
  /** Bytes this PC sent (= the controller received) and received (= the controller sent). */
  bytesSent: number;
  bytesReceived: number;
  elapsedMs: number;
  /** The controller's directions, as its bandwidth setting names them (kbit/s). */
  controllerSendKbps: number;
  controllerReceiveKbps: number;
}

// Project choices (docs/project-choices.md): at most 40 echoes of 960 characters, at most 5 s in all.
export const THROUGHPUT_ROUNDS = 40;
export const THROUGHPUT_MAX_MS = 5_000;
export const ECHO_CHARACTERS = 960;
/** The suggested limit is twice the measured rate (headroom for peaks), in steps of 64 kbit/s. */
export const SUGGESTION_HEADROOM = 2;
const STEP_KBPS = 64;

export async function measureThroughput(echo: Echo, options: { rounds?: number; maxMs?: number; now?: () => number; signal?: AbortSignal } = {}): Promise<ThroughputReading> {
  const rounds = Math.max(1, Math.min(options.rounds ?? THROUGHPUT_ROUNDS, THROUGHPUT_ROUNDS));
  const maxMs = Math.min(options.maxMs ?? THROUGHPUT_MAX_MS, THROUGHPUT_MAX_MS);
  const now = options.now ?? (() => performance.now());
  // 0-9, A-F as the self test requires; varied so that no layer can compress or cache it.
  const text = Array.from({ length: ECHO_CHARACTERS }, (_, i) => '0123456789ABCDEF'[(i * 7 + 3) % 16]).join('');
  let sent = 0;
  let received = 0;
  let done = 0;
  const start = now();
  while (done < rounds && now() - start < maxMs) {
    options.signal?.throwIfAborted();
    const bytes = await echo(text);
    sent += bytes.sent;
    received += bytes.received;
    done++;
  }
  const elapsedMs = Math.max(now() - start, 0.001);
  const kbps = (bytes: number) => (bytes * 8) / elapsedMs; // bytes/ms * 8 = kbit/s
  return { rounds: done, echoBytes: ECHO_CHARACTERS, bytesSent: sent, bytesReceived: received, elapsedMs, controllerSendKbps: kbps(received), controllerReceiveKbps: kbps(sent) };
}

/** A limit with headroom above a measured rate, within the setting's range (kbit/s). */
export function suggestedLimitKbps(measuredKbps: number): number {
  const { min, max } = PROJECT_LIMITS.bandwidthKbps;
  const wanted = Math.ceil((measuredKbps * SUGGESTION_HEADROOM) / STEP_KBPS) * STEP_KBPS;
  return Math.min(max, Math.max(min, wanted));
}
