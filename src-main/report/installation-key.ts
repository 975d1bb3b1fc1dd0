// The per-installation report signing key: created once, kept in the data directory with 0600
// permissions (owner only) — not in the settings store, which is copied into support bundles.
import { AppError } from '../messages/app-error';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { createInstallationKey, keyIdOf, type InstallationKey } from '../crypto/report-signature';

// Project choice: the key's file name inside the data directory.
export const INSTALLATION_KEY_FILE = 'report-signing-key.pem';

export class InstallationKeyError extends AppError {
  declare readonly code: 'INSTALLATION_KEY_UNSAFE';
  constructor(message: string) {
    super({ code: 'INSTALLATION_KEY_UNSAFE', messageId: 'errors.installationKey.INSTALLATION_KEY_UNSAFE', englishText: message });
  }
}

export async function loadOrCreateInstallationKey(dataDir: string): Promise<InstallationKey> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, INSTALLATION_KEY_FILE);
  let pem: string | undefined;
  try {
    const st = statSync(file);
    // On POSIX a key readable by others is not this installation's secret any more.
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0)
      throw new InstallationKeyError(`The report signing key ${file} is readable by other users (mode ${(st.mode & 0o777).toString(8)}). Restrict it with "chmod 600 ${file}", or delete it to create a new key (reports signed before keep their embedded key).`);
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (pem !== undefined) {
    const publicKeyPem = createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
    return { privateKeyPem: pem, publicKeyPem, keyId: keyIdOf(publicKeyPem) };
  }
  const key = await createInstallationKey();
  // 'wx': never overwrite a key another process created meanwhile.
  writeFileSync(file, key.privateKeyPem, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
