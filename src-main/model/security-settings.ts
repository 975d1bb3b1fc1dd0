// The security profile: what a technician decides to set on one device, checked here before anything
// reaches the device. It is user-editable data (a JSON file the technician may keep per site), so every
// field is validated with zod and every error names the field (path) and what to do.
//
// A profile NEVER holds a secret: no user password, no backup encryption password, no adapter login
// password, no private key, no pre-shared key. Those are asked for at the moment they are written and are
// never stored. Any key that looks like a secret is refused with its path (see SECRET_KEY).
import { z } from 'zod';

export const SYSTEMS = ['mx-r', 'mx-f', 'wlan-adapter'] as const;
export type SecuritySystem = (typeof SYSTEMS)[number];
export const SecuritySystemSchema = z.enum(SYSTEMS);

export const PROFILE_SCHEMA_VERSION = 1;

// ---------------------------------------------------------------------------------------------------
// Project choices: every value the guideline and public sources do not give, in one place.
// ---------------------------------------------------------------------------------------------------
export const PROJECT_LIMITS = {
  // Project choice: "Strong" = at least 8 characters of at least 3 kinds (the engineering tool's project
  // password rule, facts/slmp-and-devices.md); the controller's own rule is not public.
  passwordMinLength: { min: 8, max: 32 },
  // Project choice: 1-1000 days, the range of the same vendor's HMI (facts); no MX value is public.
  passwordExpiryDays: { min: 1, max: 1000 },
  passwordHistoryCount: { min: 0, max: 24 },
  // Project choice: lockout after 3-10 failures for 1-60 minutes, the HMI's range (3-10, 1-3600 s).
  lockoutFailures: { min: 3, max: 10 },
  lockoutMinutes: { min: 1, max: 60 },
  logonMessageMaxLength: 256,
  // Project choice: auto-logoff 1-60 min (HMI range); Ethernet alive check and FTP session 1-3600 s.
  logoffTimeoutMinutes: { min: 1, max: 60 },
  connectionTimerSeconds: { min: 1, max: 3600 },
  // Project choice: a clock within 2 s of the PC counts as "correct time" (Table 9 row 12); the
  // technician may allow up to 300 s where the PC itself is not synchronised.
  clockMaxOffsetSeconds: { min: 1, max: 300 },
  // Project choice: event history 16-2048 KB; 128 KB is the vendor's C controller default (~1365 events).
  eventHistorySizeKb: { min: 16, max: 2048 },
  // Project choice: a profile filters out at most 64 events (the device's catalogue is smaller; the
  // device judges the names).
  eventFilterMaxEntries: 64,
  periodicIntervalDays: { min: 1, max: 365 },
  certificateValidityDays: { min: 1, max: 3650 },
  ipFilterMaxEntries: 32,
  // Project choice: bandwidth limits in kbit/s, 64 kbit/s to 1 Gbit/s (units and ranges are not public).
  bandwidthKbps: { min: 64, max: 1_000_000 },
  userNameMaxLength: 20,
  macFilterMaxEntries: 64,
} as const;

/** Keys whose presence means somebody tried to put a secret in a profile. */
const SECRET_KEY = /^(password|passwd|passphrase|secret|privateKey|private_key|psk|preSharedKey|pin|token|apiKey)$/i;

// ---------------------------------------------------------------------------------------------------
// Users, groups and authorities (2.4.4.1, Table 11)
// ---------------------------------------------------------------------------------------------------

/**
 * Operation authorities named in 2.4.4.1 (file access, memory access, device access, diagnosis, remote
 * operation, update). Project choice: file and device access are split into read and write because
 * Table 11 distinguishes the Users group (data viewing, no file writing) from the Administrators group.
 */
export const AUTHORITIES = ['file-read', 'file-write', 'memory-access', 'device-read', 'device-write', 'diagnosis', 'remote-operation', 'update'] as const;
export type Authority = (typeof AUTHORITIES)[number];

/** Table 11: the two built-in groups and their fixed authorities ("cannot be changed"). */
export const BUILT_IN_GROUPS = {
  administrators: { name: 'Administrators', authorities: [...AUTHORITIES] as Authority[] },
  // Project choice: "only data viewing such as file reading" = file and device reading.
  users: { name: 'Users', authorities: ['file-read', 'device-read'] as Authority[] },
} as const;

