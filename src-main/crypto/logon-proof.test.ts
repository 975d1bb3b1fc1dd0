import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import {
  buildAuthMessage,
  computeClientProof,
  computeServerSignature,
  createNonce,
  createVerifier,
  LogonProofError,
  verifyClientProof,
  verifyPasswordAgainstVerifier,
  verifyServerSignature,
} from './logon-proof';
import { PRACTICE_KDF } from './password-hash';

async function exchange(devicePassword: string, clientPassword: string) {
  const verifier = await createVerifier(devicePassword, PRACTICE_KDF);
  const clientNonce = createNonce();
  const combinedNonce = clientNonce + createNonce();
  const authMessage = buildAuthMessage({ userName: 'operator', clientNonce, combinedNonce, salt: verifier.salt, kdf: verifier.kdf });
  const client = await computeClientProof(clientPassword, verifier.salt, verifier.kdf, authMessage);
  return { verifier, authMessage, client };
}

test('the right password produces a proof the device accepts, and the device proves itself back', async () => {
  const { verifier, authMessage, client } = await exchange('Line-4-Press', 'Line-4-Press');
  assert.equal(verifyClientProof(verifier, authMessage, client.clientProof), true);
  assert.equal(verifyServerSignature(client.expectedServerSignature, computeServerSignature(verifier, authMessage)), true);
});

test('a wrong password is refused, and nothing sent or stored contains the password', async () => {
  const { verifier, authMessage, client } = await exchange('Line-4-Press', 'Line-4-Pres');
  assert.equal(verifyClientProof(verifier, authMessage, client.clientProof), false);
  const wire = authMessage + client.clientProof + JSON.stringify(verifier);
  assert.ok(!wire.includes('Line-4'));
});

test('a captured proof cannot be replayed against a new challenge', async () => {
  const { verifier, client } = await exchange('Line-4-Press', 'Line-4-Press');
  const clientNonce = createNonce();
  const fresh = buildAuthMessage({ userName: 'operator', clientNonce, combinedNonce: clientNonce + createNonce(), salt: verifier.salt, kdf: verifier.kdf });
  assert.equal(verifyClientProof(verifier, fresh, client.clientProof), false);
});

test('a device that does not hold the verifier cannot forge the server signature', async () => {
  const { authMessage, client } = await exchange('Line-4-Press', 'Line-4-Press');
  const impostor = await createVerifier('something-else', PRACTICE_KDF);
  assert.equal(verifyServerSignature(client.expectedServerSignature, computeServerSignature(impostor, authMessage)), false);
});

test('SCRAM structure: with PBKDF2 in place of scrypt the keys match RFC 7677 test vector', () => {
  // RFC 7677 section 3: user "user", password "pencil", 4096 iterations. Checks that ClientKey/StoredKey/
  // proof are composed exactly as SCRAM does; only the KDF differs in this design.
  const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
  const salted = pbkdf2Sync('pencil', salt, 4096, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const authMessage = 'n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
  const signature = createHmac('sha256', storedKey).update(authMessage).digest();
  const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!));
  assert.equal(proof.toString('base64'), 'dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=');
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  const verifier = { kdf: PRACTICE_KDF, salt: salt.toString('base64'), storedKey: storedKey.toString('base64'), serverKey: serverKey.toString('base64') };
  assert.equal(verifyClientProof(verifier, authMessage, proof.toString('base64')), true);
  assert.equal(computeServerSignature(verifier, authMessage), '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
});

test('the client stops when the device answers a nonce that does not extend its own', () => {
  assert.throws(
    () => buildAuthMessage({ userName: 'a', clientNonce: 'abc', combinedNonce: 'xyz123', salt: 'c2FsdA==', kdf: PRACTICE_KDF }),
    (e: unknown) => e instanceof LogonProofError && e.code === 'LOGON_PROOF_BAD_NONCE',
  );
});

test('a user name with "," or "=" cannot alter the signed message attributes', () => {
  const m = buildAuthMessage({ userName: 'a,r=evil', clientNonce: 'n1', combinedNonce: 'n1n2', salt: 'c2FsdA==', kdf: PRACTICE_KDF });
  assert.ok(m.startsWith('n=a=2Cr=3Devil,r=n1,'));
});

test('a plaintext candidate is checked against the stored verifier (used by the no-reuse rule)', async () => {
  const verifier = await createVerifier('Old-Pass-1', PRACTICE_KDF);
  assert.equal(await verifyPasswordAgainstVerifier('Old-Pass-1', verifier), true);
  assert.equal(await verifyPasswordAgainstVerifier('Old-Pass-2', verifier), false);
});
