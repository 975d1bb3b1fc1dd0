// A random password from the Web Crypto generator (never Math.random). Rejection sampling keeps every
// character equally likely; each of the four kinds appears at least once, so the device's "Strong" rule
// (at least 3 kinds) always holds.
const KINDS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '-_.!#%+=?'] as const;
// Project choice: generated passwords have 16 characters, above the profile's 12 and within the
// device limit of 32; look-alike characters (O/0, I/l/1) are left out so a written copy reads back.
export const GENERATED_LENGTH = 16;

function randomIndex(n: number): number {
  const limit = Math.floor(256 / n) * n;
  const byte = new Uint8Array(1);
  for (let i = 0; i < 1000; i++) {
    crypto.getRandomValues(byte);
    if (byte[0]! < limit) return byte[0]! % n;
  }
  throw new Error('The random generator did not answer.');
}

export function generatePassword(length = GENERATED_LENGTH): string {
  const all = KINDS.join('');
  const chars = KINDS.map((k) => k[randomIndex(k.length)]!);
  while (chars.length < length) chars.push(all[randomIndex(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomIndex(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