const UserNameSchema = z
  .string()
  .min(1, 'Enter a user name.')
  .max(PROJECT_LIMITS.userNameMaxLength, `A user name has at most ${PROJECT_LIMITS.userNameMaxLength} characters.`)
  .regex(/^[A-Za-z0-9_.-]+$/, 'A user name uses letters, digits, "_", "." and "-" only.');

export const UserGroupSchema = z
  .object({
    name: z.string().min(1).max(32),
    kind: z.enum(['administrators', 'users', 'user-defined']),
    authorities: z.array(z.enum(AUTHORITIES)),
  })
  .strict();
export type UserGroup = z.infer<typeof UserGroupSchema>;

export const UserSchema = z.object({ name: UserNameSchema, group: z.string().min(1) }).strict();
export type User = z.infer<typeof UserSchema>;

export const UsersSchema = z.object({ users: z.array(UserSchema), groups: z.array(UserGroupSchema) }).strict();
export type UserInformation = z.infer<typeof UsersSchema>;

// ---------------------------------------------------------------------------------------------------
// The rest of the controller settings (Table 9 / Table 27 and 2.4.x / 3.4.x)
// ---------------------------------------------------------------------------------------------------
const int = (range: { min: number; max: number }, what: string) =>
  z.number().int(`${what} is a whole number.`).min(range.min, `${what} is at least ${range.min}.`).max(range.max, `${what} is at most ${range.max}.`);

export const PasswordPolicySchema = z
  .object({
    strength: z.enum(['weak', 'medium', 'strong']),
    minLength: int(PROJECT_LIMITS.passwordMinLength, 'The minimum password length'),
    expiryEnabled: z.boolean(),
    expiryDays: int(PROJECT_LIMITS.passwordExpiryDays, 'The password expiry'),
    historyCount: int(PROJECT_LIMITS.passwordHistoryCount, 'The password history count'),
  })
  .strict();
export type PasswordPolicy = z.infer<typeof PasswordPolicySchema>;

export const LockoutSchema = z
  .object({ failures: int(PROJECT_LIMITS.lockoutFailures, 'The number of failures before lockout'), minutes: int(PROJECT_LIMITS.lockoutMinutes, 'The lockout time') })
  .strict();

export const LogonMessageSchema = z
  .object({ enabled: z.boolean(), text: z.string().max(PROJECT_LIMITS.logonMessageMaxLength, `The logon message has at most ${PROJECT_LIMITS.logonMessageMaxLength} characters.`) })
  .strict()
  .refine((m) => !m.enabled || m.text.trim().length > 0, { message: 'Write the usage notification message shown at logon, or turn the message off (Table 9 row 6).', path: ['text'] });

/** Table 9 row 8: the timers of the user authentication, Ethernet communication and FTP server functions. */
export const SessionTimersSchema = z
  .object({
    logoffTimeoutMinutes: int(PROJECT_LIMITS.logoffTimeoutMinutes, 'The logoff timeout'),
    ethernetAliveCheckSeconds: int(PROJECT_LIMITS.connectionTimerSeconds, 'The Ethernet alive check timer'),
    ftpSessionTimeoutSeconds: int(PROJECT_LIMITS.connectionTimerSeconds, 'The FTP session timer'),
  })
  .strict();

/** 2.4.4.2: device/label access is a user authentication target in the out-of-target operation setting. */
export const OutOfTargetOperationSchema = z.object({ deviceLabelAccessAuthenticated: z.boolean() }).strict();

export const ClockSchema = z
  .object({
    /** Where the controller's time comes from. SNTP is used only inside the trust boundary (2.4.7.1). */
    source: z.enum(['engineering-tool', 'sntp']),
    sntpServer: z.ipv4('The SNTP server is an IPv4 address.').optional(),
    maxOffsetSeconds: int(PROJECT_LIMITS.clockMaxOffsetSeconds, 'The allowed clock offset'),
  })
  .strict()
  .refine((c) => c.source !== 'sntp' || c.sntpServer !== undefined, { message: 'Enter the SNTP server address (inside the trust boundary).', path: ['sntpServer'] });

