// While the engine waits for the person (a confirmation, a typed model name, a disruptive check to
// allow), nothing travels on the link; the device's Ethernet alive check (Table 9 row 8, the profile's
// ethernetAliveCheckSeconds) would close it, and the answer would meet a lost connection. So the engine
// keeps the link alive with a harmless request while a question is open.
import type { DeviceDriver } from '../../devices/device-driver';
import type { Operator } from './operator';

export interface KeepAlivePolicy {
  /** The engine's driver now (it changes at a restart or a reconnection). */
  driver: () => DeviceDriver | undefined;
  /** The alive check the device enforces on an idle connection, in seconds (undefined: not known). */
  aliveCheckSeconds: () => number | undefined;
  /**
   * How long a question keeps the link alive. Project choice: the profile's logoff timeout, so the app
   * never holds a quiet session open longer than the device would for a person at the engineering tool.
   */
  maxWaitMs: () => number;
}

/** Project choice: at most every 10 s, and three requests within the shortest alive check. */
export function keepAliveIntervalMs(aliveCheckSeconds: number | undefined): number {
  const within = aliveCheckSeconds === undefined ? 10_000 : (aliveCheckSeconds * 1000) / 3;
  return Math.max(250, Math.min(10_000, Math.floor(within)));
}

/** Runs `wait` (a question to the person) with the link kept alive until it settles, bounded in time. */
export async function whileKeepingAlive<T>(policy: KeepAlivePolicy, wait: () => Promise<T>): Promise<T> {
  const started = Date.now();
  let inFlight = false;
  const timer = setInterval(() => {
    if (Date.now() - started > policy.maxWaitMs()) {
      clearInterval(timer);
      return;
    }
    const driver = policy.driver();
    if (!driver?.keepAlive || driver.link.closed || inFlight) return;
    inFlight = true;
    // A failed keep-alive is not an error of the step: the next operation reconnects or reports it.
    driver
      .keepAlive()
      .catch(() => undefined)
      .finally(() => (inFlight = false));
  }, keepAliveIntervalMs(policy.aliveCheckSeconds()));
  timer.unref?.();
  try {
    return await wait();
  } finally {
    clearInterval(timer);
  }
}

/** The same operator, each question asked with the link kept alive. */
export function operatorKeepingLinkAlive(operator: Operator, policy: KeepAlivePolicy): Operator {
  return {
    get name() {
      return operator.name;
    },
    confirmInitialization: (model, clears) => whileKeepingAlive(policy, () => operator.confirmInitialization(model, clears)),
    backupBeforeInitialization: (model, purpose) => whileKeepingAlive(policy, () => operator.backupBeforeInitialization(model, purpose)),
    performManually: (step, what, whatJa) => whileKeepingAlive(policy, () => operator.performManually(step, what, whatJa)),
    ...(operator.confirmDisruptive ? { confirmDisruptive: (check) => whileKeepingAlive(policy, () => operator.confirmDisruptive!(check)) } : {}),
  };
}
