// What was READ BACK from a device, normalized: the drivers produce it, the table checks judge it, the
// report keeps it as evidence. It is plain JSON (ISO times, no Buffers, no class instances) so it can be
// journaled, sent over IPC and signed in a report. Settings mirror the profile's shape so a check compares
// like with like; each carries the time it was read, because a reading is evidence only with its time.
import { z } from 'zod';
import type { LinkKind } from './device-access';
import { ModuleConfigurationSchema, type ModuleConfiguration } from './module-configuration';
import { DEFAULT_OPEN_SERVICE_SPECS, PROBED_SERVICES, SERVICES_BY_PORT_KIND, type ProbedService } from './controller-services';
import {
  type AdapterSettings,
  type AdapterProfile,
  type CommunicationFunction,
  type ControllerProfile,
  type DefaultOpenService,
  type MxFSettings,
  type MxRSettings,
  type NetworkPortId,
  type SecurityProfile,
} from './security-settings';

export const SNAPSHOT_SCHEMA_VERSION = 1;

export interface Reading<T> {
  value: T;
  /** ISO 8601 time the value was read from the device. */
  readAt: string;
}
export type Readings<S> = { [K in keyof S]?: Reading<S[K]> };

export interface DeviceIdentitySnapshot {
  model: string;
  /** The 2-byte code of SLMP Read Type Name; null where the device has none (the adapter). */
  modelCode: number | null;
  firmware: string | null;
  serial: string | null;
}

export interface PortProbe {
  /** The address the PC probed (the device's address on the port in use). */
  address: string;
  port: number;
  protocol: 'tcp' | 'udp';
  /** model/controller-services.ts: a default open service, a service opened by parameters, or 'other'. */
  service: ProbedService;
  networkPort?: NetworkPortId;
  /** 'filtered' = no answer within the time limit (UDP, or an IP filter dropping the PC). */
  state: 'open' | 'closed' | 'filtered';
  probedAt: string;
}

export interface TlsHandshakeObservation {
  function: CommunicationFunction | 'web-interface';
  ok: boolean;
  version?: 'TLSv1.2' | 'TLSv1.3';
  peerFingerprint256?: string;
  /** Short reason from the TLS library when ok is false (never key material). */
  error?: string;
  at: string;
}

export interface ObservedFromPc {
  portProbes: PortProbe[];
  tlsHandshakes: TlsHandshakeObservation[];
  /** The IP filter as seen from this PC: did the device answer the PC's address? */
  /**
   * Whether the IP filter lets this PC in; `outside`: the same handshake from an address of this PC the
   * filter does not allow (loopback only), which must be refused for the first to mean anything.
   */
  ipFilterFromPc?: { pcAddress: string; accepted: boolean; at: string; outside?: { address: string; accepted: boolean; error?: string } };
}

export interface CertificateSnapshot {
  /** SHA-256 fingerprint, upper-case hex pairs separated by ":". */
  fingerprint256: string;
  notBefore: string;
  notAfter: string;
  readAt: string;
}

export interface ClockSnapshot {
  deviceTime: string;
  pcTime: string;
  /** deviceTime - pcTime in seconds. */
  offsetSeconds: number;
  readAt: string;
}

interface SnapshotCommon {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  takenAt: string;
  identity: DeviceIdentitySnapshot;
  link: { kind: LinkKind | 'http' | 'https'; description: string };
  observed: ObservedFromPc;
}

/** Settings as read; the TLS version is a plain string because a device may report one the profile cannot hold. */
type ControllerReadSettings = Readings<Omit<MxRSettings, 'encryptedCommunication'>> & {
  encryptedCommunication?: Reading<{ tlsVersion: string; functions: MxRSettings['encryptedCommunication']['functions'] | MxFSettings['encryptedCommunication']['functions'] }>;
};

export interface ControllerSnapshot extends SnapshotCommon {
  system: 'mx-r' | 'mx-f';
  userAuthentication?: Reading<{ enabled: boolean }>;
  clock?: ClockSnapshot;
  settings: ControllerReadSettings;
  certificate?: CertificateSnapshot;
  eventHistoryStatus?: { enabled: boolean; destination: 'data-memory' | 'sd-card'; chainVerified: boolean | null; entries: number; readAt: string };
  /**
   * The modules other than the controller the device reports (7E03 block `moduleConfiguration` in effect;
   * `{}` = nothing mounted). Not a profile setting: evidence for the operator's Table 9/27 row 7 attestation.
   * Absent when the device could not be asked (observe-only) or reported a configuration the app cannot read.
   */
  moduleConfiguration?: Reading<ModuleConfiguration>;
}

