// Backup, restoration and firmware update cannot run at the same time on one controller (Table 35 row 5:
// automatic backup retries while "a function that cannot be executed simultaneously is running"). One lock
// per controller, shared by the modules of this folder.

import type { VirtualController } from '../virtual-controller';

export class ExclusiveFunctions {
  private holder: string | undefined;

  /** What holds the lock ("restoration", "firmware update", ...), if anything. */
  get busyWith(): string | undefined {
    return this.holder;
  }

  /** Takes the lock for `what`; returns its release, or undefined while another function holds it. */
  tryAcquire(what: string): (() => void) | undefined {
    if (this.holder !== undefined) return undefined;
    this.holder = what;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holder = undefined;
    };
  }
}

const locks = new WeakMap<VirtualController, ExclusiveFunctions>();

export function exclusiveFunctionsOf(controller: VirtualController): ExclusiveFunctions {
  let lock = locks.get(controller);
  if (!lock) {
    lock = new ExclusiveFunctions();
    locks.set(controller, lock);
  }
  return lock;
}