export const EventHistorySchema = z
  .object({
    enabled: z.boolean(),
    destination: z.enum(['data-memory', 'sd-card']),
    sizeKb: int(PROJECT_LIMITS.eventHistorySizeKb, 'The event history size (KB)'),
    tamperCheck: z.boolean(),
    /** How often the technician's site backs the history up to a PC (Table 9 row 11). */
    backupIntervalDays: int(PROJECT_LIMITS.periodicIntervalDays, 'The event history backup interval (days)'),
    /**
     * The event filter: events the device shall not save (Table 17 row 4, "each event for which no filter
     * settings have been made shall be saved"). The app has no event catalogue of its own (a real
     * controller's is not public): the device is the judge of the names, and it refuses unknown ones and
     * those whose hiding would hide an attack, with their index.
     */
    excludedEvents: z
      .array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'An event name is lower-case words joined by "-", as the device reports it (e.g. "file-read").'))
      .max(PROJECT_LIMITS.eventFilterMaxEntries, `At most ${PROJECT_LIMITS.eventFilterMaxEntries} events can be filtered out.`)
      .refine((names) => new Set(names).size === names.length, { message: 'An event is listed twice; list each event once.' })
      .optional(),
  })
  .strict();

/** 2.4.6.1: whether backups are encrypted. The encryption password is a secret and never in a profile. */
export const BackupEncryptionSchema = z.object({ enabled: z.boolean() }).strict();

export const CertificateSchema = z
  .object({
    validityDays: int(PROJECT_LIMITS.certificateValidityDays, 'The certificate validity (days)').default(365),
    // Project choice: ECDSA P-256 by default (fast to create, supported by TLS 1.2 and 1.3); RSA 2048 is
    // offered for partners that need it. The engineering tool's key type is not public.
    keyType: z.enum(['ecdsa-p256', 'rsa-2048']),
  })
  .strict();

/** Table 13 / Table 31: the communication functions that can be encrypted. */
export const COMMUNICATION_FUNCTIONS = ['melsoft-got', 'slmp', 'ftps', 'socket', 'opc-ua'] as const;
export type CommunicationFunction = (typeof COMMUNICATION_FUNCTIONS)[number];
export const COMMUNICATION_FUNCTION_TITLES: Record<CommunicationFunction, string> = {
  'melsoft-got': 'Connection with MELSOFT products and GOT',
  slmp: 'Communication via SLMP',
  ftps: 'File transfer (FTPS server/client)',
  socket: 'Communication via socket communication',
  'opc-ua': 'OPC UA server',
};

export const CommunicationUseSchema = z
  .object({
    inUse: z.boolean(),
    /** Whether the partners of this function sit beyond the trust boundary (then TLS is required, row 15). */
    beyondTrustBoundary: z.boolean(),
    tls: z.boolean(),
  })
  .strict();

const functionsSchema = z
  .object(Object.fromEntries(COMMUNICATION_FUNCTIONS.map((f) => [f, CommunicationUseSchema])) as Record<CommunicationFunction, typeof CommunicationUseSchema>)
  .strict();

export const TLS_VERSIONS = { 'mx-r': ['1.2', '1.3'], 'mx-f': ['1.2', '1.3', '1.2/1.3'] } as const;

const encryptedCommunicationSchema = <V extends readonly [string, ...string[]]>(versions: V) =>
  z.object({ tlsVersion: z.enum(versions), functions: functionsSchema }).strict();

export const IpFilterEntrySchema = z
  .object({
    address: z.union([z.ipv4(), z.cidrv4()], { message: 'Enter an IPv4 address (192.0.2.10) or a network (192.0.2.0/24).' }),
    note: z.string().max(64).optional(),
  })
  .strict();
export const IpFilterSchema = z
  .object({
    enabled: z.boolean(),
    /** 2.4.8: an allow-list of the permitted external devices is recommended. */
    mode: z.enum(['allow', 'deny']),
    entries: z.array(IpFilterEntrySchema).max(PROJECT_LIMITS.ipFilterMaxEntries, `The IP filter holds at most ${PROJECT_LIMITS.ipFilterMaxEntries} entries.`),
  })
  .strict();
export type IpFilter = z.infer<typeof IpFilterSchema>;

/**
 * Default open ports by network port: the one list of the controller's services (controller-services.ts),
 * shared with the virtual controllers. Project choice: the service list is the one a transcription of the
 * engineering tool's manual gives for the enhanced security setting, plus OPC UA (facts/slmp-and-devices.md);
 * the real list of the MX models is not public.
 */