export interface AdapterStatus {
  initialPasswordReplaced?: Reading<boolean>;
  passwordChangedAt?: Reading<string | null>;
  logLastReadOutAt?: Reading<string | null>;
  radiusCertificate?: Reading<{ fingerprint256: string } | null>;
  lastSettingsBackupAt?: Reading<string | null>;
}

export interface AdapterSnapshot extends SnapshotCommon {
  system: 'wlan-adapter';
  settings: Readings<AdapterSettings>;
  status: AdapterStatus;
}

export type DeviceSnapshot = ControllerSnapshot | AdapterSnapshot;

// ---------------------------------------------------------------------------------------------------
// Runtime validation of the structure (a snapshot crosses IPC and is reloaded from journals). Setting
// values are kept as read: a device may report values no profile would accept, and the checks judge them.
// ---------------------------------------------------------------------------------------------------
const Iso = z.iso.datetime({ offset: true });
const ReadingSchema = z.object({ value: z.unknown(), readAt: Iso });
const ObservedSchema = z.object({
  portProbes: z.array(
    z.object({
      address: z.string().min(1),
      port: z.number().int().min(1).max(65535),
      protocol: z.enum(['tcp', 'udp']),
      service: z.enum(PROBED_SERVICES),
      networkPort: z.enum(['port1', 'port2', 'port3']).optional(),
      state: z.enum(['open', 'closed', 'filtered']),
      probedAt: Iso,
    }),
  ),
  tlsHandshakes: z.array(
    z.object({ function: z.string(), ok: z.boolean(), version: z.enum(['TLSv1.2', 'TLSv1.3']).optional(), peerFingerprint256: z.string().optional(), error: z.string().optional(), at: Iso }),
  ),
  ipFilterFromPc: z
    .object({
      pcAddress: z.string(),
      accepted: z.boolean(),
      at: Iso,
      // The same handshake from an address of this PC outside the filter (loopback only): it must be refused.
      outside: z.object({ address: z.string(), accepted: z.boolean(), error: z.string().optional() }).optional(),
    })
    .optional(),
});
const common = {
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  takenAt: Iso,
  identity: z.object({ model: z.string(), modelCode: z.number().int().nullable(), firmware: z.string().nullable(), serial: z.string().nullable() }),
  link: z.object({ kind: z.enum(['usb', 'ethernet', 'ethernet-tls', 'http', 'https']), description: z.string() }),
  observed: ObservedSchema,
};
export const DeviceSnapshotSchema = z.discriminatedUnion('system', [
  z.object({
    system: z.enum(['mx-r', 'mx-f']),
    ...common,
    userAuthentication: ReadingSchema.optional(),
    clock: z.object({ deviceTime: Iso, pcTime: Iso, offsetSeconds: z.number(), readAt: Iso }).optional(),
    settings: z.record(z.string(), ReadingSchema),
    certificate: z.object({ fingerprint256: z.string(), notBefore: Iso, notAfter: Iso, readAt: Iso }).optional(),
    eventHistoryStatus: z.object({ enabled: z.boolean(), destination: z.enum(['data-memory', 'sd-card']), chainVerified: z.boolean().nullable(), entries: z.number().int().min(0), readAt: Iso }).optional(),
    moduleConfiguration: z.object({ value: ModuleConfigurationSchema, readAt: Iso }).optional(),
  }),
  z.object({ system: z.literal('wlan-adapter'), ...common, settings: z.record(z.string(), ReadingSchema), status: z.record(z.string(), ReadingSchema) }),
]);

export class SnapshotInvalidError extends Error {
  readonly code = 'SNAPSHOT_INVALID';
  constructor(readonly issues: Array<{ path: string; message: string }>) {
    super(`The device reading is malformed (${issues.map((i) => `${i.path}: ${i.message}`).join(' | ')}); read the device again, and report this if it repeats.`);
    this.name = 'SnapshotInvalidError';
  }
}

