// The services an MX controller has on its network ports: one list, used by the app (the profile's usage
// setting of default open ports, step 12's probes, Table 9 row 19) and by the virtual controllers (which
// listen for them). A leaf module: it imports nothing, so model/ and simulator/ may both depend on it.
//
// Two kinds (2.4.9.2): the default open ports the "usage setting function of default open port" opens and
// closes per network port, and the services opened by parameters (SLMP over TCP, its TLS form, FTP), which
// follow the communication function settings (Table 13: not in use = no listener).

export type ServiceTransport = 'tcp' | 'udp';

// Each service's name for the technician is the catalogue's `service.<id>` (messages/service-titles.ts):
// this module stays a leaf the simulator and the model share.
export interface ControllerServiceSpec {
  transport: ServiceTransport;
  /** The port number a real controller uses (configured); a virtual one may announce another. */
  nominalPort: number;
  /** Where the number comes from: public (facts, IANA) or the project's assumption. */
  source: 'public' | 'project-choice';
}

export const DEFAULT_OPEN_SERVICE_SPECS = {
  'cclink-ie-tsn-connection': { transport: 'udp', source: 'project-choice', nominalPort: 45237 }, // Project choice: unpublished
  'auto-open-udp': { transport: 'udp', source: 'project-choice', nominalPort: 5000 }, // Project choice: the auto-open UDP port of earlier MELSEC CPUs
  'melsoft-udp': { transport: 'udp', source: 'public', nominalPort: 5006 }, // facts
  'melsoft-tcp': { transport: 'tcp', source: 'public', nominalPort: 5007 }, // facts
  'melsoft-direct': { transport: 'udp', source: 'project-choice', nominalPort: 5009 }, // Project choice: unpublished
  'slmp-udp': { transport: 'udp', source: 'project-choice', nominalPort: 5011 }, // Project choice: unpublished
  'slmp-tcp': { transport: 'tcp', source: 'project-choice', nominalPort: 5010 }, // Project choice: 5010 is seen in published tests (facts)
  'cpu-search': { transport: 'udp', source: 'project-choice', nominalPort: 5008 }, // Project choice: unpublished
  'opc-ua': { transport: 'tcp', source: 'public', nominalPort: 4840 }, // IANA opc-ua-tcp
} as const satisfies Record<string, ControllerServiceSpec>;

export type DefaultOpenService = keyof typeof DEFAULT_OPEN_SERVICE_SPECS;
export const DEFAULT_OPEN_SERVICES = Object.keys(DEFAULT_OPEN_SERVICE_SPECS) as [DefaultOpenService, ...DefaultOpenService[]];

export type PortKind = 'cc-link-ie-tsn' | 'ethernet';

/**
 * The services open by default on each kind of network port. CC-Link IE TSN: the list the enhanced
 * security setting closes (facts). Ethernet: the services the enhanced security setting keeps or closes
 * (facts), plus the OPC UA server that runs on the Ethernet port (facts).
 */
export const SERVICES_BY_PORT_KIND: Readonly<Record<PortKind, readonly DefaultOpenService[]>> = {
  'cc-link-ie-tsn': ['cclink-ie-tsn-connection', 'auto-open-udp', 'melsoft-udp', 'melsoft-tcp', 'slmp-udp', 'slmp-tcp', 'cpu-search'],
  ethernet: ['auto-open-udp', 'melsoft-udp', 'melsoft-tcp', 'melsoft-direct', 'cpu-search', 'opc-ua'],
};

export type ControllerSystem = 'mx-r' | 'mx-f';
export type NetworkPortId = 'port1' | 'port2' | 'port3';

/** facts: MX-R Port 1 and 2 are CC-Link IE TSN, Port 3 Ethernet; MX-F Port 1 CC-Link IE TSN, Port 2 Ethernet. */
export const CONTROLLER_NETWORK_PORTS = {
  'mx-r': { port1: 'cc-link-ie-tsn', port2: 'cc-link-ie-tsn', port3: 'ethernet' },
  'mx-f': { port1: 'cc-link-ie-tsn', port2: 'ethernet' },
} as const satisfies Record<ControllerSystem, Partial<Record<NetworkPortId, PortKind>>>;

/** Services opened by parameters (2.4.9.2), each following one communication function of Table 13. */
export const PARAMETER_SERVICE_SPECS = {
  slmp: { transport: 'tcp', function: 'slmp', tls: false },
  'slmp-tls': { transport: 'tcp', function: 'melsoft-got', tls: true },
  ftp: { transport: 'tcp', function: 'ftps', tls: false },
} as const;

export type ParameterService = keyof typeof PARAMETER_SERVICE_SPECS;
export const PARAMETER_SERVICES = Object.keys(PARAMETER_SERVICE_SPECS) as [ParameterService, ...ParameterService[]];

/** Every service a probe from the PC may name; 'other' is a listener the app does not know. */
export const PROBED_SERVICES = [...DEFAULT_OPEN_SERVICES, ...PARAMETER_SERVICES, 'web-http', 'web-https', 'other'] as const;
export type ProbedService = (typeof PROBED_SERVICES)[number];


/**
 * What the engineering tool's "enhanced security setting" closes (facts): every default open port of a
 * CC-Link IE TSN port; on the Ethernet port auto-open UDP and CPU search (MELSOFT is kept, OPC UA left as
 * it is). While the setting is on, the controller keeps them closed.
 */
export const ENHANCED_SECURITY_CLOSES: Readonly<Record<PortKind, readonly DefaultOpenService[]>> = {
  'cc-link-ie-tsn': SERVICES_BY_PORT_KIND['cc-link-ie-tsn'],
  ethernet: ['auto-open-udp', 'cpu-search'],
};

/** A listener of a controller that step 12 probes from this PC (the plan may name them; else the MX family picks). */
export interface ProbeTarget {
  service: ProbedService;
  port: number;
  networkPort?: NetworkPortId;
}
