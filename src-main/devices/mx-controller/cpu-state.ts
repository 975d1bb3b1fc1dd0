// SD203 holds the CPU operating status on iQ-R and MX controllers: bits 0-3 are
// 0 = RUN, 2 = STOP, 3 = PAUSE (SLMP reference / iQ-R special register list).
export const CPU_STATE_REGISTER = { device: 'SD', head: 203 } as const;

export function cpuStateFromSd203(value: number): 'RUN' | 'STOP' | 'PAUSE' | 'unknown' {
  switch (value & 0x0f) {
    case 0:
      return 'RUN';
    case 2:
      return 'STOP';
    case 3:
      return 'PAUSE';
    default:
      return 'unknown';
  }
}
