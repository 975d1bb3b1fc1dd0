// An address of its own on loopback for a virtual controller that binds real port numbers (a stock
// controller's default services on their nominal ports), so two of them, or a test beside the app, never collide.
import { randomInt } from 'node:crypto';

/** A random 127.x.y.z (x >= 16), away from 127.0.0.1/2 which the PC side uses as its addresses. */
export function uniqueLoopbackAddress(): string {
  return `127.${randomInt(16, 250)}.${randomInt(1, 250)}.${randomInt(2, 250)}`;
}
