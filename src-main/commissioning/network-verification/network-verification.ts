// Verification from the network: what a PC on the controller's Ethernet can establish about a profile
// without writing anything and without logging on — the only view the app has of a real MX controller's
// security settings, which travel over the engineering tool's proprietary MELSOFT connection (shared facts).
//
// observeFromNetwork() takes readings (each names what was probed, from which address, and when);
// judgeFromNetwork() holds them against the profile row by row of Table 9 / Table 27. A row the network
// cannot show is 'not-judged' with the reason, never a pass: a closed reading at a port number the vendor
// does not publish proves nothing about a real controller, a silent UDP port may be open or filtered, and
// the bandwidth limitation is measured only when the technician confirms the load.
import { GUIDELINE, type Bilingual } from '../guideline';
import * as checks from '../guideline/tables/controller-checks';
import {
  COMMUNICATION_FUNCTIONS,
  NETWORK_PORTS,
  SERVICES_BY_PORT_KIND,
  type ControllerProfile,
  type DefaultOpenService,
} from '../../model/security-settings';
import {
  askSecurityCommands,
  measureLocalCapacity,
  measureSlmpThroughput,
  type Throughput,
  probeTcp,
  probeTlsService,
  probeUdp,
  readTypeName,
  type Endpoint,
  type TcpState,
  type TlsServiceObservation,
  type UdpState,
} from './network-probes';
import type { Provenance } from '../../model/provenance';
import { DEFAULT_OPEN_SERVICE_SPECS } from '../../model/controller-services';
import { bilingual, bilingualEach, msg, type Language, type MessageId, type MessageParams } from '../../messages/catalogue';
import { serviceTitle } from '../../messages/service-titles';

/**
 * The port number each default open service of the Ethernet port has on a real controller, and where the
 * number comes from. Only 'public' numbers are judged: MELSOFT (facts), OPC UA (IANA). The others are the
 * project's choices (the virtual controllers use the same numbers, pinned by a test): probed and shown, not judged.
 */
export const NOMINAL_PORTS: Readonly<Record<DefaultOpenService, { protocol: 'tcp' | 'udp'; port: number; source: 'public' | 'project-choice' }>> = Object.fromEntries(
  Object.entries(DEFAULT_OPEN_SERVICE_SPECS).map(([id, spec]) => [id, { protocol: spec.transport, port: spec.nominalPort, source: spec.source }]),
) as Record<DefaultOpenService, { protocol: 'tcp' | 'udp'; port: number; source: 'public' | 'project-choice' }>;

export interface NetworkReading {
  /** Stable within one run, cited by the verdicts. */
  id: string;
  /** What was probed, in the technician's words, e.g. "TCP connect to 192.0.2.10:5007 (MELSOFT connection (TCP))". */
  probe: string;
  /** The PC address the probe came from. */
  from: string;
  /** ISO 8601, this PC's clock. */
  at: string;
  /** What the network showed. */
  result: string;
  detail?: unknown;
}

export interface NetworkVerificationPlan {
  profile: ControllerProfile;
  /** The SLMP port the engineering tool opened (the profile's SLMP port): identity and the IP filter are read there. */
  target: Endpoint;
  /** The TLS service, when the profile uses encrypted communication. */
  tlsTarget?: Endpoint;
  /** This PC's address on the controller's network (every probe binds it). */
  pcAddress: string;
  /** A second address of this PC, to see the IP filter refuse what the profile does not allow. */
  secondAddress?: string;
  /** The certificate pinned by an earlier run or the commissioning, if any. */
  pinned?: { fingerprint256: string; pinnedAt: string };
  /** The technician confirmed a burst of traffic on the controller (it measures the bandwidth limitation). */
  confirmBandwidth?: boolean;
  now?: () => Date;
}

