// The UI's connect request mapped onto the one endpoint vocabulary of the app (devices/endpoint.ts), once:
// the link is opened from the endpoint, and the wizard's session reaches the device again by the same one.
import type { ConnectRequest } from '../ipc/contract';
import { PRACTICE_MODEL_OF } from '../ipc/practice-models';
import type { Endpoint } from '../devices/endpoint';
import { practiceAdapterEndpoint, type PracticeDevices } from './practice-devices';
import { ServiceError } from './service-error';

export interface RequestedEndpoint {
  endpoint: Endpoint;
  /** The far end is a practice device of this app. */
  virtual: boolean;
  /** How its virtual cable is named to the technician. */
  label?: string;
  /**
   * A practice wireless LAN adapter: its role in the pair and its counterpart's wireless MAC address (what a
   * technician reads from the counterpart's rating plate, for the wireless MAC address filter, 4.4.3).
   */
  adapter?: { role: 'AP' | 'STA'; counterpart: { role: 'AP' | 'STA'; wirelessMac: string } };
}

export async function endpointOfRequest(request: ConnectRequest, practice: PracticeDevices): Promise<RequestedEndpoint> {
  switch (request.via) {
    case 'practice': {
      if (PRACTICE_MODEL_OF[request.system] !== request.model) throw new ServiceError('connect-failed', { id: 'errors.service.noSuchPracticeDevice', params: { system: request.system, model: request.model } });
      // The practice adapters are reached like a real one: their web interface, the certificate pinned.
      if (request.system === 'wlan-adapter') {
        const pair = await practice.adapterPair();
        const [self, other] = request.station ? [pair.sta, pair.ap] : [pair.ap, pair.sta];
        return {
          endpoint: practiceAdapterEndpoint(self),
          virtual: true,
          label: request.station ? 'practice adapter (station)' : 'practice adapter (access point)',
          adapter: { role: request.station ? 'STA' : 'AP', counterpart: { role: request.station ? 'AP' : 'STA', wirelessMac: other.device.wirelessMac } },
        };
      }
      const device = await practice.get(request.model, { stock: request.stock === true });
      // A stock controller's USB cable carries nothing the app speaks (as a real one's): Ethernet to its SLMP port.
      if (device.stock) return { endpoint: { kind: 'tcp', host: device.stock.host, port: device.stock.slmpPort }, virtual: true, label: `stock practice ${request.model}` };
      return { endpoint: { kind: 'usb-socket', path: device.usbSocketPath }, virtual: true, label: `practice ${request.model}` };
    }
    case 'ethernet':
      return { endpoint: { kind: 'tcp', host: request.host, port: request.port }, virtual: false };
    case 'usb':
      return { endpoint: { kind: 'usb', deviceId: request.deviceId }, virtual: false };
  }
}