export { DEFAULT_OPEN_SERVICES, SERVICES_BY_PORT_KIND, type DefaultOpenService, type NetworkPortId } from './controller-services';
import { CONTROLLER_NETWORK_PORTS, DEFAULT_OPEN_SERVICES, ENHANCED_SECURITY_CLOSES, SERVICES_BY_PORT_KIND, type DefaultOpenService, type NetworkPortId } from './controller-services';
export const NETWORK_PORTS = CONTROLLER_NETWORK_PORTS;
const PortStateSchema = z.enum(['open', 'closed']);
export type PortState = z.infer<typeof PortStateSchema>;
export const DefaultOpenPortsSchema = z.partialRecord(z.enum(['port1', 'port2', 'port3']), z.partialRecord(z.enum(DEFAULT_OPEN_SERVICES), PortStateSchema));
export type DefaultOpenPorts = z.infer<typeof DefaultOpenPortsSchema>;

export const BandwidthLimitSchema = z
  .object({ enabled: z.boolean(), sendKbps: int(PROJECT_LIMITS.bandwidthKbps, 'The send bandwidth (kbit/s)'), receiveKbps: int(PROJECT_LIMITS.bandwidthKbps, 'The receive bandwidth (kbit/s)') })
  .strict();

/** 2.4.11 / Table 14: what the controller does when it detects an error. */
export const OperationSettingSchema = z.object({ onError: z.enum(['stop', 'continue']) }).strict();
export const EnhancedSecuritySchema = z.object({ enabled: z.boolean() }).strict();

const controllerSettingsShape = {
  users: UsersSchema,
  passwordPolicy: PasswordPolicySchema,
  lockout: LockoutSchema,
  logonMessage: LogonMessageSchema,
  sessionTimers: SessionTimersSchema,
  outOfTargetOperation: OutOfTargetOperationSchema,
  clock: ClockSchema,
  eventHistory: EventHistorySchema,
  backupEncryption: BackupEncryptionSchema,
  certificate: CertificateSchema,
  ipFilter: IpFilterSchema,
  defaultOpenPorts: DefaultOpenPortsSchema,
  bandwidthLimit: BandwidthLimitSchema,
  operationSetting: OperationSettingSchema,
  enhancedSecurity: EnhancedSecuritySchema,
};

export const MxRSettingsSchema = z.object({ ...controllerSettingsShape, encryptedCommunication: encryptedCommunicationSchema(TLS_VERSIONS['mx-r']) }).strict();
export const MxFSettingsSchema = z.object({ ...controllerSettingsShape, encryptedCommunication: encryptedCommunicationSchema(TLS_VERSIONS['mx-f']) }).strict();
export type MxRSettings = z.infer<typeof MxRSettingsSchema>;
export type MxFSettings = z.infer<typeof MxFSettingsSchema>;
export type ControllerSettings = MxRSettings | MxFSettings;

/** The write units of a controller, in the names of its profile fields. */
export const CONTROLLER_SETTING_KEYS = [
  'users', 'passwordPolicy', 'lockout', 'logonMessage', 'sessionTimers', 'outOfTargetOperation', 'clock', 'eventHistory',
  'backupEncryption', 'certificate', 'encryptedCommunication', 'ipFilter', 'defaultOpenPorts', 'bandwidthLimit', 'operationSetting', 'enhancedSecurity',
] as const satisfies readonly (keyof ControllerSettings)[];
export type ControllerSettingKey = (typeof CONTROLLER_SETTING_KEYS)[number];

// ---------------------------------------------------------------------------------------------------
// Wireless LAN adapter (chapter 4, Table 44, Table 46)
// ---------------------------------------------------------------------------------------------------
export { WIRELESS_AUTHENTICATION_MODES, WIRELESS_ENCRYPTION_MODES, TABLE_46_COMBINATIONS, WIRELESS_CHANNELS, isTable46Combination, isEnterprise, type WirelessAuthenticationMode, type WirelessEncryptionMode } from './wireless-modes';
import { WIRELESS_AUTHENTICATION_MODES, WIRELESS_ENCRYPTION_MODES, WIRELESS_CHANNELS, isTable46Combination, isEnterprise } from './wireless-modes';

const MacSchema = z.string().regex(/^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/, 'Write a MAC address as six upper-case hex pairs separated by ":" (00:1A:2B:3C:4D:5E).');
export const MacFilterSchema = z
  .object({ enabled: z.boolean(), entries: z.array(MacSchema).max(PROJECT_LIMITS.macFilterMaxEntries, `A MAC address filter holds at most ${PROJECT_LIMITS.macFilterMaxEntries} entries.`) })
  .strict();

