// Device memory of the virtual controller: what SLMP device read/write (0401/1401) reaches.
// Volatile by design: it lives in the process only and is cleared when the controller restarts, like
// the device memory of a real CPU after a reset, except the latched ranges (and the file registers),
// which a real CPU keeps in battery-backed memory.

import type { DeviceName } from '../slmp/devices';
import { END, EndCodeError } from './end-code-error';

export type DeviceKind = 'word' | 'bit';

export interface DeviceArea {
  readonly name: MemoryDeviceName;
  readonly kind: DeviceKind;
  /** Number of points (words for word devices, bits for bit devices). */
  readonly size: number;
  /** Points [from, to) kept across a restart and cleared by remote latch clear. */
  readonly latch?: { readonly from: number; readonly to: number };
  /** Kept across a restart and not touched by latch clear (file registers). */
  readonly retained?: boolean;
}

export type MemoryDeviceName = DeviceName;

// Project choice: device sizes follow the iQ-R default device allocation (D 18K, M/X/Y 12K, SD/SM 4K,
// W/B 8K, R 32K) and give ZR 128K words; the latch (1) range is D8000-D8999 and M8000-M8999. The MX
// manuals do not give default allocations publicly; these are large enough for every practice program.
export const DEVICE_AREAS: readonly DeviceArea[] = [
  { name: 'D', kind: 'word', size: 18432, latch: { from: 8000, to: 9000 } },
  { name: 'M', kind: 'bit', size: 12288, latch: { from: 8000, to: 9000 } },
  { name: 'X', kind: 'bit', size: 12288 },
  { name: 'Y', kind: 'bit', size: 12288 },
  { name: 'SD', kind: 'word', size: 4096 },
  { name: 'SM', kind: 'bit', size: 4096 },
  { name: 'W', kind: 'word', size: 8192 },
  { name: 'B', kind: 'bit', size: 8192 },
  { name: 'R', kind: 'word', size: 32768, retained: true },
  { name: 'ZR', kind: 'word', size: 131072, retained: true },
];

type Store = { area: DeviceArea; cells: Uint16Array | Uint8Array };

export class DeviceMemory {
  private readonly stores = new Map<string, Store>();

  constructor(areas: readonly DeviceArea[] = DEVICE_AREAS) {
    for (const area of areas) {
      const cells = area.kind === 'word' ? new Uint16Array(area.size) : new Uint8Array(area.size);
      this.stores.set(area.name, { area, cells });
    }
  }

  area(device: string): DeviceArea | undefined {
    return this.stores.get(device)?.area;
  }

  /**
   * Reads `count` words. On a bit device each word packs 16 consecutive points, the first point in
   * bit 0, as SLMP word access to bit devices does.
   */
  readWords(device: string, start: number, count: number): number[] {
    const { area, cells } = this.store(device);
    const out: number[] = new Array<number>(count);
    if (area.kind === 'word') {
      this.checkRange(area, start, count);
      for (let i = 0; i < count; i++) out[i] = cells[start + i]!;
    } else {
      this.checkRange(area, start, count * 16);
      for (let i = 0; i < count; i++) {
        let w = 0;
        for (let b = 0; b < 16; b++) if (cells[start + i * 16 + b]) w |= 1 << b;
        out[i] = w;
      }
    }
    return out;
  }

  writeWords(device: string, start: number, words: readonly number[]): void {
    const { area, cells } = this.store(device);
    if (area.kind === 'word') {
      this.checkRange(area, start, words.length);
      for (let i = 0; i < words.length; i++) cells[start + i] = words[i]! & 0xffff;
    } else {
      this.checkRange(area, start, words.length * 16);
      for (let i = 0; i < words.length; i++) {
        for (let b = 0; b < 16; b++) cells[start + i * 16 + b] = (words[i]! >> b) & 1;
      }
    }
  }

  /** Bit access exists for bit devices only (a word device in a bit request: C05B). */
  readBits(device: string, start: number, count: number): number[] {
    const { area, cells } = this.bitStore(device);
    this.checkRange(area, start, count);
    return Array.from(cells.subarray(start, start + count));
  }

  writeBits(device: string, start: number, bits: readonly number[]): void {
    const { area, cells } = this.bitStore(device);
    this.checkRange(area, start, bits.length);
    for (let i = 0; i < bits.length; i++) cells[start + i] = bits[i] ? 1 : 0;
  }

  /** What a restart does: everything but latched ranges and retained areas goes back to 0. */
  clearVolatile(): void {
    for (const { area, cells } of this.stores.values()) {
      if (area.retained) continue;
      if (!area.latch) {
        cells.fill(0);
        continue;
      }
      cells.fill(0, 0, area.latch.from);
      cells.fill(0, area.latch.to);
    }
  }

  /** Remote latch clear: the latched ranges go back to 0 (file registers are not latch devices). */
  clearLatched(): void {
    for (const { area, cells } of this.stores.values()) {
      if (area.latch) cells.fill(0, area.latch.from, area.latch.to);
    }
  }

  private store(device: string): Store {
    const s = this.stores.get(device);
    // A device code the controller does not have: the CPU itself rejects it (4030 on iQ-R).
    if (!s) throw new EndCodeError(END.unsupportedDevice, `Device ${device} does not exist on this controller`);
    return s;
  }

  private bitStore(device: string): Store {
    const s = this.store(device);
    if (s.area.kind !== 'bit') {
      throw new EndCodeError(END.wrongUnit, `Device ${device} is a word device and cannot be accessed in bits`);
    }
    return s;
  }

  private checkRange(area: DeviceArea, start: number, points: number): void {
    if (start < 0 || points < 0 || start + points > area.size) {
      throw new EndCodeError(
        END.outOfRange,
        `${area.name}${start} + ${points} points is outside ${area.name}0-${area.name}${area.size - 1}`,
      );
    }
  }
}