export interface NetworkObservation {
  takenAt: string;
  target: Endpoint;
  tlsTarget?: Endpoint;
  pcAddress: string;
  secondAddress?: string;
  identity: { model: string; modelCode: number } | null;
  /** 'not-supported': C059, the device is a stock/real controller (guide-and-verify). */
  securityCommands: 'supported' | 'not-supported' | 'unknown';
  ports: Array<{ service: DefaultOpenService | 'opc-ua'; protocol: 'tcp' | 'udp'; port: number; source: 'public' | 'project-choice'; state: TcpState | UdpState; readingId: string }>;
  tls?: TlsServiceObservation & { readingId: string };
  ipFilter: { fromPc: TcpState; fromSecond?: TcpState; probedPort: number; readingIds: string[] } | null;
  pinned?: { fingerprint256: string; pinnedAt: string };
  /** Only on confirmation: the device's SLMP echo rate against what this PC can send at all. */
  bandwidth?: { device: Throughput | undefined; capacity: Throughput; readingIds: string[] };
  readings: NetworkReading[];
}

const SERVICE_TITLES: Record<DefaultOpenService | 'opc-ua', string> = {
  'cclink-ie-tsn-connection': 'CC-Link IE TSN connection port',
  'auto-open-udp': 'Auto-open UDP port',
  'melsoft-udp': 'MELSOFT connection (UDP)',
  'melsoft-tcp': 'MELSOFT connection (TCP)',
  'slmp-udp': 'SLMP (UDP)',
  'slmp-tcp': 'SLMP (TCP)',
  'cpu-search': 'CPU search',
  'melsoft-direct': 'MELSOFT direct connection',
  'opc-ua': 'OPC UA server',
};

