// The `--target` option every device command of `mxc` takes, in the one endpoint form of the app
// (src-main/devices/endpoint.ts): tcp://HOST:PORT, tls://HOST:PORT#sha256=FINGERPRINT, usb-socket:PATH.
// An invalid endpoint is a usage error (exit code 2) with the examples.
import { CliUsageError } from './cli-command';
import { EndpointError, parseEndpoint, type Endpoint } from '../devices/endpoint';

export const TARGET_HELP = `  --target ENDPOINT    The device: tcp://HOST:PORT (plain Ethernet),
                       tls://HOST:PORT#sha256=FINGERPRINT (TLS, the device certificate pinned),
                       or usb-socket:PATH (a practice device's virtual USB cable)`;

export function parseTarget(value: string | undefined): Endpoint {
  if (value === undefined) throw new CliUsageError('--target is required (e.g. --target tcp://192.0.2.10:5010).');
  try {
    const endpoint = parseEndpoint(value);
    // The controller's own USB protocol is not public: the commands reach a device over Ethernet, TLS or
    // a practice device's virtual cable.
    if (endpoint.kind === 'usb') throw new CliUsageError('--target: a controller on the USB bus cannot be reached by mxc (its USB protocol is not public). Use tcp://, tls:// or usb-socket:.');
    return endpoint;
  } catch (error) {
    if (error instanceof EndpointError) throw new CliUsageError(`--target: ${error.message}`);
    throw error;
  }
}