export function parseSnapshot(input: unknown): DeviceSnapshot {
  const r = DeviceSnapshotSchema.safeParse(input);
  if (!r.success) throw new SnapshotInvalidError(r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  return r.data as DeviceSnapshot;
}

// ---------------------------------------------------------------------------------------------------
// The snapshot of a device that holds exactly a profile: what a correct commissioning reads back. Used by
// the virtual devices' tests, by the recommended-profile self-check, and as the "expected" column.
// ---------------------------------------------------------------------------------------------------
/** The port numbers of the default open TCP services a real controller uses (model/controller-services.ts). */
export const KNOWN_SERVICE_PORTS: Partial<Record<DefaultOpenService, { port: number; protocol: 'tcp' | 'udp' }>> = Object.fromEntries(
  Object.entries(DEFAULT_OPEN_SERVICE_SPECS).map(([id, spec]) => [id, { port: spec.nominalPort, protocol: spec.transport }]),
);

export interface ExpectedSnapshotOptions {
  at?: Date;
  linkKind?: LinkKind;
  deviceAddress?: string;
  pcAddress?: string;
}

export function expectedSnapshot(profile: ControllerProfile, options?: ExpectedSnapshotOptions): ControllerSnapshot;
export function expectedSnapshot(profile: AdapterProfile, options?: ExpectedSnapshotOptions): AdapterSnapshot;
export function expectedSnapshot(profile: SecurityProfile, options?: ExpectedSnapshotOptions): DeviceSnapshot;
export function expectedSnapshot(profile: SecurityProfile, options: ExpectedSnapshotOptions = {}): DeviceSnapshot {
  const at = options.at ?? new Date();
  const iso = at.toISOString();
  const read = <T>(value: T): Reading<T> => ({ value: structuredClone(value), readAt: iso });
  const identity: DeviceIdentitySnapshot = { model: profile.model, modelCode: null, firmware: null, serial: null };
  if (profile.system === 'wlan-adapter') {
    const s = profile.settings;
    const settings = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, read(v)])) as Readings<AdapterSettings>;
    return {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      system: 'wlan-adapter',
      takenAt: iso,
      identity,
      link: { kind: 'https', description: 'web interface' },
      observed: { portProbes: [], tlsHandshakes: [] },
      settings,
      status: {
        initialPasswordReplaced: read(true),
        passwordChangedAt: read(iso),
        logLastReadOutAt: read(iso),
        radiusCertificate: read(s.security.radius ? { fingerprint256: s.security.radius.certificateFingerprint256 } : null),
        lastSettingsBackupAt: read(iso),
      },
    };
  }
  const s = profile.settings;
  const settings = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, read(v)])) as ControllerReadSettings;
  const usesTls = Object.values(s.encryptedCommunication.functions).some((f) => f.tls);
  const ethernetPort = profile.system === 'mx-r' ? 'port3' : 'port2';
  const portProbes: PortProbe[] = [];
  if (options.deviceAddress) {
    for (const [service, known] of Object.entries(KNOWN_SERVICE_PORTS)) {
      if (!known || known.protocol !== 'tcp' || !SERVICES_BY_PORT_KIND.ethernet.includes(service as DefaultOpenService)) continue;
      const state = s.defaultOpenPorts[ethernetPort]?.[service as DefaultOpenService] ?? 'closed';
      portProbes.push({ address: options.deviceAddress, ...known, service: service as DefaultOpenService, networkPort: ethernetPort, state, probedAt: iso });
    }
  }
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    system: profile.system,
    takenAt: iso,
    identity,
    link: { kind: options.linkKind ?? 'usb', description: options.linkKind === 'usb' || !options.linkKind ? 'USB (direct cable)' : `tcp://${options.deviceAddress ?? 'device'}` },
    userAuthentication: read({ enabled: true }),
    clock: { deviceTime: iso, pcTime: iso, offsetSeconds: 0, readAt: iso },
    settings,
    ...(usesTls
      ? { certificate: { fingerprint256: Array.from({ length: 32 }, () => '00').join(':'), notBefore: iso, notAfter: new Date(at.getTime() + s.certificate.validityDays * 86_400_000).toISOString(), readAt: iso } }
      : {}),
    eventHistoryStatus: { enabled: s.eventHistory.enabled, destination: s.eventHistory.destination, chainVerified: s.eventHistory.tamperCheck ? true : null, entries: 0, readAt: iso },
    observed: {
      portProbes,
      tlsHandshakes: [],
      ...(options.pcAddress ? { ipFilterFromPc: { pcAddress: options.pcAddress, accepted: true, at: iso } } : {}),
    },
  };
}
