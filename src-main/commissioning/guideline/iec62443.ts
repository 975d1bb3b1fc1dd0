// IEC 62443-4-2 component requirements that the guideline's functions serve, with their public titles
// only (the normative text is copyrighted). Source: shared/facts/iec62443-4-2-map.md. A mapping the map
// calls "best fit" is an interpretation and is shown as such wherever a row cites it.

export const IEC_REQUIREMENTS = {
  'CR 1.1': 'Human user identification and authentication',
  'CR 1.3': 'Account management',
  'CR 1.4': 'Identifier management',
  'CR 1.5': 'Authenticator management',
  'CR 1.7': 'Strength of password-based authentication',
  'CR 1.7 RE1': 'Password generation and lifetime restrictions',
  'CR 1.8': 'Public key infrastructure certificates',
  'CR 1.9': 'Strength of public key-based authentication',
  'CR 1.11': 'Unsuccessful login attempts',
  'CR 1.12': 'System use notification',
  'CR 1.13': 'Access via untrusted networks',
  'CR 2.1': 'Authorization enforcement',
  'CR 2.1 RE2': 'Permission mapping to roles',
  'CR 2.2': 'Wireless use control',
  'CR 2.5': 'Session lock',
  'CR 2.6': 'Remote session termination',
  'CR 2.7': 'Concurrent session control',
  'CR 2.8': 'Auditable events',
  'CR 2.9': 'Audit storage capacity',
  'CR 2.9 RE1': 'Warn when audit record storage capacity threshold reached',
  'CR 2.10': 'Response to audit processing failures',
  'CR 2.11': 'Timestamps',
  'CR 3.1': 'Communication integrity',
  'CR 3.3': 'Security functionality verification',
  'CR 3.4': 'Software and information integrity',
  'CR 3.8': 'Session integrity',
  'CR 3.9': 'Protection of audit information',
  'CR 4.1': 'Information confidentiality',
  'CR 4.2': 'Information persistence',
  'CR 4.2 RE1': 'Erase of shared memory resources',
  'CR 4.2 RE2': 'Erase verification',
  'CR 4.3': 'Use of cryptography',
  'CR 5.1': 'Network segmentation',
  'CR 6.1': 'Audit log accessibility',
  'CR 6.2': 'Continuous monitoring',
  'CR 7.1': 'Denial of service protection',
  'CR 7.1 RE1': 'Manage communication load',
  'CR 7.2': 'Resource management',
  'CR 7.3': 'Control system backup',
  'CR 7.3 RE1': 'Backup integrity verification',
  'CR 7.4': 'Control system recovery and reconstitution',
  'CR 7.6': 'Network and security configuration settings',
  'CR 7.6 RE1': 'Machine-readable reporting of current security settings',
  'CR 7.7': 'Least functionality',
  'CR 7.8': 'Control system component inventory',
  'EDR 3.10': 'Support for updates',
  'EDR 3.10 RE1': 'Update authenticity and integrity',
  'NDR 1.6': 'Wireless access management',
} as const;

export type IecRequirementId = keyof typeof IEC_REQUIREMENTS;

/** A requirement a row or step serves; `bestFit` where the facts map marks the mapping an interpretation. */
export interface IecMapping {
  id: IecRequirementId;
  title: string;
  bestFit: boolean;
}

export function iec(id: IecRequirementId, options: { bestFit?: boolean } = {}): IecMapping {
  return { id, title: IEC_REQUIREMENTS[id], bestFit: options.bestFit ?? false };
}

/** The groups of the facts map, one per guideline function, reused by the three tables. */
export const IEC_BY_FUNCTION = {
  usersAndAuthorities: [iec('CR 1.1'), iec('CR 1.3'), iec('CR 1.4'), iec('CR 2.1'), iec('CR 2.1 RE2')],
  initializeBeforeCommissioning: [iec('CR 1.5'), iec('CR 7.4')],
  enhancedSecurity: [iec('CR 7.6'), iec('CR 7.6 RE1'), iec('CR 7.7')],
  passwordStrength: [iec('CR 1.7')],
  passwordExpiry: [iec('CR 1.7 RE1'), iec('CR 1.5')],
  lockout: [iec('CR 1.11')],
  logonMessage: [iec('CR 1.12')],
  sessionTimers: [iec('CR 2.5'), iec('CR 2.6'), iec('CR 2.7')],
  eventHistoryEnabled: [iec('CR 2.8'), iec('CR 2.11'), iec('CR 6.1')],
  eventHistorySize: [iec('CR 2.9'), iec('CR 2.9 RE1'), iec('CR 2.10')],
  eventHistoryInDataMemory: [iec('CR 2.9', { bestFit: true }), iec('CR 3.9', { bestFit: true })],
  eventHistoryTamperCheck: [iec('CR 3.9'), iec('CR 3.4')],
  correctTime: [iec('CR 2.11')],
  encryptedBackups: [iec('CR 7.3'), iec('CR 7.3 RE1'), iec('CR 4.1'), iec('CR 4.3')],
  encryptedCommunication: [iec('CR 1.8'), iec('CR 1.9'), iec('CR 3.1'), iec('CR 3.8'), iec('CR 4.1'), iec('CR 4.3')],
  ipFilter: [iec('CR 5.1', { bestFit: true }), iec('CR 1.13', { bestFit: true })],
  defaultOpenPorts: [iec('CR 7.7'), iec('CR 7.6')],
  bandwidthLimit: [iec('CR 7.1'), iec('CR 7.1 RE1'), iec('CR 7.2')],
  firmwareUpdate: [iec('EDR 3.10'), iec('EDR 3.10 RE1'), iec('CR 3.4')],
  wireless: [iec('NDR 1.6'), iec('CR 2.2'), iec('CR 4.3')],
  periodicVerification: [iec('CR 3.3'), iec('CR 6.2'), iec('CR 7.8')],
  disposal: [iec('CR 4.2'), iec('CR 4.2 RE1'), iec('CR 4.2 RE2')],
} as const satisfies Record<string, readonly IecMapping[]>;