export const WirelessSecurityBaseSchema = z
  .object({
    authentication: z.enum(WIRELESS_AUTHENTICATION_MODES),
    encryption: z.enum(WIRELESS_ENCRYPTION_MODES),
    /** 4.4.2.1: the certificate of the RADIUS server is written to the adapter for Enterprise modes. */
    radius: z
      .object({ server: z.ipv4('The RADIUS server is an IPv4 address.'), port: z.number().int().min(1).max(65535).default(1812), certificateFingerprint256: z.string().regex(/^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/, 'Paste the SHA-256 fingerprint of the RADIUS server certificate (32 hex pairs separated by ":").') })
      .strict()
      .optional(),
  })
  .strict();

const WirelessSecuritySchema = WirelessSecurityBaseSchema.superRefine((s, ctx) => {
  if (!isTable46Combination(s.authentication, s.encryption))
    ctx.addIssue({ code: 'custom', path: ['encryption'], message: `"${s.authentication}" with "${s.encryption}" is not a combination of Table 46; pick one of its rows (WPA3 is recommended, 4.4.2.1).` });
  if (isEnterprise(s.authentication) && !s.radius)
    ctx.addIssue({ code: 'custom', path: ['radius'], message: 'Enterprise authentication needs the RADIUS server and its certificate (4.4.2.1).' });
});

export const adapterSettingsShape = {
  /** Table 44 rows 6-7, 4.4.5: the web interface password itself is never here; only its policy. */
  webPassword: z.object({ minLength: int(PROJECT_LIMITS.passwordMinLength, 'The minimum password length'), changeIntervalDays: int(PROJECT_LIMITS.passwordExpiryDays, 'The password change interval (days)') }).strict(),
  operationMode: z.enum(['AP', 'STA']),
  ssid: z.string().min(1, 'Enter the SSID.').max(32, 'An SSID has at most 32 bytes.'),
  channel: z.number().int().refine((c) => (WIRELESS_CHANNELS as readonly number[]).includes(c), { message: 'Pick a channel of the list (1-13, or a 5 GHz channel 36-140).' }),
  macFilter: z.object({ wired: MacFilterSchema, wireless: MacFilterSchema }).strict(),
  stealthSsid: z.boolean(),
  logging: z.object({ enabled: z.boolean(), readOutIntervalDays: int(PROJECT_LIMITS.periodicIntervalDays, 'The log read-out interval (days)') }).strict(),
  /** 4.4.7: the adapter always encrypts its settings backup; the interval is the site's. */
  settingsBackup: z.object({ intervalDays: int(PROJECT_LIMITS.periodicIntervalDays, 'The settings backup interval (days)') }).strict(),
};
export const AdapterSettingsSchema = z.object({ ...adapterSettingsShape, security: WirelessSecuritySchema }).strict();
export type AdapterSettings = z.infer<typeof AdapterSettingsSchema>;
export const ADAPTER_SETTING_KEYS = ['webPassword', 'operationMode', 'ssid', 'channel', 'security', 'macFilter', 'stealthSsid', 'logging', 'settingsBackup'] as const satisfies readonly (keyof AdapterSettings)[];
export type AdapterSettingKey = (typeof ADAPTER_SETTING_KEYS)[number];

export type SecuritySettings = MxRSettings | MxFSettings | AdapterSettings;
export type SettingKey = ControllerSettingKey | AdapterSettingKey;

// ---------------------------------------------------------------------------------------------------
// The profile
// ---------------------------------------------------------------------------------------------------
const IsoTimeSchema = z.iso.datetime({ offset: true, message: 'Write the time as an ISO 8601 date-time (2026-01-31T09:00:00Z).' });
export const AttestationSchema = z.object({ id: z.string().min(1), by: z.string().min(1, 'Name who attests.').max(100), at: IsoTimeSchema, text: z.string().min(1).max(2000) }).strict();
export type Attestation = z.infer<typeof AttestationSchema>;
export const RowExceptionSchema = z
  .object({ rowId: z.string().min(1), justification: z.string().min(10, 'Explain in a sentence why this row is not met (at least 10 characters).').max(2000), by: z.string().min(1).max(100), at: IsoTimeSchema })
  .strict();
export type RowException = z.infer<typeof RowExceptionSchema>;

