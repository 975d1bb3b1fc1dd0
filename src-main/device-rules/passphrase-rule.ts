// The personal modes' passphrase rule (WPA/WPA2/WPA3-Personal: 8-63 printable ASCII characters, IEEE 802.11
// annex J.4.1), in one place for both sides: the virtual adapter refuses a passphrase that breaks it, and the
// app judges the technician's passphrase by it before anything is written.
// A leaf: imports nothing of ours, so the simulator and the app may both use it (docs/ARCHITECTURE.md).

export const PASSPHRASE_RULE = { min: 8, max: 63 } as const;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** Whether the passphrase keeps the rule (never logged, never returned). */
export function passphraseKeepsRule(passphrase: string): boolean {
  return passphrase.length >= PASSPHRASE_RULE.min && passphrase.length <= PASSPHRASE_RULE.max && PRINTABLE_ASCII.test(passphrase);
}
