// The password strength estimate (zxcvbn-ts), run on a worker thread so the main process never stalls on
// it (issue 14: 1.4-4.1 s on the event loop for 256 characters froze every IPC answer and the practice
// devices). The caller bounds the input to the device rule's maximum length as well. One worker, started on
// first use and ended after a minute without a request; requests are answered in order.
import type { Worker } from 'node:worker_threads';
import { startBundledWorker } from '../../crypto/bundled-worker';

export interface StrengthRequest {
  id: number;
  password: string;
  userInputs: string[];
}
export type StrengthAnswer =
  | { id: number; score: number; warning: string | null; suggestions: string[] }
  | { id: number; error: string };

export interface StrengthEstimate {
  score: number;
  feedback: string[];
}

// Project choice: an estimate not back in 10 s (a stuck worker) fails, and the worker is replaced; an idle
// worker ends after 60 s (its dictionaries are ~30 MB).
const ESTIMATE_TIMEOUT_MS = 10_000;
const IDLE_END_MS = 60_000;

let worker: Worker | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (e: StrengthEstimate) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

function failAll(error: Error): void {
  for (const [id, w] of waiting) {
    clearTimeout(w.timer);
    waiting.delete(id);
    w.reject(error);
  }
}

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = startBundledWorker('password-strength-worker', new URL('./password-strength-worker.ts', import.meta.url));
  w.unref();
  w.on('message', (answer: StrengthAnswer) => {
    const entry = waiting.get(answer.id);
    if (!entry) return;
    waiting.delete(answer.id);
    clearTimeout(entry.timer);
    if ('error' in answer) entry.reject(new Error(`The password strength estimate failed: ${answer.error}`));
    else entry.resolve({ score: answer.score, feedback: [answer.warning, ...answer.suggestions].filter((x): x is string => typeof x === 'string' && x.length > 0) });
    scheduleIdleEnd();
  });
  // Requests belong to the current worker; an old one ending (replaced after a timeout) fails none of them.
  const gone = (error: Error): void => {
    if (worker !== w && worker !== undefined) return;
    worker = undefined;
    failAll(error);
  };
  w.on('error', gone);
  w.on('exit', () => gone(new Error('The password strength estimator stopped.')));
  worker = w;
  return w;
}

function scheduleIdleEnd(): void {
  clearTimeout(idleTimer);
  if (waiting.size > 0) return;
  idleTimer = setTimeout(() => void stopPasswordStrengthWorker(), IDLE_END_MS);
  idleTimer.unref();
}

/** The zxcvbn score (0-4) and its feedback, computed on the worker thread. */
export function estimateStrength(password: string, userInputs: string[]): Promise<StrengthEstimate> {
  const w = ensureWorker();
  clearTimeout(idleTimer);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error('The password strength estimate took too long.'));
      void stopPasswordStrengthWorker();
    }, ESTIMATE_TIMEOUT_MS);
    waiting.set(id, { resolve, reject, timer });
    w.postMessage({ id, password, userInputs } satisfies StrengthRequest);
  });
}

/** Ends the worker (tests, app exit); the next estimate starts a new one. */
export async function stopPasswordStrengthWorker(): Promise<void> {
  clearTimeout(idleTimer);
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}