const profileCommon = {
  schemaVersion: z.literal(PROFILE_SCHEMA_VERSION, { message: `This profile was written for another version of the app; it needs schemaVersion ${PROFILE_SCHEMA_VERSION}.` }),
  model: z.string().min(1).max(40),
  attestations: z.array(AttestationSchema),
  exceptions: z.array(RowExceptionSchema),
};

export const MX_R_MODEL = /^MXR[35]00-\d+$/;
export const MX_F_MODEL = /^MXF100-\d+-[NP]32(-EC)?$/;

const SecurityProfileBaseSchema = z.discriminatedUnion('system', [
  z.object({ system: z.literal('mx-r'), ...profileCommon, settings: MxRSettingsSchema }).strict(),
  z.object({ system: z.literal('mx-f'), ...profileCommon, settings: MxFSettingsSchema }).strict(),
  z.object({ system: z.literal('wlan-adapter'), ...profileCommon, settings: AdapterSettingsSchema }).strict(),
]);

export const SecurityProfileSchema = SecurityProfileBaseSchema.superRefine((p, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (p.system === 'mx-r' && !MX_R_MODEL.test(p.model)) issue(['model'], `"${p.model}" is not an MX-R model (MXR300-16/-32/-64, MXR500-128/-256).`);
  if (p.system === 'mx-f' && !MX_F_MODEL.test(p.model)) issue(['model'], `"${p.model}" is not an MX-F model (MXF100-8-N32, -8-P32, -16-N32, -16-P32, with -EC for EtherCAT).`);
  if (p.system === 'mx-r' || p.system === 'mx-f') refineController(p.system, p.settings, (path, message) => issue(['settings', ...path], message));
});
export type SecurityProfile = z.infer<typeof SecurityProfileSchema>;
export type ControllerProfile = Extract<SecurityProfile, { system: 'mx-r' | 'mx-f' }>;
export type AdapterProfile = Extract<SecurityProfile, { system: 'wlan-adapter' }>;

