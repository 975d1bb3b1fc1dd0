// THE PRACTICE VENDOR KEY — FOR THE VIRTUAL (PRACTICE) DEVICES ONLY.
//
// This Ed25519 key pair signs the firmware and add-on packages of MX Commissioner's virtual controllers, so
// that the simulator, the demos and the tests can build packages the virtual devices accept. It is NOT a
// secret (it is published here on purpose), NOT a Mitsubishi Electric key, and NOT trusted by any real
// device. Never add it to the trusted keys of anything that updates real hardware: anyone can sign with it.

import { createPublicKey, type KeyObject } from 'node:crypto';

export const PRACTICE_VENDOR_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAL6BODnvYdhUQA+k37k/wLwMe/zp4Bgf1twlLB0to/so=
-----END PUBLIC KEY-----
`;

/** Published on purpose (see above): practice devices only. */
export const PRACTICE_VENDOR_PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEID0N5SYRsptRKwtLkE5KQo7CVNVlAjX1KBHKNned/sSg
-----END PRIVATE KEY-----
`;

/** keyIdOf(PRACTICE_VENDOR_PUBLIC_KEY_PEM): first 16 bytes of the SHA-256 of the SPKI, hex. */
export const PRACTICE_VENDOR_KEY_ID = '84cab9cf2408e1727b191b73e357d8de';

export function practiceVendorPublicKey(): KeyObject {
  return createPublicKey(PRACTICE_VENDOR_PUBLIC_KEY_PEM);
}
