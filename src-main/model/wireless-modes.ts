// The wireless LAN adapter's modes (4.4.1, 4.4.2, Table 46) and channels: one list for the profile's
// schema, the virtual adapter and the wizard's forms. A leaf module without zod, so the renderer may import
// the values (the schema library's feature probe would trip the page's CSP).

export const WIRELESS_AUTHENTICATION_MODES = [
  'WPA3-Personal', 'WPA2-Personal', 'WPA/WPA2-Personal', 'WPA3-Enterprise 192-bit security', 'WPA3-Enterprise', 'WPA2-Enterprise', 'WPA/WPA2-Enterprise', 'Enhanced Open',
  // Not in Table 46: what a factory-fresh or misconfigured unit may report. Refused in a profile.
  'Open',
] as const;
export type WirelessAuthenticationMode = (typeof WIRELESS_AUTHENTICATION_MODES)[number];
export const WIRELESS_ENCRYPTION_MODES = ['AES', 'TKIP', 'AUTO(TKIP/AES)', 'none'] as const;
export type WirelessEncryptionMode = (typeof WIRELESS_ENCRYPTION_MODES)[number];

/** Table 46: the authentication/encryption combinations the adapter supports. */
export const TABLE_46_COMBINATIONS: ReadonlyArray<{ authentication: WirelessAuthenticationMode; encryption: WirelessEncryptionMode }> = [
  { authentication: 'WPA3-Personal', encryption: 'AES' },
  { authentication: 'WPA2-Personal', encryption: 'AES' },
  { authentication: 'WPA/WPA2-Personal', encryption: 'AUTO(TKIP/AES)' },
  { authentication: 'WPA3-Enterprise 192-bit security', encryption: 'AES' },
  { authentication: 'WPA3-Enterprise', encryption: 'AES' },
  { authentication: 'WPA2-Enterprise', encryption: 'AES' },
  { authentication: 'WPA/WPA2-Enterprise', encryption: 'AUTO(TKIP/AES)' },
  { authentication: 'Enhanced Open', encryption: 'AES' },
];
export const isTable46Combination = (a: string, e: string): boolean => TABLE_46_COMBINATIONS.some((c) => c.authentication === a && c.encryption === e);
export const isEnterprise = (a: string): boolean => a.includes('Enterprise');

// Project choice: 2.4 GHz channels 1-13 and the 5 GHz channels of W52/W53/W56 (Japan/EU); the adapter's
// own channel list is in its manual, not in the guideline.
export const WIRELESS_CHANNELS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 36, 40, 44, 48, 52, 56, 60, 64, 100, 104, 108, 112, 116, 120, 124, 128, 132, 136, 140] as const;
