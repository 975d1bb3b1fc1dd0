// Every benchmark is a ratio against a reference measured in the same run, on the same machine, so
// the number means something on a laptop and on CI alike.
export interface BenchResult {
  name: string;
  /** What we measured, e.g. 12345 round trips/s. */
  value: number;
  unit: string;
  /** What we compare against, e.g. "melsec-connect, sequential" or "openssl speed -evp aes-256-gcm". */
  reference: string;
  referenceValue: number;
  /** value / referenceValue for "higher is better", referenceValue / value otherwise: > 1 means we beat it. */
  ratio: number;
  /** Target on the ratio or on the value, in words, e.g. ">= 3x" or "p99 < 20 ms". */
  target?: string;
  met?: boolean;
}

export type BenchModule = { default: () => Promise<BenchResult[]> };
