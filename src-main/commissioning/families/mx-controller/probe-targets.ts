// The MX family's step 12 "network diagnosis": which ports to probe from this PC, and from which address to try the IP
// filter's other side. The ports are the ones the device has: announced by the device (its diagnostics
// list its open services with their real port numbers) or configured; nominal numbers only for what the
// device did not announce (a real controller announces nothing: its configured ports are the nominal ones).
import { DEFAULT_OPEN_SERVICE_SPECS, PROBED_SERVICES, SERVICES_BY_PORT_KIND, type NetworkPortId, type ProbedService, type ProbeTarget } from '../../../model/controller-services';
import type { Endpoint } from '../../../devices/endpoint';
import type { IpFilter } from '../../../model/security-settings';
import { addressMatches } from '../../guideline/ordering-rules';

export type { ProbeTarget } from '../../../model/controller-services';

export interface ProbeTargetInput {
  /** Given by the caller (e.g. a practice device's own listeners): used as they are. */
  explicit?: ProbeTarget[] | undefined;
  /** What the device announced as open (Diagnostics.services). */
  announced?: ReadonlyArray<{ service: string; transport: 'tcp' | 'udp'; port: number; networkPort?: NetworkPortId }> | undefined;
  ethernetPort: NetworkPortId;
  tls?: { host: string; port: number } | undefined;
  target: Endpoint;
}

const known = (service: string): ProbedService => ((PROBED_SERVICES as readonly string[]).includes(service) ? (service as ProbedService) : 'other');

export function probeTargetsOf(input: ProbeTargetInput): ProbeTarget[] {
  if (input.explicit) return input.explicit;
  const out: ProbeTarget[] = [];
  const add = (t: ProbeTarget) => {
    if (!out.some((x) => x.port === t.port)) out.push(t);
  };
  for (const a of input.announced ?? []) {
    if (a.transport !== 'tcp') continue;
    add({ service: known(a.service), port: a.port, ...(a.networkPort ? { networkPort: a.networkPort } : {}) });
  }
  // The TCP default services of the Ethernet port the device did not announce: at their configured
  // (nominal) numbers, so a service the device keeps open without saying so is still seen.
  for (const service of SERVICES_BY_PORT_KIND.ethernet) {
    const spec = DEFAULT_OPEN_SERVICE_SPECS[service];
    if (spec.transport !== 'tcp' || out.some((t) => t.service === service)) continue;
    add({ service, port: spec.nominalPort, networkPort: input.ethernetPort });
  }
  if (input.tls) add({ service: 'slmp-tls', port: input.tls.port });
  if (input.target.kind === 'tcp') add({ service: 'slmp', port: input.target.port });
  return out;
}

// Project choice: at most 254 candidates (127.0.0.1-127.0.0.254) are considered for the outside address.
const LOOPBACK_CANDIDATES = 254;

/**
 * An address of this PC the device's IP filter does NOT let in, to try the filter's other side from. Only
 * on loopback (a virtual device on 127.0.0.0/8, where every 127.x address is this PC's): on a real network
 * this PC has one address, and the evidence then says the outside was not tried.
 */
export function addressOutsideFilter(deviceHost: string, filter: IpFilter): string | undefined {
  if (!/^127\.\d+\.\d+\.\d+$/.test(deviceHost) || !filter.enabled) return undefined;
  const allowed = (a: string) => {
    const listed = filter.entries.some((e) => addressMatches(a, e.address));
    return filter.mode === 'allow' ? listed : !listed;
  };
  for (let i = 2; i <= LOOPBACK_CANDIDATES; i++) {
    const candidate = `127.0.0.${i}`;
    if (candidate !== deviceHost && !allowed(candidate)) return candidate;
  }
  return undefined;
}
