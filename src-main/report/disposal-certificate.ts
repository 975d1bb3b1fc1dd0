// The disposal certificate (2.6 / Figure 16, 3.6 / Figure 30), in the manner of the certificate of
// sanitization of NIST SP 800-88 Rev. 1 (Appendix G): the media (the device: model, serial, firmware),
// the method (the controller's initialization of all information; the SD memory card removed or
// destroyed, because initialization does not erase it), how the result was verified and what the
// verification read over the link, where the device goes next, who did it and when. Signed like the
// other reports and chained to the device's last report.
import type { PredecessorLink } from './report-chain';

export const DISPOSAL_CERTIFICATE_FORMAT = 'mx-commissioner-disposal-certificate';

/** 'no-card-slot': the wireless LAN adapter, which has no SD memory card. */
export type SdCardFate = 'removed-kept' | 'removed-destroyed' | 'none-inserted' | 'no-card-slot';
export type Destination = 'disposal' | 'transfer' | 'reuse-in-plant' | 'return-to-vendor';

export interface FactoryStateReading {
  what: string;
  value: string;
  factory: boolean;
}

export interface DisposalCertificate {
  format: typeof DISPOSAL_CERTIFICATE_FORMAT;
  version: 1;
  generatedAt: string;
  app: { name: 'MX Commissioner'; version: string };
  /** SP 800-88 "Media information": the device. */
  device: { system: 'mx-r' | 'mx-f' | 'wlan-adapter'; model: string; serialNumber: string | null; firmwareVersion: string | null };
  /** SP 800-88 "Sanitization details": method and the categories of information it clears (2.6). */
  sanitization: {
    /** The controllers' initialization of all information; the adapter's initialization (4.4.8) and, apart, the deletion of its logs. */
    method: 'initialization-of-all-information' | 'adapter-initialization-and-log-deletion';
    /** SP 800-88 category the method corresponds to, in the project's judgement (docs/project-choices.md). */
    category: 'clear';
    cleared: string[];
    performedAt: string;
    finalBackup: { taken: boolean; file?: string; reason?: string };
    sdCard: SdCardFate;
    references: string;
  };
  /** SP 800-88 "Verification": what was read over the link after the initialization. */
  verification: { method: string; link: string; readAt: string; readings: FactoryStateReading[]; factoryState: boolean };
  destination: Destination;
  /** SP 800-88 "Sanitized by": the operator, and when the certificate was made. */
  operator: { name: string };
  /** The guideline's order of disposal (rule order.disposal: backup or declined, initialized, SD card handled). */
  order: { ruleId: 'order.disposal'; status: string };
  /** Where initialization is impossible, the guideline's advice (physical destruction). */
  advice: string;
  predecessor?: PredecessorLink;
  /** The certificate pin this installation removed for the device (2.4.7.3). */
  pinRemoved: { fingerprint256: string | null };
}

export const CLEARED_BY_INITIALIZATION = ['devices and labels', 'files', 'setting information of the security functions', 'event history', 'certificate information'];

export const DESTRUCTION_ADVICE =
  'If the initialization of all information cannot be used (a malfunction), crush or magnetically destroy the product before disposal so that no confidential information can be read from it (2.6 / 3.6).';

/** What the adapter's initialization and its log deletion clear (4.4.8, Table 45 row 1). */
export const CLEARED_ON_THE_ADAPTER = ['settings (back to the factory defaults)', 'login password (the factory password is back)', 'wireless passphrase', 'RADIUS server certificate', 'logs (deleted with the logging function: the initialization keeps them)'];

// Project choice: the guideline gives no advice for an adapter that cannot be initialized; the project
// gives the controllers' (2.6 / 3.6) for it too.
export const ADAPTER_DESTRUCTION_ADVICE =
  'If the adapter cannot be initialized or its logs cannot be deleted (a malfunction), destroy it physically before disposal so that no setting or log can be read from it (project advice, as 2.6 / 3.6 for the controllers).';
