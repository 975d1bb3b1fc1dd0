// Usage setting of default open ports (guideline 2.4.9 / 3.4.9, Table 17 row 9): the system services a
// controller opens by default on each network port, each of which can be set closed. Ports the user opens
// explicitly by parameters (e.g. an SLMP connection on the Ethernet port) are NOT this function's targets
// (2.4.9.2) and are not modelled here.
//
// How the controller maps this model to real listeners (the virtual device listens only on loopback):
// - Each service has a transport and a nominal port number (model/controller-services.ts, shared with the app);
//   the number is what the app shows. The virtual device binds port 0 (the OS picks) and publishes the
//   actual port per (network port, service) in its state, so tests never collide.
// - A service whose `listener` is set is one the virtual device really serves: 'slmp' = the SLMP TCP
//   server. The controller opens that listener on a network port while `isOpen(port, service)` is true
//   and closes it (refusing connections, as a real closed port does) when it is set closed.
// - The other services (MELSOFT, CPU search, TSN connection, OPC UA, ...) are proprietary or out of scope:
//   the model keeps and reports their open/closed state so the app can check and change it, but the
//   virtual device has no listener for them. A UDP service is never served.
// - `accessDecision` lets a controller that keeps a probe listener on a closed service record the
//   "access to a closed port" event (Table 12 row 3) before dropping the connection.

import { DEFAULT_OPEN_SERVICE_SPECS, ENHANCED_SECURITY_CLOSES, SERVICES_BY_PORT_KIND, type DefaultOpenService, type PortKind } from '../../model/controller-services';
import type { EventDraft, EventHistorySettings, Peer } from './event-history';
import type { IpFilterSettings } from './ip-filter';
import { refuse, SecurityStateError, type Outcome } from './security-result';

import type { ControllerFamily } from '../controller-models';
import { serviceTitle } from '../../messages/service-titles';
export type { ControllerFamily };
export type PortId = 'port1' | 'port2' | 'port3';
export type { PortKind };
/** The app's ids (model/controller-services.ts): one vocabulary for the profile and the device. */
export type ServiceId = DefaultOpenService;

export interface NetworkPort {
  readonly id: PortId;
  readonly kind: PortKind;
  /** as the engineering tool names it */
  readonly label: string;
}

/** facts: MX-R Port 1 and 2 are CC-Link IE TSN, Port 3 Ethernet; MX-F Port 1 CC-Link IE TSN, Port 2 Ethernet. */
export const NETWORK_PORTS: Readonly<Record<ControllerFamily, readonly NetworkPort[]>> = {
  'MX-R': [
    { id: 'port1', kind: 'cc-link-ie-tsn', label: 'Port 1 (CC-Link IE TSN)' },
    { id: 'port2', kind: 'cc-link-ie-tsn', label: 'Port 2 (CC-Link IE TSN)' },
    { id: 'port3', kind: 'ethernet', label: 'Port 3 (Ethernet)' },
  ],
  'MX-F': [
    { id: 'port1', kind: 'cc-link-ie-tsn', label: 'Port 1 (CC-Link IE TSN)' },
    { id: 'port2', kind: 'ethernet', label: 'Port 2 (Ethernet)' },
  ],
};

export interface ServiceSpec {
  readonly id: ServiceId;
  readonly title: string;
  readonly transport: 'tcp' | 'udp';
  readonly nominalPort: number;
  /** the listener the virtual device really runs for it, or null (state only) */
  readonly listener: 'slmp' | null;
}

export const SERVICES: Readonly<Record<ServiceId, ServiceSpec>> = Object.fromEntries(
  (Object.keys(DEFAULT_OPEN_SERVICE_SPECS) as ServiceId[]).map((id) => [
    id,
    { id, title: serviceTitle(id).en, transport: DEFAULT_OPEN_SERVICE_SPECS[id].transport, nominalPort: DEFAULT_OPEN_SERVICE_SPECS[id].nominalPort, listener: id === 'slmp-tcp' ? 'slmp' : null },
  ]),
) as Record<ServiceId, ServiceSpec>;

/**
 * The services open by default on each kind of port. CC-Link IE TSN: the list the enhanced security
 * setting closes (facts). Ethernet: the services the enhanced security setting keeps or closes (facts),
 * plus the OPC UA server that runs on the Ethernet port (facts).
 */
export const DEFAULT_OPEN_SERVICES: Readonly<Record<PortKind, readonly ServiceId[]>> = SERVICES_BY_PORT_KIND;

/** open (true) / closed (false) per network port and default service */
export type PortStates = { readonly [P in PortId]?: { readonly [S in ServiceId]?: boolean } };

export function factoryPortStates(model: ControllerFamily): PortStates {
  return Object.fromEntries(
    NETWORK_PORTS[model].map((p) => [p.id, Object.fromEntries(DEFAULT_OPEN_SERVICES[p.kind].map((s) => [s, true]))]),
  ) as PortStates;
}