export async function observeFromNetwork(plan: NetworkVerificationPlan): Promise<NetworkObservation> {
  const now = plan.now ?? (() => new Date());
  const readings: NetworkReading[] = [];
  const read = (probe: string, from: string, result: string, detail?: unknown): string => {
    const id = `r${readings.length + 1}`;
    readings.push({ id, probe, from, at: now().toISOString(), result, ...(detail !== undefined ? { detail } : {}) });
    return id;
  };
  const takenAt = now().toISOString();
  const host = plan.target.host;
  const where = (e: Endpoint): string => `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`;

  // Identity: Read Type Name on the SLMP port the profile names.
  const name = await readTypeName(plan.target, plan.pcAddress);
  const identity = name.ok ? name.value : null;
  read(`SLMP Read Type Name (0101) on ${where(plan.target)}`, plan.pcAddress, name.ok ? `answered "${name.value.model}" (model code ${name.value.modelCode.toString(16).toUpperCase().padStart(4, '0')})` : describeSlmpFailure(name));

  // The project's security commands: C059 on a real controller.
  let securityCommands: NetworkObservation['securityCommands'] = 'unknown';
  if (identity) {
    const ask = await askSecurityCommands(plan.target, plan.pcAddress);
    securityCommands = ask.ok ? 'supported' : ask.endCode === 0xc059 ? 'not-supported' : 'unknown';
    read(
      `the app's security command 7E00 on ${where(plan.target)}`,
      plan.pcAddress,
      ask.ok ? 'accepted: a practice device with the project security commands' : ask.endCode === 0xc059 ? 'refused with C059 (command not supported): settings are made in the engineering tool, the app verifies' : describeSlmpFailure(ask),
    );
  }

  // Every nominal default port of the Ethernet port, and the OPC UA server.
  const ethernetKind = 'ethernet' as const;
  const services: DefaultOpenService[] = [...SERVICES_BY_PORT_KIND[ethernetKind]];
  const ports: NetworkObservation['ports'] = [];
  for (const service of services) {
    const n = NOMINAL_PORTS[service];
    const endpoint = { host, port: n.port };
    const state = n.protocol === 'tcp' ? await probeTcp(endpoint, plan.pcAddress) : await probeUdp(endpoint, plan.pcAddress);
    const readingId = read(
      `${n.protocol === 'tcp' ? 'TCP connect to' : 'UDP datagram to'} ${where(endpoint)} (${SERVICE_TITLES[service]}${n.source === 'project-choice' ? '; the number is the project’s assumption, not public' : ''})`,
      plan.pcAddress,
      describePortState(state),
    );
    ports.push({ service, protocol: n.protocol, port: n.port, source: n.source, state, readingId });
  }

  // The TLS service: versions offered and the certificate presented.
  let tlsObservation: NetworkObservation['tls'];
  if (plan.tlsTarget) {
    const t = await probeTlsService(plan.tlsTarget, plan.pcAddress);
    const offered = (['TLSv1.2', 'TLSv1.3'] as const).filter((v) => t.versions[v]);
    const readingId = read(
      `TLS handshakes (TLS 1.2, TLS 1.3) with ${where(plan.tlsTarget)}`,
      plan.pcAddress,
      offered.length
        ? `offers ${offered.join(' and ')}; certificate ${t.certificate ? `SHA-256 ${t.certificate.fingerprint256}, ${t.certificate.keyType}, ${t.certificate.notBefore} to ${t.certificate.notAfter}, subject ${t.certificate.subject.replace(/\n/g, ', ')}` : 'none'}`
        : `no TLS service: ${t.failure ?? 'no handshake completed'}`,
      t.certificate ?? undefined,
    );
    tlsObservation = { ...t, readingId };
  }

  // The IP filter: the same TCP service from this PC and from the second address.
  let ipFilter: NetworkObservation['ipFilter'] = null;
  const tcpOpen = [
    ...(identity ? [plan.target.port] : []),
    ...ports.filter((p) => p.protocol === 'tcp' && p.state === 'open').map((p) => p.port),
    ...(tlsObservation && (tlsObservation.versions['TLSv1.2'] || tlsObservation.versions['TLSv1.3']) && plan.tlsTarget ? [plan.tlsTarget.port] : []),
  ];
  const probedPort = tcpOpen[0] ?? plan.target.port;
  const fromPc = await probeTcp({ host, port: probedPort }, plan.pcAddress);
  const ids = [read(`TCP connect to ${where({ host, port: probedPort })} (IP filter, this PC)`, plan.pcAddress, describePortState(fromPc))];
  let fromSecond: TcpState | undefined;
  if (plan.secondAddress) {
    fromSecond = await probeTcp({ host, port: probedPort }, plan.secondAddress);
    ids.push(read(`TCP connect to ${where({ host, port: probedPort })} (IP filter, second address of this PC)`, plan.secondAddress, describePortState(fromSecond)));
  }
  ipFilter = { fromPc, ...(fromSecond !== undefined ? { fromSecond } : {}), probedPort, readingIds: ids };

  // The bandwidth limitation, only when the technician confirmed the load.
  let bandwidth: NetworkObservation['bandwidth'];
  if (plan.confirmBandwidth) {
    const capacity = await measureLocalCapacity(plan.pcAddress);
    const capacityId = read('the same burst against an echo server on this PC (what this PC can send)', plan.pcAddress, `${capacity.kbps} kbit/s (${capacity.bytes} bytes in ${capacity.ms} ms)`);
    const device = identity ? await measureSlmpThroughput(plan.target, plan.pcAddress) : undefined;
    const deviceId = read(`a burst of SLMP Self test (0619) echoes on ${where(plan.target)} (confirmed by the technician)`, plan.pcAddress, device ? `${device.kbps} kbit/s (${device.bytes} bytes in ${device.ms} ms)` : 'no answer');
    bandwidth = { device, capacity, readingIds: [capacityId, deviceId] };
  }

  return {
    takenAt,
    target: plan.target,
    ...(bandwidth ? { bandwidth } : {}),
    ...(plan.tlsTarget ? { tlsTarget: plan.tlsTarget } : {}),
    pcAddress: plan.pcAddress,
    ...(plan.secondAddress ? { secondAddress: plan.secondAddress } : {}),
    identity,
    securityCommands,
    ports,
    ...(tlsObservation ? { tls: tlsObservation } : {}),
    ipFilter,
    ...(plan.pinned ? { pinned: plan.pinned } : {}),
    readings,
  };
}

