// What a command handler throws to make the controller answer with an SLMP end code (and the 9 bytes
// of error information) instead of data. Anything else thrown by a handler is a simulator bug.

export class EndCodeError extends Error {
  readonly code = 'SIM_END_CODE';
  constructor(
    readonly endCode: number,
    message: string,
  ) {
    super(`${message} (end code ${endCode.toString(16).toUpperCase().padStart(4, '0')})`);
    this.name = 'EndCodeError';
  }
}

/** End codes the virtual controller answers with (values from the public SLMP reference). */
export const END = {
  ok: 0x0000,
  tooManyWords: 0xc051,
  tooManyBits: 0xc052,
  outOfRange: 0xc056,
  notSupported: 0xc059,
  wrongUnit: 0xc05b,
  badData: 0xc05c,
  notExecutable: 0xc05f,
  lengthMismatch: 0xc061,
  /** CPU-detected: the operation needs the CPU in STOP (e.g. remote latch clear in RUN). */
  cpuNotStopped: 0x4013,
  unsupportedDevice: 0x4030,
} as const;
