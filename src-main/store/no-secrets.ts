// The store must never hold a secret: it is a plain JSON file in the user's profile, copied into
// support bundles and backups. This guard refuses, by shape, what looks like one. It is deliberately
// strict (a false refusal is a bug found in development; a stored password is a breach in the field).

// Project choice: object keys that name a secret. Matched case-insensitively after removing - and _.
const SECRET_KEY_NAMES = ['password', 'passwd', 'passphrase', 'privatekey', 'secret', 'token', 'apikey', 'pin', 'psk'];

const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

export class SecretInStoreError extends Error {
  override readonly name = 'SecretInStoreError';
  readonly code = 'secret-in-store' as const;
  /** Where in the value the secret was found, e.g. "devices.mx1.password" — never the secret itself. */
  readonly at: string;

  constructor(at: string, what: string) {
    super(
      `Refused to save ${what} at "${at}": settings files must never contain passwords, keys or tokens. ` +
        'This is a defect in the app; please report it.',
    );
    this.at = at;
  }
}

export function isSecretKeyName(name: string): boolean {
  const normal = name.toLowerCase().replace(/[-_\s]/g, '');
  return SECRET_KEY_NAMES.some((s) => (s.length <= 3 ? normal === s : normal.includes(s)));
}

/** Throws SecretInStoreError when `value` (at `path`) holds a PEM private key or a secret-named key. */
export function assertNoSecrets(value: unknown, path = '(value)'): void {
  walk(value, path, new Set());
}

function walk(value: unknown, path: string, seen: Set<object>): void {
  if (typeof value === 'string') {
    if (PEM_PRIVATE_KEY.test(value)) throw new SecretInStoreError(path, 'a private key');
    return;
  }
  if (value instanceof Uint8Array) {
    // Binary values are checked as text too: a PEM key could be passed as a Buffer.
    if (PEM_PRIVATE_KEY.test(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1'))) {
      throw new SecretInStoreError(path, 'a private key');
    }
    return;
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, seen));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (isSecretKeyName(key)) throw new SecretInStoreError(`${path}.${key}`, `a value named "${key}"`);
    walk(item, `${path}.${key}`, seen);
  }
}