function describeSlmpFailure(o: { ok: false; endCode?: number; failure: string }): string {
  if (o.failure === 'end-code') return `refused with end code ${(o.endCode ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (o.failure === 'connect-refused') return 'no SLMP service: the port is closed (connection refused)';
  if (o.failure === 'dropped') return 'the device closed the connection without answering (an IP filter refusing this address)';
  return 'no answer in time';
}

function describePortState(s: TcpState | UdpState): string {
  switch (s) {
    case 'open':
      return 'open (the connection was accepted)';
    case 'dropped':
      return 'listening, but the device closed the connection at once (refused by the IP filter)';
    case 'closed':
      return 'closed (the device refused: TCP reset or ICMP port unreachable)';
    case 'no-answer':
      return 'no answer (UDP: open and silent, or filtered; it cannot be told apart)';
    case 'answered':
      return 'open (a UDP answer came back)';
  }
}

// ---------------------------------------------------------------------------------------------------
// Judging the readings against the profile
// ---------------------------------------------------------------------------------------------------

export type NetworkStatus = 'pass' | 'fail' | 'not-applicable' | 'not-judged';

export interface NetworkRowVerdict {
  rowId: string;
  table: string;
  row: number;
  item: Bilingual;
  requirement: Bilingual;
  status: NetworkStatus;
  /** Why (always for fail and not-judged), in English (the JSON, the CLI) ... */
  reason?: string;
  /** ... and in both languages from the catalogue (the HTML shows the one of its language). */
  reasonText?: Bilingual;
  /** The readings this verdict rests on. */
  readingIds: string[];
  /** How the row was established: 'network' when judged here, 'none' when the network cannot show it. */
  provenance: Extract<Provenance, 'network' | 'none'>;
}

export interface NetworkCheckVerdict {
  id: 'identity' | 'security-commands' | 'tls-versions' | 'certificate-pin';
  title: Bilingual;
  status: NetworkStatus;
  reason?: string;
  reasonText?: Bilingual;
  readingIds: string[];
}

export interface NetworkJudgement {
  rows: NetworkRowVerdict[];
  checks: NetworkCheckVerdict[];
  /** True when every row and check it could judge is met (and at least one was judged). */
  met: boolean;
}

const DAY_MS = 86_400_000;

/** The profile's key type in the certificate module's vocabulary. */
const KEY_TYPE: Record<string, string> = { 'ecdsa-p256': 'ec-p256', 'rsa-2048': 'rsa-2048' };

function ipv4ToInt(a: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** Whether an address falls under an IP filter entry (an address or a CIDR network). */
export function entryCovers(entry: string, address: string): boolean {
  const [base, bits] = entry.split('/');
  const a = ipv4ToInt(address);
  const b = ipv4ToInt(base ?? '');
  if (a === undefined || b === undefined) return false;
  const n = bits === undefined ? 32 : Number(bits);
  const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
  return (a & mask) === (b & mask);
}

function profileAllows(profile: ControllerProfile, address: string): boolean {
  const f = profile.settings.ipFilter;
  if (!f.enabled) return true;
  const listed = f.entries.some((e) => entryCovers(e.address, address));
  return f.mode === 'allow' ? listed : !listed;
}

/** A reason from the catalogue: its English as `reason`, both languages as `reasonText`. */
function said(id: MessageId, params?: MessageParams): { reason: string; reasonText: Bilingual } {
  const reasonText = bilingual(id, params);
  return { reason: reasonText.en, reasonText };
}

export function judgeFromNetwork(profile: ControllerProfile, o: NetworkObservation): NetworkJudgement {
  const s = profile.settings;
  const g = GUIDELINE[profile.system];
  const tlsUsed = COMMUNICATION_FUNCTIONS.some((f) => s.encryptedCommunication.functions[f].inUse && s.encryptedCommunication.functions[f].tls);
  const tlsUp = !!o.tls && (o.tls.versions['TLSv1.2'] || o.tls.versions['TLSv1.3']);
  const tlsIds = o.tls ? [o.tls.readingId] : [];

  const byCheck = new Map<unknown, (row: { id: string }) => Omit<NetworkRowVerdict, 'rowId' | 'table' | 'row' | 'item' | 'requirement' | 'provenance'>>();

  byCheck.set(checks.unusedPortsClosed, () => {
    const ethernet = Object.entries(NETWORK_PORTS[profile.system]).find(([, kind]) => kind === 'ethernet')![0] as 'port2' | 'port3';
    const problems: Bilingual[] = [];
    const unjudged: Bilingual[] = [];
    // A service by its name in each language (the English as the network report has always said it).
    const name = (service: DefaultOpenService) => (l: Language) => (l === 'en' ? SERVICE_TITLES[service] : serviceTitle(service)[l]);
    let judged = 0;
    for (const p of o.ports) {
      if (p.service === 'opc-ua') continue;
      const wanted = s.defaultOpenPorts[ethernet]?.[p.service] ?? 'closed';
      if (wanted !== 'closed') continue;
      const service = name(p.service);
      if (p.source !== 'public') {
        unjudged.push(bilingualEach('networkReason.portNotPublic', (l) => ({ service: service(l) })));
        continue;
      }
      if (p.state === 'open' || p.state === 'dropped' || p.state === 'answered') problems.push(bilingualEach('networkReason.portAnswers', (l) => ({ service: service(l), protocol: p.protocol.toUpperCase(), port: p.port })));
      else if (p.state === 'closed') judged++;
      else unjudged.push(bilingualEach('networkReason.udpNoAnswer', (l) => ({ service: service(l), port: p.port })));
    }
    const ids = o.ports.map((p) => p.readingId);
    const list = (items: Bilingual[]) => (l: Language) => items.map((x) => x[l]).join(l === 'ja' ? '、' : '; ');
    const because = (text: Bilingual) => ({ reason: text.en, reasonText: text });
    if (problems.length) return { status: 'fail', ...because(bilingualEach('networkReason.unusedOpen', (l) => ({ problems: list(problems)(l) }))), readingIds: ids };
    if (judged === 0) return { status: 'not-judged', ...(unjudged.length ? because(bilingualEach('networkReason.noneJudgedList', (l) => ({ ports: list(unjudged)(l) }))) : said('networkReason.noneJudged')), readingIds: ids };
    return { status: 'pass', ...(unjudged.length ? because(bilingualEach('networkReason.notJudgedList', (l) => ({ ports: list(unjudged)(l) }))) : {}), readingIds: ids };
  });

  byCheck.set(checks.ipFilterRestricts, () => {
    const f = o.ipFilter;
    if (!f) return { status: 'not-judged', ...said('networkReason.r3'), readingIds: [] };
    const ids = f.readingIds;
    if (!profileAllows(profile, o.pcAddress) && f.fromPc === 'open') return { status: 'fail', ...said('networkReason.r4', { p0: o.pcAddress }), readingIds: ids };
    if (profileAllows(profile, o.pcAddress) && f.fromPc === 'dropped') return { status: 'fail', ...said('networkReason.r5', { p0: o.pcAddress }), readingIds: ids };
    if (f.fromSecond === undefined || !o.secondAddress) return { status: 'not-judged', ...said('networkReason.r6'), readingIds: ids };
    const allowSecond = profileAllows(profile, o.secondAddress);
    if (!allowSecond && f.fromSecond === 'open') return { status: 'fail', ...said('networkReason.r7', { p0: o.secondAddress }), readingIds: ids };
    if (allowSecond && f.fromSecond === 'dropped') return { status: 'fail', ...said('networkReason.r8', { p0: o.secondAddress }), readingIds: ids };
    if (f.fromPc === 'open' && (f.fromSecond === 'open' || f.fromSecond === 'dropped')) return { status: 'pass', readingIds: ids };
    return { status: 'not-judged', ...said('networkReason.r9'), readingIds: ids };
  });

  byCheck.set(checks.certificateOneYear, () => {
    if (s.certificate.validityDays !== 365) return { status: 'fail', ...said('networkReason.r10', { p0: s.certificate.validityDays }), readingIds: tlsIds };
    if (!tlsUsed) return { status: 'not-applicable', ...said('networkReason.r11'), readingIds: tlsIds };
    if (!o.tls) return { status: 'not-judged', ...said('networkReason.r12'), readingIds: [] };
    if (!tlsUp || !o.tls.certificate) return { status: 'fail', ...said('networkReason.r13', { p0: o.tlsTarget?.host ?? '?', p1: o.tlsTarget?.port ?? '?', p2: o.tls.failure ?? 'no handshake' }), readingIds: tlsIds };
    const c = o.tls.certificate;
    const days = (Date.parse(c.notAfter) - Date.parse(c.notBefore)) / DAY_MS;
    if (days < 364.5 || days > 366.5) return { status: 'fail', ...said('networkReason.r14', { p0: Math.round(days) }), readingIds: tlsIds };
    const want = KEY_TYPE[s.certificate.keyType] ?? s.certificate.keyType;
    if (c.keyType !== want) return { status: 'fail', ...said('networkReason.r15', { p0: c.keyType, p1: want }), readingIds: tlsIds };
    if (Date.parse(c.notAfter) < Date.parse(o.takenAt)) return { status: 'fail', ...said('networkReason.r16'), readingIds: tlsIds };
    return { status: 'pass', readingIds: tlsIds };
  });

  byCheck.set(checks.encryptBeyondTrustBoundary, () => {
    const beyond = COMMUNICATION_FUNCTIONS.filter((f) => s.encryptedCommunication.functions[f].inUse && s.encryptedCommunication.functions[f].beyondTrustBoundary);
    if (beyond.length === 0) return { status: 'not-applicable', ...said('networkReason.r17'), readingIds: [] };
    if (!o.tls) return { status: 'not-judged', ...said('networkReason.r18'), readingIds: [] };
    if (!tlsUp) return { status: 'fail', ...said('networkReason.r19', { p0: beyond.join(', ') }), readingIds: tlsIds };
    return { status: 'not-judged', ...said('networkReason.r20'), readingIds: tlsIds };
  });

  byCheck.set(checks.bandwidthLimit, () => {
    const b = o.bandwidth;
    if (!b) return { status: 'not-judged', ...said('networkReason.r21'), readingIds: [] };
    const limit = s.bandwidthLimit;
    if (!limit.enabled) return { status: 'fail', ...said('networkReason.r22'), readingIds: b.readingIds };
    const kbps = Math.min(limit.sendKbps, limit.receiveKbps);
    if (!b.device) return { status: 'not-judged', ...said('networkReason.r23'), readingIds: b.readingIds };
    // Judged only where the difference is clear: this PC sends at least 4 times the limit on its own loopback;
    // above twice the limit the device does not limit; at most 1.5 times it does; between, not judged.
    if (b.capacity.kbps < kbps * 4) return { status: 'not-judged', ...said('networkReason.r24', { p0: b.capacity.kbps, p1: kbps }), readingIds: b.readingIds };
    if (b.device.kbps > kbps * 2) return { status: 'fail', ...said('networkReason.r25', { p0: b.device.kbps, p1: kbps }), readingIds: b.readingIds };
    if (b.device.kbps <= kbps * 1.5) return { status: 'pass', ...said('networkReason.r26', { p0: b.device.kbps, p1: kbps, p2: b.capacity.kbps }), readingIds: b.readingIds };
    return { status: 'not-judged', ...said('networkReason.r27', { p0: b.device.kbps, p1: kbps }), readingIds: b.readingIds };
  });

  const rows: NetworkRowVerdict[] = g.settingsTable.map((r) => {
    const judge = byCheck.get((r as { check: unknown }).check);
    const base = { rowId: r.id, table: r.table, row: r.row, item: r.item, requirement: r.requirement };
    if (!judge) return { ...base, status: 'not-judged' as const, ...said('networkReason.r28'), readingIds: [], provenance: 'none' as const };
    const v = judge(r);
    return { ...base, ...v, provenance: v.status === 'not-judged' ? ('none' as const) : ('network' as const) };
  });

  const checksOut: NetworkCheckVerdict[] = [];
  const nameId = o.readings[0]?.id;
  checksOut.push(
    !o.identity
      ? { id: 'identity', title: msg('networkCheck.identity'), status: 'fail', ...said('networkReason.r29', { p0: o.target.host, p1: o.target.port }), readingIds: nameId ? [nameId] : [] }
      : o.identity.model.trim() !== profile.model
        ? { id: 'identity', title: msg('networkCheck.identity'), status: 'fail', ...said('networkReason.r30', { p0: o.identity.model.trim(), p1: profile.model }), readingIds: nameId ? [nameId] : [] }
        : { id: 'identity', title: msg('networkCheck.identity'), status: 'pass', readingIds: nameId ? [nameId] : [] },
  );
  const secId = o.readings.find((r) => r.probe.includes('7E00'))?.id;
  checksOut.push({
    id: 'security-commands',
    title: msg('networkCheck.securityCommands'),
    status: 'not-judged',
    ...said(o.securityCommands === 'not-supported' ? 'networkReason.securityNotSupported' : o.securityCommands === 'supported' ? 'networkReason.securitySupported' : 'networkReason.securityNotAsked'),
    readingIds: secId ? [secId] : [],
  });
  if (tlsUsed && o.tls) {
    const want = s.encryptedCommunication.tlsVersion;
    const wanted = { 'TLSv1.2': want.includes('1.2'), 'TLSv1.3': want.includes('1.3') };
    const ok = tlsUp && wanted['TLSv1.2'] === o.tls.versions['TLSv1.2'] && wanted['TLSv1.3'] === o.tls.versions['TLSv1.3'];
    checksOut.push({
      id: 'tls-versions',
      title: msg('networkCheck.tlsVersions'),
      status: ok ? 'pass' : 'fail',
      ...(ok ? {} : { ...said('networkReason.r31', { p0: want, p1: (['TLSv1.2', 'TLSv1.3'] as const).filter((v) => o.tls!.versions[v]).join(', ') || 'none' }) }),
      readingIds: tlsIds,
    });
  }
  if (o.tls?.certificate) {
    const pinned = o.pinned;
    const fp = o.tls.certificate.fingerprint256;
    checksOut.push(
      !pinned
        ? { id: 'certificate-pin', title: msg('networkCheck.certificatePin'), status: 'pass', ...said('networkReason.r32', { p0: fp }), readingIds: tlsIds }
        : pinned.fingerprint256 === fp
          ? { id: 'certificate-pin', title: msg('networkCheck.certificatePin'), status: 'pass', ...said('networkReason.r33', { p0: pinned.pinnedAt }), readingIds: tlsIds }
          : { id: 'certificate-pin', title: msg('networkCheck.certificatePin'), status: 'fail', ...said('networkReason.r34', { p0: pinned.pinnedAt, p1: pinned.fingerprint256 }), readingIds: tlsIds },
    );
  }
  const judged = [...rows, ...checksOut].filter((v) => v.status === 'pass' || v.status === 'fail');
  return { rows, checks: checksOut, met: judged.length > 0 && judged.every((v) => v.status === 'pass') };
}