export interface EnhancedSecurityPreset {
  readonly ports: PortStates;
  readonly ipFilter: IpFilterSettings;
  /** MX-R only */
  readonly eventHistory?: Pick<EventHistorySettings, 'destination' | 'manipulationCheck'>;
}

/**
 * Exactly what the engineering tool's "enhanced security setting" changes (facts): on CC-Link IE TSN ports
 * every default open port closed; on the Ethernet port MELSOFT UDP/TCP and MELSOFT direct connection kept,
 * auto-open UDP and CPU search closed (OPC UA is not mentioned and is left as it is); the IP filter on as
 * an allow-list with no entries; on MX-R the event history in data memory with the manipulation check on.
 */
export function enhancedSecurityPreset(model: ControllerFamily): EnhancedSecurityPreset {
  const ports = factoryPortStates(model) as Record<PortId, Record<ServiceId, boolean>>;
  for (const port of NETWORK_PORTS[model]) for (const s of ENHANCED_SECURITY_CLOSES[port.kind]) ports[port.id][s] = false;
  const preset = { ports, ipFilter: { enabled: true, mode: 'allow', entries: [] } } as const;
  return model === 'MX-R' ? { ...preset, eventHistory: { destination: 'data-memory', manipulationCheck: true } } : preset;
}

export interface OpenService {
  readonly port: PortId;
  readonly service: ServiceSpec;
}

export class DefaultOpenPorts {
  readonly model: ControllerFamily;
  #states: Record<PortId, Record<ServiceId, boolean>>;

  constructor(model: ControllerFamily, states: PortStates = factoryPortStates(model)) {
    this.model = model;
    this.#states = factoryPortStates(model) as Record<PortId, Record<ServiceId, boolean>>;
    for (const [portId, services] of Object.entries(states) as [PortId, Record<ServiceId, boolean>][]) {
      const target = this.#states[portId];
      if (!target) throw new SecurityStateError(`The ${model} has no network ${portId}; the saved port settings do not fit this model.`);
      for (const [service, open] of Object.entries(services) as [ServiceId, boolean][]) {
        if (!(service in target)) throw new SecurityStateError(`"${service}" is not a default open port of ${portId} on the ${model}.`);
        target[service] = open === true;
      }
    }
  }

  isOpen(port: PortId, service: ServiceId): boolean {
    return this.#states[port]?.[service] === true;
  }

  /** Opens or closes one default service on one network port. */
  set(port: PortId, service: ServiceId, open: boolean): Outcome {
    const services = this.#states[port];
    if (!services) return refuse('invalid-setting', `The ${this.model} has no network ${port}.`, '2.4.9');
    if (!(service in services)) {
      return refuse('invalid-setting', `"${SERVICES[service]?.title ?? service}" is not a default open port of ${port}; ports opened by parameters are set in the parameters (2.4.9.2).`, '2.4.9.2');
    }
    services[service] = open;
    return { ok: true };
  }

  /** Applies a whole port table (e.g. the enhanced security preset). */
  apply(states: PortStates): Outcome {
    const merged = this.toJSON() as Record<PortId, Record<ServiceId, boolean>>;
    for (const [port, services] of Object.entries(states) as [PortId, Record<ServiceId, boolean>][]) merged[port] = { ...merged[port], ...services };
    let next: DefaultOpenPorts;
    try {
      next = new DefaultOpenPorts(this.model, merged);
    } catch (error) {
      return refuse('invalid-setting', (error as Error).message, '2.4.9');
    }
    this.#states = next.#states;
    return { ok: true };
  }

  openServices(port: PortId): ServiceId[] {
    return (Object.entries(this.#states[port] ?? {}) as [ServiceId, boolean][]).filter(([, open]) => open).map(([s]) => s);
  }

  /** The open services the virtual device must actually listen for (see the header comment). */
  listeners(): OpenService[] {
    return NETWORK_PORTS[this.model].flatMap((p) =>
      this.openServices(p.id)
        .map((s) => SERVICES[s])
        .filter((spec) => spec.listener !== null)
        .map((service) => ({ port: p.id, service })),
    );
  }

  /** A connection to (port, service): allowed when open; otherwise the event to record (Table 12 row 3). */
  accessDecision(port: PortId, service: ServiceId, peer: Peer): { allowed: true } | { allowed: false; event: EventDraft } {
    if (this.isOpen(port, service)) return { allowed: true };
    return { allowed: false, event: { name: 'closed-port-access', peer, detail: `${SERVICES[service].title} on ${port} is closed` } };
  }

  toJSON(): PortStates {
    return structuredClone(this.#states);
  }

  static fromJSON(model: ControllerFamily, states: PortStates): DefaultOpenPorts {
    return new DefaultOpenPorts(model, states);
  }
}
