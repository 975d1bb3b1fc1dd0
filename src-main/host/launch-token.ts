// The browser host's per-launch secret. It travels only in the URL fragment (which browsers never send
// to a server, so no request line or proxy log holds it) and then in the WebSocket handshake (a subprotocol)
// or as the WebSocket's first message.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function createLaunchToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Hashing both sides first gives equal lengths, so neither the content nor
 * the length of the expected token leaks through timing.
 */
export function tokenMatches(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length > 1024) return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(presented, 'utf8').digest();
  return timingSafeEqual(a, b);
}