function refineController(system: 'mx-r' | 'mx-f', s: ControllerSettings, issue: (path: (string | number)[], message: string) => void): void {
  const groups = new Map<string, UserGroup>();
  s.users.groups.forEach((g, i) => {
    if (groups.has(g.name)) issue(['users', 'groups', i, 'name'], `The group "${g.name}" is listed twice.`);
    groups.set(g.name, g);
    const builtIn = g.kind === 'user-defined' ? undefined : BUILT_IN_GROUPS[g.kind];
    if (builtIn) {
      if (g.name !== builtIn.name) issue(['users', 'groups', i, 'name'], `The built-in ${g.kind} group is named "${builtIn.name}" (Table 11).`);
      const same = builtIn.authorities.length === g.authorities.length && builtIn.authorities.every((a) => g.authorities.includes(a));
      if (!same) issue(['users', 'groups', i, 'authorities'], `The authorities of the ${builtIn.name} group cannot be changed (Table 11): ${builtIn.authorities.join(', ')}.`);
    } else if (g.name === 'Administrators' || g.name === 'Users') {
      issue(['users', 'groups', i, 'name'], `"${g.name}" is the name of a built-in group; name the user-defined group differently.`);
    }
  });
  const seen = new Set<string>();
  s.users.users.forEach((u, i) => {
    if (seen.has(u.name)) issue(['users', 'users', i, 'name'], `The user "${u.name}" is listed twice.`);
    seen.add(u.name);
    if (!groups.has(u.group)) issue(['users', 'users', i, 'group'], `The group "${u.group}" of user "${u.name}" is not defined; add it to the groups or pick an existing one.`);
  });
  if (!s.users.users.some((u) => groups.get(u.group)?.kind === 'administrators'))
    issue(['users', 'users'], 'Register at least one user in the Administrators group: only Administrators can write, unlock and initialize (2.4.4.3).');
  const ports = NETWORK_PORTS[system] as Record<string, 'cc-link-ie-tsn' | 'ethernet'>;
  for (const [port, services] of Object.entries(s.defaultOpenPorts)) {
    const kind = ports[port];
    if (!kind) {
      issue(['defaultOpenPorts', port], `The ${system === 'mx-r' ? 'MX-R' : 'MX-F'} model has no ${port}; its ports are ${Object.keys(ports).join(', ')}.`);
      continue;
    }
    for (const service of Object.keys(services ?? {})) {
      if (!SERVICES_BY_PORT_KIND[kind].includes(service as DefaultOpenService)) issue(['defaultOpenPorts', port, service], `${service} is not a default open port of a ${kind} port.`);
    }
  }
  s.ipFilter.entries.forEach((e, i) => {
    if (s.ipFilter.entries.findIndex((x) => x.address === e.address) !== i) issue(['ipFilter', 'entries', i, 'address'], `${e.address} is listed twice.`);
  });
  // Project choice (docs/project-choices.md, issue 12): the enhanced security setting (step 6) is applied by
  // the controller while it is on, after every other setting; a step-7 value it overrides could never
  // take effect and would end in a read-back mismatch. Such a profile is refused before anything is written.
  if (s.enhancedSecurity.enabled) {
    const step6 = 'The enhanced security setting (step 6) keeps this';
    for (const [port, kind] of Object.entries(ports)) {
      for (const service of ENHANCED_SECURITY_CLOSES[kind]) {
        if (s.defaultOpenPorts[port as NetworkPortId]?.[service] === 'open')
          issue(['defaultOpenPorts', port, service], `${step6} port closed while it is on: set ${service} closed, or turn the enhanced security setting off (a deviation from the guideline).`);
      }
    }
    // The IP filter is not refused here: the wizard's step-6 guard (services/wizard/self-lockout-issues.ts)
    // already refuses the setting when its allow-list would shut this PC out, and row 18 names the setting
    // when the filter reads back as its allow-list instead of the profile's.
    if (system === 'mx-r' && 'eventHistory' in s) {
      const eh = (s as { eventHistory: { destination: string; tamperCheck: boolean } }).eventHistory;
      if (eh.destination !== 'data-memory') issue(['eventHistory', 'destination'], `${step6} event history in the data memory on the MX-R: set the data memory, or turn the enhanced security setting off.`);
      if (!eh.tamperCheck) issue(['eventHistory', 'tamperCheck'], `${step6} event history's manipulation check on (MX-R): turn it on, or turn the enhanced security setting off.`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Validation with errors a technician can act on
// ---------------------------------------------------------------------------------------------------
export interface ProfileIssue {
  /** Dotted path into the profile, e.g. "settings.lockout.failures" or "settings.users.users.0.password". */
  path: string;
  message: string;
}

export type ProfileValidation = { ok: true; profile: SecurityProfile; warnings: ProfileIssue[] } | { ok: false; issues: ProfileIssue[] };

export function validateProfile(input: unknown): ProfileValidation {
  const secrets = findSecretKeys(input);
  if (secrets.length > 0) return { ok: false, issues: secrets.map((path) => ({ path, message: 'A profile never holds a password or key: remove this field. The app asks for it when it writes the setting and does not keep it.' })) };
  const parsed = SecurityProfileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
  return { ok: true, profile: parsed.data, warnings: profileWarnings(parsed.data) };
}

// parseProfile and ProfileValidationError (the app's error base) are commissioning/parse-profile.ts.

/** Recommendations that do not block: the guideline advises them but a site may have a reason. */
export function profileWarnings(p: SecurityProfile): ProfileIssue[] {
  const out: ProfileIssue[] = [];
  if (p.system === 'wlan-adapter') {
    if (!p.settings.security.authentication.startsWith('WPA3')) out.push({ path: 'settings.security.authentication', message: 'WPA3 is recommended (4.4.2.1).' });
    return out;
  }
  const admins = p.settings.users.users.filter((u) => p.settings.users.groups.find((g) => g.name === u.group)?.kind === 'administrators');
  if (admins.length < 2)
    out.push({ path: 'settings.users.users', message: 'Register a second Administrator: an Administrator password can be reset only by its owner, and losing every Administrator password leaves only initialization of all information (2.4.4.3).' });
  if (p.settings.operationSetting.onError === 'continue')
    out.push({ path: 'settings.operationSetting.onError', message: 'With "continue operation", verify the behaviour on an error in advance (Table 14).' });
  if (p.settings.ipFilter.mode === 'deny') out.push({ path: 'settings.ipFilter.mode', message: 'Allowing only the permitted external devices is recommended (2.4.8).' });
  return out;
}

function findSecretKeys(value: unknown, path: string[] = [], out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v, i) => findSecretKeys(v, [...path, String(i)], out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k)) out.push([...path, k].join('.'));
      else findSecretKeys(v, [...path, k], out);
    }
  }
  return out;
}

export const isControllerProfile = (p: SecurityProfile): p is ControllerProfile => p.system !== 'wlan-adapter';
