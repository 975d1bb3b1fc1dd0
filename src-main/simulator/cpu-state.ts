// Operating state of the virtual CPU. Clients observe it the way they observe a real iQ-R/MX CPU:
// by reading SD203 (operating status) and SD0/SM0 (latest self-diagnostic error).

import type { DeviceMemory } from './device-memory';

export type OperatingState = 'RUN' | 'STOP' | 'PAUSE';

/** SD203 b0-b3 on iQ-R (and MX): 0 RUN, 2 STOP, 3 PAUSE. */
export const SD203_VALUE: Readonly<Record<OperatingState, number>> = { RUN: 0, STOP: 2, PAUSE: 3 };

export const SD_OPERATING_STATUS = 203;
/** SD0: latest self-diagnostic error code; SM0: latest error flag; SM1: self-diagnostic error flag. */
export const SD_LATEST_ERROR = 0;

export class CpuState {
  private state: OperatingState;
  private errorCode = 0;

  constructor(
    private readonly memory: DeviceMemory,
    initial: OperatingState = 'RUN',
  ) {
    this.state = initial;
    this.sync();
  }

  get operatingState(): OperatingState {
    return this.state;
  }

  get diagnosticError(): number {
    return this.errorCode;
  }

  set(state: OperatingState): void {
    this.state = state;
    this.sync();
  }

  /** Raise a self-diagnostic error (what a CPU does on a detected fault; tests and scenarios use it). */
  raiseError(code: number): void {
    this.errorCode = code & 0xffff;
    this.sync();
  }

  clearError(): void {
    this.errorCode = 0;
    this.sync();
  }

  /** Writes the state back to SD/SM, also after a client wrote over them or memory was cleared. */
  sync(): void {
    this.memory.writeWords('SD', SD_OPERATING_STATUS, [SD203_VALUE[this.state]]);
    this.memory.writeWords('SD', SD_LATEST_ERROR, [this.errorCode]);
    const flag = this.errorCode === 0 ? 0 : 1;
    this.memory.writeBits('SM', 0, [flag, flag]);
  }
}
