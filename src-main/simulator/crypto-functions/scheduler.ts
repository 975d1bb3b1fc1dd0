// What drives the time-based duties of the crypto functions (the certificate's validity check, automatic
// backup). They act on the DEVICE clock (security.now()); the scheduler only says when to look at it. The
// real one polls on a timer that never keeps the process alive; tests use ManualScheduler and call tick()
// after moving the device clock, so no test waits real minutes.

export type ScheduledTask = () => void | Promise<void>;

export interface Scheduler {
  /** Runs `task` about every `intervalMs` of real time; returns what stops it. */
  every(intervalMs: number, task: ScheduledTask): () => void;
}

export const realScheduler: Scheduler = {
  every(intervalMs, task) {
    let running = false;
    const timer = setInterval(() => {
      // A slow task (a backup being written) is not started a second time on top of itself.
      if (running) return;
      running = true;
      Promise.resolve()
        .then(task)
        .catch(() => undefined)
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** For tests: tasks run only when tick() is called, in registration order, each awaited. */
export class ManualScheduler implements Scheduler {
  private readonly tasks = new Set<ScheduledTask>();

  every(_intervalMs: number, task: ScheduledTask): () => void {
    this.tasks.add(task);
    return () => this.tasks.delete(task);
  }

  async tick(): Promise<void> {
    for (const task of [...this.tasks]) await task();
  }
}
